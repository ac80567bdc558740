import type { Queryable } from "./client";

/** A token's lookup by its hash (the hot path of every API request: one indexed read, then cached). */
export async function selectTokenByHash(q: Queryable, hash: string) {
  const [row] = await q.rows(
    {
      id: "uuid",
      event_id: "uuid?",
      participant_id: "uuid?",
      user_id: "uuid?",
      scopes: "text[]",
      revoked_at: "timestamp?",
      expires_at: "timestamp?",
      timezone: "text?",
      owner_id: "uuid?",
      participant_status: "text?",
      is_admin: "bool",
      user_disabled: "bool",
    },
    // An event's or participant's token joins its event; an organiser's its account (disabled: refused).
    `SELECT t.id, t.event_id, t.participant_id, t.user_id, t.scopes, t.revoked_at, t.expires_at, e.timezone, e.owner_id,
            p.status AS participant_status, coalesce(u.is_admin, false) AS is_admin,
            (u.disabled_at IS NOT NULL OR o.disabled_at IS NOT NULL) AS user_disabled
       FROM api_tokens t
       LEFT JOIN events e ON e.id = t.event_id
       LEFT JOIN participants p ON p.id = t.participant_id
       LEFT JOIN users u ON u.id = t.user_id
       LEFT JOIN users o ON o.id = e.owner_id
      WHERE t.hash = $1`,
    [hash],
  );
  return row ?? null;
}

/** Marks the token used now (written at most once a minute per token by the caller). */
export async function touchToken(q: Queryable, id: string): Promise<void> {
  await q.execute("UPDATE api_tokens SET last_used_at = now() WHERE id = $1", [id]);
}
