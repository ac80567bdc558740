import type { Queryable } from "./client";

/** Joining and registration: the writes that must hold together (cap, status, personal token) in one transaction. */

export const PARTICIPANT_ROW = {
  id: "uuid",
  event_id: "uuid",
  name: "text",
  bib: "text?",
  user_id: "text?",
  email: "text?",
  status: "text",
  invite_code: "text?",
  joined_at: "timestamp?",
  revoked_at: "timestamp?",
  created_at: "timestamp",
} as const;
const COLUMNS = Object.keys(PARTICIPANT_ROW).join(", ");

/** The event's registration settings under its row lock, and how many participants (not revoked) it holds. */
export async function lockEventRegistration(q: Queryable, eventId: string) {
  const [event] = await q.rows(
    {
      id: "uuid",
      is_public: "bool",
      registration_open: "bool",
      registration_cap: "int?",
      require_approval: "bool",
      timezone: "text",
    },
    `SELECT id, is_public, registration_open, registration_cap, require_approval, timezone
       FROM events WHERE id = $1 FOR UPDATE`,
    [eventId],
  );
  if (!event) return null;
  const [count] = await q.rows(
    { n: "int" },
    "SELECT count(*)::int AS n FROM participants WHERE event_id = $1 AND status <> 'revoked'",
    [eventId],
  );
  return { ...event, taken: count?.n ?? 0 };
}

/** The participant holding this invitation code, under its row lock. */
export async function lockParticipantByCode(q: Queryable, code: string) {
  const [row] = await q.rows(
    PARTICIPANT_ROW,
    `SELECT ${COLUMNS} FROM participants WHERE invite_code = $1 FOR UPDATE`,
    [code],
  );
  return row ?? null;
}

/** A self-registered participant; null when the bib is taken (the unique key). */
export async function insertRegisteredParticipant(
  q: Queryable,
  p: {
    id: string;
    eventId: string;
    name: string;
    bib: string | null;
    email: string | null;
    status: string;
    code: string;
  },
) {
  const [row] = await q.rows(
    PARTICIPANT_ROW,
    `INSERT INTO participants (id, event_id, name, bib, email, status, invite_code, joined_at, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, now(), now())
     ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [p.id, p.eventId, p.name, p.bib, p.email, p.status, p.code],
  );
  return row ?? null;
}

/** Marks an invited participant joined (approved) now; already joined ones keep their first joined_at. */
export async function markJoined(q: Queryable, id: string) {
  const [row] = await q.rows(
    PARTICIPANT_ROW,
    `UPDATE participants SET status = CASE WHEN status = 'invited' THEN 'approved' ELSE status END,
            joined_at = coalesce(joined_at, now())
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [id],
  );
  return row ?? null;
}

/** A participant's personal device token (its hash: the raw value is shown once, never stored). */
export async function insertParticipantToken(
  q: Queryable,
  t: {
    id: string;
    eventId: string;
    participantId: string;
    label: string;
    prefix: string;
    hash: string;
    scopes: string[];
  },
): Promise<void> {
  await q.execute(
    `INSERT INTO api_tokens (id, event_id, participant_id, label, prefix, hash, scopes, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7::text[], now())`,
    [t.id, t.eventId, t.participantId, t.label, t.prefix, t.hash, t.scopes],
  );
}
