"use client";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ConfirmButton } from "~/app/_components/confirm-button";
import { type Column, DataTable, RowActions } from "~/app/_components/data-table";
import { formatDateTime } from "~/lib/format";
import { fmt, fmtCount } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import type { TOrganiserRow } from "~/server/api/schemas/account";
import { api, apiError } from "~/trpc/client";

/** Every organiser of the instance, with the administrators' actions (suspend, enable, promote, demote). */
export function OrganisersTable({ organisers, selfId }: { organisers: TOrganiserRow[]; selfId: string }) {
  const { t } = useI18n();
  const a = t.account.admin;
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  // The browser's own zone: accounts belong to no event, hence to no event timezone.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  const act = async (call: () => Promise<void>) => {
    setError(null);
    try {
      await call();
      router.refresh();
    } catch (err) {
      setError(apiError(err).code === "CONFLICT" ? a.lastAdmin : t.common.genericError);
    }
  };

  const columns: Column<TOrganiserRow>[] = [
    {
      key: "name",
      header: a.name,
      cell: (o) => (
        <div>
          <strong>{o.name ?? o.email}</strong> {o.id === selfId && <span className="muted">({a.you})</span>}
          {o.name && <div className="muted small">{o.email}</div>}
        </div>
      ),
    },
    {
      key: "events",
      header: a.events,
      className: "num",
      cell: (o) => (
        <>
          <span className="wide-only">{o.events_count}</span>
          <span className="narrow-only muted small">{fmtCount(t.locale, a.eventsCount, o.events_count)}</span>
        </>
      ),
    },
    {
      key: "created",
      header: a.created,
      headerClassName: "wide-only",
      className: "nowrap wide-only",
      cell: (o) => formatDateTime(o.created_at, t.locale, zone),
    },
    {
      key: "signin",
      header: a.lastSignIn,
      headerClassName: "wide-only",
      className: "nowrap wide-only",
      cell: (o) =>
        o.last_sign_in_at ? (
          formatDateTime(o.last_sign_in_at, t.locale, zone)
        ) : (
          <span className="muted">{a.never}</span>
        ),
    },
    {
      key: "status",
      header: a.status,
      cell: (o) => (
        <div className="row">
          {o.disabled_at ? (
            <span className="badge badge--revoked">{a.disabled}</span>
          ) : (
            <span className="badge badge--current">{a.active}</span>
          )}
          {o.is_admin && <span className="badge">{a.adminBadge}</span>}
        </div>
      ),
    },
    {
      key: "actions",
      header: a.status,
      hiddenHeader: true,
      className: "num",
      cell: (o) => (
        <RowActions>
          {o.is_admin ? (
            <ConfirmButton
              label={a.demote}
              title={a.demote}
              confirmLabel={a.demote}
              className="btn btn--small"
              onConfirm={() => act(() => api.admin.setAdmin.mutate({ id: o.id, admin: false }))}
            >
              <p>{fmt(a.demoteConfirm, { email: o.email })}</p>
            </ConfirmButton>
          ) : (
            <button
              type="button"
              className="btn btn--small"
              onClick={() => void act(() => api.admin.setAdmin.mutate({ id: o.id, admin: true }))}
            >
              {a.promote}
            </button>
          )}
          {o.id !== selfId &&
            (o.disabled_at ? (
              <button
                type="button"
                className="btn btn--small"
                onClick={() => void act(() => api.admin.setDisabled.mutate({ id: o.id, disabled: false }))}
              >
                {a.enable}
              </button>
            ) : (
              <ConfirmButton
                label={a.disable}
                title={a.disable}
                confirmLabel={a.disable}
                className="btn btn--small btn--danger"
                onConfirm={() => act(() => api.admin.setDisabled.mutate({ id: o.id, disabled: true }))}
              >
                <p>{fmt(a.disableConfirm, { email: o.email })}</p>
              </ConfirmButton>
            ))}
        </RowActions>
      ),
    },
  ];

  return (
    <div className="stack stack-narrow">
      {error && (
        <div className="alert alert--error" role="alert">
          {error}
        </div>
      )}
      <DataTable
        card
        rows={organisers}
        columns={columns}
        rowKey={(o) => o.id}
        rowProps={(o) => ({ "data-email": o.email })}
        testId="organisers-table"
      />
    </div>
  );
}
