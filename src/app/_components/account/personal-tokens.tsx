"use client";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useState } from "react";
import { DataTable, EmptyState } from "~/app/_components/data-table";
import { tokenColumns } from "~/app/_components/tokens/token-columns";
import { TokenReveal } from "~/app/_components/token-reveal";
import { formatDateTime } from "~/lib/format";
import { useI18n } from "~/lib/i18n/client";
import type { TPersonalTokenResponse } from "~/server/api/schemas/account";
import { api, apiError } from "~/trpc/client";

const whoAmI = (origin: string, token: string) => `curl ${origin}/api/me -H "Authorization: Bearer ${token}"`;

/** The organiser's personal tokens for the runner API: issue one (shown once), list them, revoke one. */
export function PersonalTokens({ tokens }: { tokens: TPersonalTokenResponse[] }) {
  const { t } = useI18n();
  const p = t.account.personalTokens;
  const router = useRouter();
  const [issued, setIssued] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // The browser's own zone once mounted (the server renders UTC): an account spans events in several zones.
  const [zone, setZone] = useState("UTC");
  useEffect(() => setZone(Intl.DateTimeFormat().resolvedOptions().timeZone), []);

  async function onIssue(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    setPending(true);
    setError(null);
    try {
      const label = String(new FormData(form).get("label") ?? "");
      setIssued((await api.account.issueToken.mutate({ label })).raw);
      form.reset();
      router.refresh();
    } catch (err) {
      setError(apiError(err).code === "BAD_REQUEST" ? t.eventForm.required : t.common.genericError);
    } finally {
      setPending(false);
    }
  }

  const when = (iso: string | null) =>
    iso ? formatDateTime(iso, t.locale, zone) : <span className="muted">{t.tokens.never}</span>;
  const c = tokenColumns<TPersonalTokenResponse>(t, {
    when,
    revoke: async (token) => {
      await api.account.revokePersonalToken.mutate({ id: token.id });
      router.refresh();
    },
  });
  const columns = [c.label, c.prefix, c.created, c.used, c.status, c.actions];

  return (
    <section className="card stack" aria-labelledby="personal-tokens-title">
      <h2 id="personal-tokens-title">{p.title}</h2>
      <p className="muted" style={{ margin: 0 }}>
        {p.lead}
      </p>
      {issued && (
        <TokenReveal raw={issued} title={p.shownOnceTitle} example={{ title: p.tryIt, command: whoAmI }} />
      )}
      <form className="form" onSubmit={onIssue}>
        <div className="field">
          <label htmlFor="personal-token-label">{t.tokens.label}</label>
          <input
            id="personal-token-label"
            name="label"
            type="text"
            required
            maxLength={100}
            placeholder={p.labelPlaceholder}
          />
        </div>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div>
          <button className="btn btn--primary" type="submit" disabled={pending}>
            {pending ? p.issuing : p.issue}
          </button>
        </div>
      </form>
      <DataTable
        rows={tokens}
        columns={columns}
        rowKey={(token) => token.id}
        testId="personal-tokens-table"
        empty={<EmptyState text={p.empty} />}
      />
    </section>
  );
}
