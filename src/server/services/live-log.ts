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
 * Appends a change to the event's live log, inside the caller's transaction and as its last statement: the
 * UPDATE of the event row takes the row's lock until COMMIT, so sequence numbers follow commit order and a
 * viewer that has seen seq N has seen every change numbered below N (see docs/live.md).
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
    [
      change.eventId,
      change.trackId,
      change.kind,
      minTs === null ? null : new Date(minTs).toISOString(),
      maxTs === null ? null : new Date(maxTs).toISOString(),
    ],
  );
  return { ...change, minTs, maxTs, seq: rows[0]?.seq ?? 0 };
}
