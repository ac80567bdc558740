"use client";
import type { z } from "zod";
import { type Column, DangerRowAction, DataTable } from "~/app/_components/data-table";
import { formatDateTime } from "~/lib/format";
import { type Dictionary, fmt } from "~/lib/i18n";
import type { ZShareLink } from "~/server/api/schemas/live";
import { api } from "~/trpc/client";

export type ShareLink = z.infer<typeof ZShareLink>;

function linkState(link: ShareLink, now: number): "active" | "expired" | "revoked" {
  if (link.revoked_at) return "revoked";
  if (link.expires_at && Date.parse(link.expires_at) <= now) return "expired";
  return "active";
}

/** The event's share links with their state (active, expired, revoked) and a revoke action. */
export function ShareLinksTable({
  links,
  now,
  timezone,
  onRevoked,
  t,
}: {
  links: ShareLink[];
  /** When the list was read: a link past its expiry is shown expired. */
  now: number;
  timezone: string;
  onRevoked: () => Promise<void>;
  t: Dictionary;
}) {
  const l = t.live;
  const columns: Column<ShareLink>[] = [
    {
      key: "label",
      header: l.linkLabel,
      cell: (link) => (
        <>
          {link.label || <span className="muted">—</span>} <span className="mono muted">{link.prefix}…</span>
        </>
      ),
    },
    {
      key: "created",
      header: l.created,
      className: "nowrap",
      cell: (link) => formatDateTime(link.created_at, t.locale, timezone),
    },
    {
      key: "expires",
      header: l.expires,
      className: "nowrap",
      cell: (link) => (link.expires_at ? formatDateTime(link.expires_at, t.locale, timezone) : l.never),
    },
    {
      key: "state",
      header: l.state,
      cell: (link) => {
        const state = linkState(link, now);
        return (
          <span className={`badge ${state === "active" ? "badge--current" : "badge--revoked"}`}>
            {l[state]}
          </span>
        );
      },
    },
    {
      key: "actions",
      header: l.revoke,
      hiddenHeader: true,
      className: "num",
      cell: (link) =>
        linkState(link, now) !== "revoked" && (
          <DangerRowAction
            label={l.revoke}
            title={l.revokeTitle}
            pendingLabel={l.revoking}
            onConfirm={async () => {
              await api.live.revokeShareLink.mutate({ id: link.id });
              await onRevoked();
            }}
          >
            <p>{fmt(l.revokeConfirm, { label: link.label || `${link.prefix}…` })}</p>
          </DangerRowAction>
        ),
    },
  ];
  return (
    <DataTable
      rows={links}
      columns={columns}
      rowKey={(link) => link.id}
      testId="share-links-table"
      empty={<p className="muted">{l.noLinks}</p>}
    />
  );
}
