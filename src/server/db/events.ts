import type { Queryable } from "./client";

/** What a live view shows of its event (read inside the snapshot's transaction). */
export interface LiveEventRow {
  id: string;
  name: string;
  isPublic: boolean;
  startsAt: Date;
  timezone: string;
  liveSeq: number;
  start: [number, number] | null;
  destination: [number, number] | null;
}

export async function selectLiveEvent(q: Queryable, eventId: string): Promise<LiveEventRow | null> {
  const [r] = await q.rows(
    {
      id: "uuid",
      name: "text",
      is_public: "bool",
      starts_at: "timestamp",
      timezone: "text",
      live_seq: "int",
      start_lat: "float?",
      start_lon: "float?",
      dest_lat: "float?",
      dest_lon: "float?",
    },
    `SELECT id, name, is_public, starts_at, timezone, live_seq, start_lat, start_lon, dest_lat, dest_lon
       FROM events WHERE id = $1`,
    [eventId],
  );
  if (!r) return null;
  return {
    id: r.id,
    name: r.name,
    isPublic: r.is_public,
    startsAt: r.starts_at,
    timezone: r.timezone,
    liveSeq: r.live_seq,
    start: r.start_lat !== null && r.start_lon !== null ? [r.start_lat, r.start_lon] : null,
    destination: r.dest_lat !== null && r.dest_lon !== null ? [r.dest_lat, r.dest_lon] : null,
  };
}

export interface ParticipantRow {
  id: string;
  name: string;
  bib: string | null;
  userId: string | null;
}

/** The event's participants, by bib then name. */
export async function selectParticipants(q: Queryable, eventId: string): Promise<ParticipantRow[]> {
  const rows = await q.rows(
    { id: "uuid", name: "text", bib: "text?", user_id: "text?" },
    "SELECT id, name, bib, user_id FROM participants WHERE event_id = $1 ORDER BY bib NULLS LAST, name",
    [eventId],
  );
  return rows.map((r) => ({ id: r.id, name: r.name, bib: r.bib, userId: r.user_id }));
}

/** Repeatable read for a consistent multi-query snapshot (PGlite is serial: already consistent). */
export async function snapshotIsolation(q: Queryable, kind: "postgres" | "embedded"): Promise<void> {
  if (kind === "postgres") await q.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
}
