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
 * The append as two CTEs for a caller's statement: `log_seq` takes the event's next sequence number, and
 * `log_entry` writes the entry (its `seq`), both only when `when` holds. Arguments are SQL expressions.
 *
 * Sequence numbers follow commit order because the UPDATE of the event row takes the row's lock until the end
 * of the transaction: the statement must therefore be the caller's last one before COMMIT, or a single
 * autocommit statement (the live path, where the implicit commit follows at once). A viewer that has seen
 * seq N has then seen every change numbered below N (see docs/live.md).
 */
export function liveLogCtes(sql: {
  eventId: string;
  trackId: string;
  kind: string;
  minTs: string;
  maxTs: string;
  when?: string;
}): string {
  const when = sql.when ? ` AND ${sql.when}` : "";
  return `log_seq AS (UPDATE events SET live_seq = live_seq + 1 WHERE id = ${sql.eventId}${when} RETURNING live_seq),
     log_entry AS (INSERT INTO live_batches (event_id, seq, track_id, kind, min_ts, max_ts)
                   SELECT ${sql.eventId}, live_seq, ${sql.trackId}, ${sql.kind}, ${sql.minTs}, ${sql.maxTs}
                     FROM log_seq RETURNING seq)`;
}

/** Appends a change to the event's live log, as the last statement of the caller's transaction. */
export async function appendLiveLog(
  q: Queryable,
  change: Omit<LoggedChange, "seq" | "minTs" | "maxTs"> & { minTs?: number | null; maxTs?: number | null },
): Promise<LoggedChange> {
  const minTs = change.minTs ?? null;
  const maxTs = change.maxTs ?? null;
  const ctes = liveLogCtes({
    eventId: "$1::uuid",
    trackId: "$2::uuid",
    kind: "$3::text",
    minTs: "$4::timestamptz",
    maxTs: "$5::timestamptz",
  });
  const rows = await q.query<{ seq: number }>(`WITH ${ctes} SELECT seq FROM log_entry`, [
    change.eventId,
    change.trackId,
    change.kind,
    isoOrNull(minTs),
    isoOrNull(maxTs),
  ]);
  return { ...change, minTs, maxTs, seq: rows[0]?.seq ?? 0 };
}

export function isoOrNull(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
