import type { Scope } from "~/server/access/scope";
import type { Database } from "~/server/db";
import {
  insertPoints,
  insertPointsBatches,
  type PointsBatch,
  type PointsBatchResult,
} from "~/server/db/points";
import { selectTrack, type Track } from "~/server/db/tracks";
import type { Point } from "~/server/domain/point";
import { advanceLiveState, emptyLiveState } from "~/server/domain/stats";
import { notFound } from "~/server/errors";
import { announce, withTrackChange } from "~/server/live/change";
import { processSingleton } from "~/server/process-singleton";
import { writePointsBatch } from "./points-writer";
import { findTrack, storeComputedStats } from "./tracks";

/** The points of a track as phones send them: the hot path of race day (POST /tracks/{id}/points). */

/**
 * The tracks this instance last wrote, with their row version after that write: a phone's next batch skips
 * the track read (one round trip of its two, and the heaviest row of the path). Safe without any invalidation:
 * the batch statement writes only if the row is still at that version, so an entry that went stale (another
 * instance's batch, an edit, a finish, a deletion) fails the gate and the batch takes the locked path, which
 * reads the row afresh. The scope is checked against the entry like a read would; an entry that does not
 * match is read again rather than refused.
 */
const MAX_CACHED_TRACKS = 10_000;
type TrackVersion = { track: Track; version: string };
/** Per database (tests open several in one process), whatever bundle asks. */
function written(db: Database): Map<string, TrackVersion> {
  const all = processSingleton(
    "points:written-tracks",
    () => new WeakMap<Database, Map<string, TrackVersion>>(),
  );
  let cache = all.get(db);
  if (!cache) {
    cache = new Map();
    all.set(db, cache);
  }
  return cache;
}

function cachedRead(db: Database, scope: Scope, id: string): TrackVersion | undefined {
  const hit = written(db).get(id);
  if (!hit || !("eventId" in scope) || hit.track.eventId !== scope.eventId) return undefined;
  if (scope.participantId && hit.track.participantId !== scope.participantId) return undefined;
  return hit;
}

function remember(db: Database, result: PointsBatchResult): void {
  const cache = written(db);
  if (!result.track || result.version === null) return;
  cache.delete(result.track.id);
  if (cache.size >= MAX_CACHED_TRACKS) {
    const oldest = cache.keys().next();
    if (!oldest.done) cache.delete(oldest.value);
  }
  cache.set(result.track.id, { track: result.track, version: result.version });
}

/**
 * Stores a batch durably before answering (the 204 follows the commit), so no queue can lose it; running
 * totals advance with the new points only. Optimistic first: the track as this instance last wrote it (or
 * read without a lock) and the batch written in one statement that goes ahead only if the row is unchanged —
 * one round trip, two after a read — together with the other batches of the event that arrive meanwhile
 * (points-writer.ts). A kept track that changed meanwhile is read again and the write tried once more; when
 * a read one changed (a concurrent batch of the same track got there first), the same write runs under the
 * track's row lock instead.
 */
export async function addPoints(
  db: Database,
  scope: Scope,
  id: string,
  points: readonly Point[],
  /** The track as the caller just read it (a tracker app's fix: services/trackers.ts), saving one read. */
  preRead?: { track: Track; version: string },
): Promise<void> {
  const sorted = [...points].sort((a, b) => a.ts - b.ts);
  const cached = preRead ? undefined : cachedRead(db, scope, id);
  const read = preRead ?? cached ?? (await selectTrack(db, scope, id));
  if (!read) throw notFound();
  if (read.track.statsComputedAt) return addToFinished(db, scope, id, sorted);
  let result = await writeBatch(read, sorted, (batch) => writePointsBatch(db, batch));
  if (!result.gated && cached) {
    // Changed since this instance wrote it: most often the phone's last batch went to another instance
    // (a load balancer does not keep a phone on one). Read it and try the grouped write again, as a batch
    // without a kept track does, rather than take the row lock outside the group commit for every batch.
    written(db).delete(id);
    const fresh = await selectTrack(db, scope, id);
    if (!fresh) throw notFound();
    if (fresh.track.statsComputedAt) return addToFinished(db, scope, id, sorted);
    result = await writeBatch(fresh, sorted, (batch) => writePointsBatch(db, batch));
  }
  if (!result.gated) {
    written(db).delete(id);
    const locked = await db.transaction(async (tx) => {
      const row = await selectTrack(tx, scope, id, true);
      if (!row) throw notFound();
      // Finished while this batch was on its way: its points must count in the final statistics.
      if (row.track.statsComputedAt) return null;
      return writeBatch(
        row,
        sorted,
        async (batch) => (await insertPointsBatches(tx, batch.eventId, [batch]))[0],
      );
    });
    if (!locked) return addToFinished(db, scope, id, sorted);
    // Under the row lock nobody else can change the row: a failed gate here would be a bug, not a race.
    if (!locked.gated) throw new Error(`track ${id} changed under its row lock`);
    result = locked;
  }
  // Only once committed: a version that rolled back would never match, but would cost a locked write.
  remember(db, result);
  // A pure retry (nothing new) changes nothing for viewers.
  if (result.track && result.seq !== null) {
    announce({
      eventId: result.track.eventId,
      trackId: result.track.id,
      kind: "points",
      seq: result.seq,
      minTs: sorted[0]?.ts ?? null,
      maxTs: sorted[sorted.length - 1]?.ts ?? null,
      track: result.track,
      points: sorted,
    });
  }
}

/**
 * Points for a track already finished (a phone flushing its offline buffer after `finish`, or a batch that
 * raced the finish): stored, and the statistics computed again from every point under the track's row lock,
 * so that they are never stored-but-ignored. A retry that adds nothing changes nothing.
 */
async function addToFinished(
  db: Database,
  scope: Scope,
  id: string,
  sorted: readonly Point[],
): Promise<void> {
  await withTrackChange(db, async (tx) => {
    const track = await findTrack(tx, scope, id, true);
    if ((await insertPoints(tx, track.id, sorted)) === 0) return { value: undefined, changes: [] };
    const updated = await storeComputedStats(tx, track);
    return {
      value: undefined,
      changes: [{ eventId: track.eventId, trackId: track.id, kind: "finished", track: updated }],
    };
  });
}

async function writeBatch(
  { track, version }: { track: Track; version: string },
  sorted: readonly Point[],
  write: (batch: PointsBatch) => Promise<PointsBatchResult | undefined>,
): Promise<PointsBatchResult> {
  // Points at or before the running totals' last time (retries, late fixes) leave them as they are.
  const liveStats = advanceLiveState(track.liveStats ?? emptyLiveState(), sorted, track.activityType);
  const result = await write({
    trackId: track.id,
    eventId: track.eventId,
    version,
    points: sorted,
    liveStats,
  });
  return result ?? { gated: false, inserted: 0, track: null, seq: null, version: null };
}
