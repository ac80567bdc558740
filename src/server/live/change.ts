import { publish } from "~/server/bus";
import { processSingleton } from "~/server/process-singleton";
import type { Database, Queryable } from "~/server/db";
import { appendLiveLog, type ChangeKind, type LiveLogEntry } from "~/server/db/live-log";
import type { Track } from "~/server/db/tracks";
import type { Point } from "~/server/domain/point";
import type { LeaderboardRow, RowPatch } from "~/server/domain/race";

/** A race's leaderboard rows that changed (in-process only; other instances rebuild them all). */
export interface LeaderboardPatch {
  raceId: string;
  /** Whole rows: every row when full, else the participants not sent before. */
  rows: readonly LeaderboardRow[];
  /** The changed fields of rows sent before (not full). */
  patches?: readonly RowPatch[];
  /** The leader's distance (whole metres): running rows' gaps follow from it (not full). */
  leaderM?: number | null;
  removed: readonly string[];
  full: boolean;
}

/**
 * A committed change of a track, as this instance's viewers get it: the live log entry, plus (in-process only)
 * the track after the change and a batch's points. Other instances get the entry alone over the bus and read
 * the rest from the database.
 */
export interface TrackChange extends LiveLogEntry {
  track?: Track;
  points?: readonly Point[];
  leaderboard?: LeaderboardPatch;
}

/** A change a writer made inside its transaction, to be logged and announced. */
export interface PendingChange {
  eventId: string;
  trackId: string;
  kind: ChangeKind;
  /** The track after the change (not for a deletion). */
  track?: Track;
}

/**
 * The one way to change tracks so that live viewers hear of it (an outbox: the live log is written in the same
 * transaction as the change). `write` does its work in the transaction and says what it changed; the log
 * entries are appended as its last statements (their seq lock is then held only until the commit, see
 * db/live-log.ts), and each change is announced once the transaction has committed — never before, so no
 * viewer sees what could still roll back. Point batches take the same path through their own statement
 * (services/points-writer.ts) and call `announce` after their commit.
 */
export async function withTrackChange<T>(
  db: Database,
  write: (tx: Queryable) => Promise<{ value: T; changes: PendingChange[] }>,
): Promise<T> {
  const { value, logged } = await db.transaction(async (tx) => {
    const { value, changes } = await write(tx);
    const logged: TrackChange[] = [];
    for (const change of changes) {
      const entry = await appendLiveLog(tx, change);
      logged.push(change.track ? { ...entry, track: change.track } : entry);
    }
    return { value, logged };
  });
  for (const change of logged) {
    announce(change);
    for (const listener of commitListeners.values()) listener(change, db);
  }
  return value;
}

type CommitListener = (change: TrackChange, db: Database) => void;
const commitListeners = processSingleton("commit-listeners", () => new Map<string, CommitListener>());

/**
 * Work that follows a committed change in this process (the track page's derived data after a finish), by
 * name: a module loaded by two bundles registers once. A listener must not throw or block: it queues.
 */
export function onCommitted(name: string, listener: CommitListener): void {
  commitListeners.set(name, listener);
}

/** Tells this instance's viewers (with the track and points) and the other instances (the entry alone). */
export function announce(change: TrackChange): void {
  const { track: _track, points: _points, leaderboard: _rows, ...entry } = change;
  publish({ type: "track", change }, { type: "track", change: entry });
}
