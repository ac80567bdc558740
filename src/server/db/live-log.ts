import type { Queryable } from "./client";

/**
 * What happened to a track, as the live log records it; "leaderboard" is a race's ranking that changed (its
 * entry's track_id holds the race's id: see services/race-runtime.ts).
 */
export const CHANGE_KINDS = ["created", "updated", "points", "finished", "deleted", "leaderboard"] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

/** One entry of an event's live log: a committed change of one of its tracks, numbered in commit order. */
export interface LiveLogEntry {
  eventId: string;
  trackId: string;
  kind: ChangeKind;
  seq: number;
  /** For points: the time range of the batch (catch-up reloads these points). */
  minTs: number | null;
  maxTs: number | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Appends a change to the event's live log, as the last statement of the caller's transaction: the UPDATE of
 * the event row takes the row's lock until COMMIT, so sequence numbers follow commit order and a viewer that
 * has seen seq N has seen every change numbered below N (see docs/live.md). Points batches append theirs in
 * their own statement (insertPointsBatches, points.ts), with the same lock.
 */
export async function appendLiveLog(
  q: Queryable,
  change: {
    eventId: string;
    trackId: string;
    kind: ChangeKind;
    minTs?: number | null;
    maxTs?: number | null;
  },
): Promise<LiveLogEntry> {
  const minTs = change.minTs ?? null;
  const maxTs = change.maxTs ?? null;
  const [row] = await q.rows(
    { seq: "int" },
    `WITH s AS (UPDATE events SET live_seq = live_seq + 1 WHERE id = $1 RETURNING live_seq)
     INSERT INTO live_batches (event_id, seq, track_id, kind, min_ts, max_ts)
     SELECT $1, live_seq, $2, $3, $4, $5 FROM s RETURNING seq`,
    [change.eventId, change.trackId, change.kind, iso(minTs), iso(maxTs)],
  );
  if (!row) throw new Error(`event ${change.eventId} vanished while logging a change`);
  return { eventId: change.eventId, trackId: change.trackId, kind: change.kind, minTs, maxTs, seq: row.seq };
}

/** The event's current live sequence (0 when it has none, or no longer exists). */
export async function selectLiveSeq(q: Queryable, eventId: string): Promise<number> {
  const [row] = await q.rows({ live_seq: "int" }, "SELECT live_seq FROM events WHERE id = $1", [eventId]);
  return row?.live_seq ?? 0;
}

/** At most this many entries are replayed to a reconnecting viewer; further behind, it gets a snapshot. */
const MAX_CATCH_UP = 5000;

/** Entries after `afterSeq`, in order; null when the log no longer reaches back that far (or holds too many). */
export async function selectLogSince(
  q: Queryable,
  eventId: string,
  afterSeq: number,
): Promise<LiveLogEntry[] | null> {
  const [bounds] = await q.rows(
    { min_seq: "int?" },
    "SELECT min(seq) AS min_seq FROM live_batches WHERE event_id = $1",
    [eventId],
  );
  if (bounds?.min_seq != null && bounds.min_seq > afterSeq + 1) return null;
  const rows = await q.rows(
    { seq: "int", track_id: "uuid", kind: "text", min_ts: "timestamp?", max_ts: "timestamp?" },
    `SELECT seq, track_id, kind, min_ts, max_ts FROM live_batches WHERE event_id = $1 AND seq > $2
      ORDER BY seq LIMIT ${MAX_CATCH_UP + 1}`,
    [eventId, afterSeq],
  );
  if (rows.length > MAX_CATCH_UP) return null;
  return rows.map((r) => ({
    eventId,
    seq: r.seq,
    trackId: r.track_id,
    kind: (CHANGE_KINDS as readonly string[]).includes(r.kind) ? (r.kind as ChangeKind) : "updated",
    minTs: r.min_ts?.getTime() ?? null,
    maxTs: r.max_ts?.getTime() ?? null,
  }));
}

/** Entries older than the retention are dropped (a viewer further behind gets a snapshot instead). */
export async function pruneLiveLog(q: Queryable, retentionHours: number): Promise<number> {
  return q.execute("DELETE FROM live_batches WHERE created_at < now() - make_interval(hours => $1)", [
    retentionHours,
  ]);
}

/** One NOTIFY on `channel` (the instance bus's fallback for processes without a bus: the token CLI). */
export async function notify(q: Queryable, channel: string, payload: string): Promise<void> {
  await q.execute("SELECT pg_notify($1, $2)", [channel, payload]);
}
