"use client";
import type { z } from "zod";
import { ConfirmButton } from "~/app/_components/confirm-button";
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
  if (links.length === 0) return <p className="muted">{l.noLinks}</p>;
  return (
    <div className="table-wrap">
      <table className="data" data-testid="share-links-table">
        <thead>
          <tr>
            <th scope="col">{l.linkLabel}</th>
            <th scope="col">{l.created}</th>
            <th scope="col">{l.expires}</th>
            <th scope="col">{l.state}</th>
            <th scope="col">
              <span className="visually-hidden">{l.revoke}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {links.map((link) => {
            const state = linkState(link, now);
            const name = link.label || `${link.prefix}…`;
            return (
              <tr key={link.id}>
                <td>
                  {link.label || <span className="muted">—</span>}{" "}
                  <span className="mono muted">{link.prefix}…</span>
                </td>
                <td className="nowrap">{formatDateTime(link.created_at, t.locale, timezone)}</td>
                <td className="nowrap">
                  {link.expires_at ? formatDateTime(link.expires_at, t.locale, timezone) : l.never}
                </td>
                <td>
                  <span className={`badge ${state === "active" ? "badge--current" : "badge--revoked"}`}>
                    {l[state]}
                  </span>
                </td>
                <td className="num">
                  {state !== "revoked" && (
                    <ConfirmButton
                      label={l.revoke}
                      className="btn btn--small btn--danger"
                      title={l.revokeTitle}
                      confirmLabel={l.revoke}
                      pendingLabel={l.revoking}
                      onConfirm={async () => {
                        await api.live.revokeShareLink.mutate({ id: link.id });
                        await onRevoked();
                      }}
                    >
                      <p>{fmt(l.revokeConfirm, { label: name })}</p>
                    </ConfirmButton>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
