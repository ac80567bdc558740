import type { Queryable } from "~/server/db";

export type ChangeKind = "created" | "updated" | "points" | "finished" | "deleted";

export interface LoggedChange {
  eventId: string;
  trackId: string;
  kind: ChangeKind;
  seq: number;
  /** For points: the time range of the batch (catch-up reloads these points). */
  minTs: number | null;
  maxTs: number | null;
}

/**
 * Appends a change to the event's live log, as the last statement of the caller's transaction: the UPDATE of
 * the event row takes the row's lock until COMMIT, so sequence numbers follow commit order and a viewer that
 * has seen seq N has seen every change numbered below N (see docs/live.md). Points batches append theirs in
 * their own statement (insertLiveBatches, points.ts), with the same lock.
 */
export async function appendLiveLog(
  q: Queryable,
  change: Omit<LoggedChange, "seq" | "minTs" | "maxTs"> & { minTs?: number | null; maxTs?: number | null },
): Promise<LoggedChange> {
  const minTs = change.minTs ?? null;
  const maxTs = change.maxTs ?? null;
  const rows = await q.query<{ seq: number }>(
    `WITH s AS (UPDATE events SET live_seq = live_seq + 1 WHERE id = $1 RETURNING live_seq)
     INSERT INTO live_batches (event_id, seq, track_id, kind, min_ts, max_ts)
     SELECT $1, live_seq, $2, $3, $4, $5 FROM s RETURNING seq`,
    [change.eventId, change.trackId, change.kind, isoOrNull(minTs), isoOrNull(maxTs)],
  );
  return { ...change, minTs, maxTs, seq: rows[0]?.seq ?? 0 };
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
