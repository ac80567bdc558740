import type { Queryable } from "./client";

/** A token's lookup by its hash (the hot path of every API request: one indexed read, then cached). */
export async function selectTokenByHash(q: Queryable, hash: string) {
  const [row] = await q.rows(
    {
      id: "uuid",
      event_id: "uuid",
      scopes: "text[]",
      revoked_at: "timestamp?",
      expires_at: "timestamp?",
      timezone: "text",
    },
    `SELECT t.id, t.event_id, t.scopes, t.revoked_at, t.expires_at, e.timezone
       FROM api_tokens t JOIN events e ON e.id = t.event_id WHERE t.hash = $1`,
    [hash],
  );
  return row ?? null;
}

/** Marks the token used now (written at most once a minute per token by the caller). */
export async function touchToken(q: Queryable, id: string): Promise<void> {
  await q.execute("UPDATE api_tokens SET last_used_at = now() WHERE id = $1", [id]);
}
