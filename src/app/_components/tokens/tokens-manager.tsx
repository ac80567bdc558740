"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import { type Column, DataTable, EmptyState } from "~/app/_components/data-table";
import { tokenColumns } from "./token-columns";
import { TokenReveal } from "~/app/_components/token-reveal";
import { formatDateTime, formatRelative } from "~/lib/format";
import { fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import type { TokenScope } from "~/server/auth/tokens";
import type { TTokenResponse } from "~/server/api/schemas/token";
import { api, apiError } from "~/trpc/client";

/** The lifetimes the dashboard offers (the API takes any number of seconds). */
const EXPIRY_DAYS = [1, 7, 30, 90, 365] as const;

/** Issue (raw value shown once), list and revoke the event's API tokens. */
export function TokensManager({
  eventId,
  tokens,
  scopes,
  timezone,
}: {
  eventId: string;
  tokens: TTokenResponse[];
  scopes: readonly TokenScope[];
  timezone: string;
}) {
  const { t } = useI18n();
  const router = useRouter();
  const [issued, setIssued] = useState<{ raw: string; label: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => setNow(Date.now()), []);

  async function onIssue(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const chosen = scopes.filter((s) => data.getAll("scopes").includes(s));
    if (chosen.length === 0) {
      setError(t.tokens.scopesRequired);
      return;
    }
    setPending(true);
    setError(null);
    try {
      const label = String(data.get("label") ?? "");
      const days = Number(data.get("expiry") ?? 0);
      const result = await api.token.create.mutate({
        event_id: eventId,
        label,
        scopes: chosen,
        expires_in_sec: days > 0 ? days * 86_400 : undefined,
      });
      setIssued({ raw: result.issued.raw, label });
      form.reset();
      router.refresh();
    } catch (err) {
      const { code } = apiError(err);
      setError(code === "BAD_REQUEST" ? t.eventForm.required : t.common.genericError);
    } finally {
      setPending(false);
    }
  }

  const lastUsed = (iso: string | null) => {
    if (!iso) return <span className="muted">{t.tokens.never}</span>;
    return (
      <span title={formatDateTime(iso, t.locale, timezone)}>
        {now ? formatRelative(iso, t.locale, now) : formatDateTime(iso, t.locale, timezone)}
      </span>
    );
  };

  const c = tokenColumns<TTokenResponse>(t, {
    when: (iso) => (iso ? formatDateTime(iso, t.locale, timezone) : null),
    used: lastUsed,
    status: (token) =>
      token.revoked_at ? (
        <span className="badge badge--revoked" title={formatDateTime(token.revoked_at, t.locale, timezone)}>
          {t.tokens.revoked}
        </span>
      ) : token.expires_at && now !== null && Date.parse(token.expires_at) <= now ? (
        <span className="badge badge--revoked" title={formatDateTime(token.expires_at, t.locale, timezone)}>
          {t.tokens.expired}
        </span>
      ) : (
        <>
          <span className="badge badge--current">{t.tokens.active}</span>
          {token.expires_at && (
            <div className="muted small nowrap" data-testid="token-expiry">
              {fmt(t.tokens.expiresOn, { date: formatDateTime(token.expires_at, t.locale, timezone) })}
            </div>
          )}
        </>
      ),
    revoke: async (token) => {
      await api.token.revoke.mutate({ event_id: eventId, id: token.id });
      router.refresh();
    },
  });
  const scopesColumn: Column<TTokenResponse> = {
    key: "scopes",
    header: t.tokens.scopes,
    cell: (token) => (
      <div className="scopes">
        {token.scopes.map((s) => (
          <span className="badge" key={s} title={t.tokens.scope[s]}>
            {s}
          </span>
        ))}
      </div>
    ),
  };
  const columns = [c.label, c.prefix, scopesColumn, c.created, c.used, c.status, c.actions];

  return (
    <div className="stack">
      <p className="muted" style={{ margin: 0 }}>
        {t.tokens.lead}
      </p>
      {issued && <TokenReveal raw={issued.raw} title={`${t.tokens.shownOnceTitle} — ${issued.label}`} />}
      <form className="card form" onSubmit={onIssue} aria-labelledby="new-token">
        <h2 id="new-token">{t.tokens.newToken}</h2>
        <div className="form-grid">
          <div className="field">
            <label htmlFor="token-label">{t.tokens.label}</label>
            <input
              id="token-label"
              name="label"
              type="text"
              required
              maxLength={100}
              placeholder={t.tokens.labelPlaceholder}
            />
          </div>
          <fieldset className="field">
            <legend>{t.tokens.scopes}</legend>
            {scopes.map((scope) => (
              <label className="choice" key={scope}>
                <input type="checkbox" name="scopes" value={scope} defaultChecked />
                <span>
                  {t.tokens.scope[scope]} <code className="muted">{scope}</code>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor="token-expiry">{t.tokens.expiry}</label>
            <select id="token-expiry" name="expiry" defaultValue="0">
              <option value="0">{t.tokens.expiryNever}</option>
              {EXPIRY_DAYS.map((days) => (
                <option key={days} value={days}>
                  {days === 1 ? t.tokens.expiryDay : fmt(t.tokens.expiryDays, { days })}
                </option>
              ))}
            </select>
          </div>
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div>
          <button className="btn btn--primary" type="submit" disabled={pending}>
            {pending ? t.tokens.issuing : t.tokens.issue}
          </button>
        </div>
      </form>

      <DataTable
        card
        rows={tokens}
        columns={columns}
        rowKey={(token) => token.id}
        rowProps={(token) => ({ "data-token-prefix": token.prefix })}
        testId="tokens-table"
        empty={<EmptyState text={t.tokens.empty} />}
      />
    </div>
  );
}
