import type { ReactNode } from "react";
import { type Column, DangerRowAction } from "~/app/_components/data-table";
import { fmt } from "~/lib/i18n";
import type { Dictionary } from "~/lib/i18n";

/** What every token list shows of a token (event tokens, personal tokens). */
interface TokenRow {
  id: string;
  label: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

/**
 * The columns every token table shares, in the order they stand: label, prefix, created, last used, status,
 * revoke. Each table adds its own (an event token's scopes) and may draw its own status (an expiry).
 */
export function tokenColumns<T extends TokenRow>(
  t: Dictionary,
  opts: {
    /** How a date reads (created, and last used unless `used` says otherwise). */
    when: (iso: string | null) => ReactNode;
    used?: (iso: string | null) => ReactNode;
    status?: (token: T) => ReactNode;
    revoke: (token: T) => Promise<void>;
  },
) {
  const label: Column<T> = {
    key: "label",
    header: t.tokens.label,
    cell: (token) => token.label || <span className="muted">—</span>,
  };
  const prefix: Column<T> = {
    key: "prefix",
    header: t.tokens.prefix,
    className: "mono nowrap",
    cell: (token) => `${token.prefix}…`,
  };
  const created: Column<T> = {
    key: "created",
    header: t.tokens.created,
    className: "nowrap",
    cell: (token) => opts.when(token.created_at),
  };
  const used: Column<T> = {
    key: "used",
    header: t.tokens.lastUsed,
    className: "nowrap",
    cell: (token) => (opts.used ?? opts.when)(token.last_used_at),
  };
  const status: Column<T> = {
    key: "status",
    header: t.tokens.status,
    cell: (token) =>
      opts.status?.(token) ??
      (token.revoked_at ? (
        <span className="badge badge--revoked">{t.tokens.revoked}</span>
      ) : (
        <span className="badge badge--current">{t.tokens.active}</span>
      )),
  };
  const actions: Column<T> = {
    key: "actions",
    header: t.tokens.revoke,
    hiddenHeader: true,
    className: "num",
    cell: (token) =>
      !token.revoked_at && (
        <DangerRowAction
          label={t.tokens.revoke}
          pendingLabel={t.tokens.revoking}
          onConfirm={() => opts.revoke(token)}
        >
          <p>{fmt(t.tokens.revokeConfirm, { label: token.label || token.prefix })}</p>
        </DangerRowAction>
      ),
  };
  return { label, prefix, created, used, status, actions };
}
