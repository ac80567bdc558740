import { randomUUID } from "node:crypto";
import type {
  TCreateTrackRequest,
  TListPointsResponse,
  TSyncRequest,
  TTrackResponse,
  TUpdateTrackRequest,
} from "~/server/api/schemas/track";
import type { Database, Queryable } from "~/server/db";
import {
  type ActivityType,
  advanceLiveState,
  computeStats,
  emptyLiveState,
  type LiveStatsState,
  liveStatsOf,
  type PauseInterval,
  type TrackStats,
} from "~/server/domain/stats";
import { autoTrackTitle } from "~/server/domain/title";
import { AppError, notFound } from "~/server/errors";
import { writeLiveBatch } from "./live-batch-writer";
import {
  insertLiveBatch,
  insertPoints,
  type LiveBatch,
  type LiveBatchResult,
  type StoredPoint,
  selectPoints,
  toStoredPoints,
} from "./points";
import { publishTrackChange } from "./live-bus";
import { appendLiveLog } from "./live-log";

/** Whose tracks a caller may touch: an API token sees its event; an organiser sees the events they own. */
export type TrackScope = { eventId: string } | { ownerId: string };
export interface EventRef {
  id: string;
  timezone: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface TrackRow {
  id: string;
  event_id: string;
  device_track_id: string;
  title: string;
  activity_type: string;
  state: string;
  start_ts: Date;
  end_ts: Date | null;
  image_url: string | null;
  user_id: string | null;
  points_count: number;
  pauses: Array<[number, number | null]>;
  live_stats: LiveStatsState | null;
  distance_meters: number | null;
  duration_sec: number | null;
  moving_time_sec: number | null;
  elevation_gain_m: number | null;
  elevation_loss_m: number | null;
  mean_speed_mps: number | null;
  pace_sec_per_km: number | null;
  max_speed_mps: number | null;
  max_altitude_m: number | null;
  min_altitude_m: number | null;
  stats_computed_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const STAT_COLUMNS = {
  distanceMeters: "distance_meters",
  durationSec: "duration_sec",
  movingTimeSec: "moving_time_sec",
  elevationGainM: "elevation_gain_m",
  elevationLossM: "elevation_loss_m",
  meanSpeedMps: "mean_speed_mps",
  paceSecPerKm: "pace_sec_per_km",
  maxSpeedMps: "max_speed_mps",
  maxAltitudeM: "max_altitude_m",
  minAltitudeM: "min_altitude_m",
} as const satisfies Partial<Record<keyof TrackStats, keyof TrackRow>>;
type StatKey = keyof typeof STAT_COLUMNS;
const STAT_KEYS = Object.keys(STAT_COLUMNS) as StatKey[];

export async function findTrack(
  q: Queryable,
  scope: TrackScope,
  id: string,
  lock = false,
): Promise<TrackRow> {
  return selectTrack<TrackRow>(q, scope, id, "t.*", lock);
}

/** The track with its row version (`xmin`), for a write that must find the row unchanged (addPoints). */
async function findTrackVersion(q: Queryable, scope: TrackScope, id: string, lock = false) {
  const row = await selectTrack<TrackRow & { row_version: string }>(
    q,
    scope,
    id,
    "t.*, t.xmin::text AS row_version",
    lock,
  );
  const { row_version: version, ...track } = row;
  return { track: track as TrackRow, version };
}

async function selectTrack<Row>(
  q: Queryable,
  scope: TrackScope,
  id: string,
  columns: string,
  lock: boolean,
): Promise<Row> {
  if (!UUID.test(id)) throw notFound();
  const [sql, param] =
    "eventId" in scope
      ? ["t.event_id = $2", scope.eventId]
      : ["t.event_id IN (SELECT e.id FROM events e WHERE e.owner_id = $2)", scope.ownerId];
  const rows = await q.query<Row>(
    `SELECT ${columns} FROM tracks t WHERE t.id = $1 AND ${sql}${lock ? " FOR UPDATE" : ""}`,
    [id, param],
  );
  const row = rows[0];
  if (!row) throw notFound();
  return row;
}

function iso(d: Date | null): string | null {
  return d ? d.toISOString() : null;
}

function statsOf(row: TrackRow): TTrackResponse["stats"] {
  const known: Partial<TrackStats> = row.stats_computed_at
    ? Object.fromEntries(STAT_KEYS.map((k) => [k, row[STAT_COLUMNS[k]]]))
    : row.live_stats
      ? liveStatsOf(row.live_stats)
      : {};
  const v = (k: StatKey) => known[k] ?? null;
  return {
    distance_meters: v("distanceMeters"),
    duration_sec: v("durationSec"),
    moving_time_sec: v("movingTimeSec"),
    elevation_gain_m: v("elevationGainM"),
    elevation_loss_m: v("elevationLossM"),
    mean_speed_mps: v("meanSpeedMps"),
    pace_sec_per_km: v("paceSecPerKm"),
    max_speed_mps: v("maxSpeedMps"),
    max_altitude_m: v("maxAltitudeM"),
    min_altitude_m: v("minAltitudeM"),
    points_count: row.points_count,
  };
}

export function toTrackResponse(row: TrackRow): TTrackResponse {
  return {
    id: row.id,
    event_id: row.event_id,
    device_track_id: row.device_track_id,
    title: row.title,
    activity_type: row.activity_type as TTrackResponse["activity_type"],
    state: row.state as TTrackResponse["state"],
    start_ts: row.start_ts.toISOString(),
    end_ts: iso(row.end_ts),
    image_url: row.image_url,
    user_id: row.user_id,
    points_count: row.points_count,
    stats: statsOf(row),
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

/** Inserts the track row; a `device_track_id` already used in the event is a CONFLICT. */
export async function insertTrack(
  q: Queryable,
  event: EventRef,
  input: TCreateTrackRequest & { end_ts?: string },
  state: "running" | "stopped",
  conflictMessage = `device_track_id "${input.device_track_id}" is already used in this event`,
): Promise<string> {
  const start = input.start_ts ? new Date(input.start_ts) : new Date();
  const rows = await q.query<{ id: string }>(
    `INSERT INTO tracks (id, event_id, device_track_id, title, activity_type, state, start_ts, end_ts, image_url,
                         user_id, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now(), now())
     ON CONFLICT (event_id, device_track_id) DO NOTHING RETURNING id`,
    [
      randomUUID(),
      event.id,
      input.device_track_id,
      input.title ?? autoTrackTitle(start, event.timezone),
      input.activity_type,
      state,
      start.toISOString(),
      input.end_ts ? new Date(input.end_ts).toISOString() : null,
      input.image_url ?? null,
      input.user_id ?? null,
    ],
  );
  const id = rows[0]?.id;
  if (!id) throw new AppError("CONFLICT", conflictMessage);
  return id;
}

export async function createTrack(db: Database, event: EventRef, input: TCreateTrackRequest) {
  const { row, change } = await db.transaction(async (tx) => {
    const id = await insertTrack(tx, event, input, "running");
    const row = await findTrack(tx, { eventId: event.id }, id);
    return { row, change: await appendLiveLog(tx, { eventId: event.id, trackId: id, kind: "created" }) };
  });
  publishTrackChange({ ...change, track: toTrackResponse(row) });
  return { id: row.id, device_track_id: input.device_track_id };
}

export async function getTrack(db: Database, scope: TrackScope, id: string): Promise<TTrackResponse> {
  return toTrackResponse(await findTrack(db, scope, id));
}

/** Pause intervals follow state changes: paused opens one, running (or stopped) closes it. */
function nextPauses(pauses: TrackRow["pauses"], from: string, to: string, at: number): TrackRow["pauses"] {
  const open = pauses.length > 0 && pauses[pauses.length - 1]?.[1] === null;
  if (to === "paused" && !open) return [...pauses, [at, null]];
  if (to !== "paused" && open && from === "paused")
    return pauses.map((p, i) => (i === pauses.length - 1 ? [p[0], at] : p));
  return pauses;
}

export async function updateTrack(db: Database, scope: TrackScope, input: TUpdateTrackRequest) {
  const { row, change } = await db.transaction(async (tx) => {
    const track = await findTrack(tx, scope, input.id, true);
    const state = input.state ?? track.state;
    const pauses = nextPauses(track.pauses, track.state, state, Date.now());
    const endTs =
      input.end_ts === undefined ? track.end_ts : input.end_ts === null ? null : new Date(input.end_ts);
    const rows = await tx.query<TrackRow>(
      `UPDATE tracks SET title = $2, state = $3, end_ts = $4, pauses = $5::jsonb, updated_at = now()
        WHERE id = $1 RETURNING *`,
      [track.id, input.title ?? track.title, state, endTs?.toISOString() ?? null, JSON.stringify(pauses)],
    );
    const row = rows[0] ?? track;
    return {
      row,
      change: await appendLiveLog(tx, { eventId: row.event_id, trackId: row.id, kind: "updated" }),
    };
  });
  const track = toTrackResponse(row);
  publishTrackChange({ ...change, track });
  return track;
}

/**
 * Stores a batch durably before answering (the 204 follows the commit), so no queue can lose it; running
 * totals advance with the new points only. Optimistic first: the track is read without a lock and the batch
 * written in one statement that goes ahead only if the row is unchanged (two round trips), together with the
 * other batches of the event that arrive meanwhile (live-batch-writer.ts). When a concurrent batch of the same
 * track got there first, the same write runs under the track's row lock instead.
 */
export async function addPoints(
  db: Database,
  scope: TrackScope,
  id: string,
  points: StoredPoint[],
): Promise<void> {
  const sorted = [...points].sort((a, b) => a.ts - b.ts);
  let written = await writeBatch(await findTrackVersion(db, scope, id), sorted, (batch) =>
    writeLiveBatch<TrackRow>(db, batch),
  );
  if (!written.gated) {
    written = await db.transaction(async (tx) =>
      writeBatch(await findTrackVersion(tx, scope, id, true), sorted, (batch) =>
        insertLiveBatch<TrackRow>(tx, batch),
      ),
    );
    // Under the row lock nobody else can change the row: a failed gate here would be a bug, not a race.
    if (!written.gated) throw new Error(`track ${id} changed under its row lock`);
  }
  // A pure retry (nothing new) changes nothing for viewers.
  const { row, seq, track } = written;
  if (row && seq !== null)
    publishTrackChange({
      eventId: track.event_id,
      trackId: track.id,
      kind: "points",
      seq,
      minTs: sorted[0]?.ts ?? null,
      maxTs: sorted[sorted.length - 1]?.ts ?? null,
      track: toTrackResponse(row),
      points: sorted,
    });
}

async function writeBatch(
  { track, version }: { track: TrackRow; version: string },
  sorted: StoredPoint[],
  write: (batch: LiveBatch) => Promise<LiveBatchResult<TrackRow>>,
) {
  // Points at or before the running totals' last time (retries, late fixes) leave them as they are.
  const live = advanceLiveState(
    track.live_stats ?? emptyLiveState(),
    sorted,
    track.activity_type as ActivityType,
  );
  const result = await write({
    trackId: track.id,
    eventId: track.event_id,
    version,
    points: sorted,
    liveStats: live,
  });
  return { ...result, track };
}

export function pauseIntervals(pauses: TrackRow["pauses"], end: number): PauseInterval[] {
  return pauses.map(([start, stop]) => ({ start, end: stop ?? end }));
}

/**
 * Stops the track and computes its statistics from every stored point. `given` (from /sync) wins over
 * computed values; the end is the one given, else the last point, else the end already set, else now.
 */
export async function storeComputedStats(
  q: Queryable,
  track: TrackRow,
  opts: { given?: Partial<TrackStats>; endTs?: number } = {},
) {
  const given = opts.given ?? {};
  const points = await selectPoints(q, track.id);
  const last = points[points.length - 1];
  const endTs = opts.endTs ?? last?.ts ?? track.end_ts?.getTime() ?? Date.now();
  const computed = computeStats(points, {
    activity: track.activity_type as ActivityType,
    pauses: pauseIntervals(track.pauses, endTs),
  });
  const stats = STAT_KEYS.map((k) => given[k] ?? computed[k]);
  const sets = STAT_KEYS.map((k, i) => `${STAT_COLUMNS[k]} = $${i + 3}`).join(", ");
  const rows = await q.query<TrackRow>(
    `UPDATE tracks SET ${sets}, points_count = $${STAT_KEYS.length + 3}, end_ts = $2, state = 'stopped',
            stats_computed_at = now(), updated_at = now()
      WHERE id = $1 RETURNING *`,
    [track.id, new Date(endTs).toISOString(), ...stats, points.length],
  );
  const row = rows[0];
  if (!row) throw notFound();
  return row;
}

export async function finishTrack(db: Database, scope: TrackScope, id: string): Promise<TTrackResponse> {
  const { row, change } = await db.transaction(async (tx) => {
    const row = await storeComputedStats(tx, await findTrack(tx, scope, id, true));
    return {
      row,
      change: await appendLiveLog(tx, { eventId: row.event_id, trackId: row.id, kind: "finished" }),
    };
  });
  const track = toTrackResponse(row);
  publishTrackChange({ ...change, track });
  return track;
}

/** A whole session at once: track, points and statistics in one transaction (all or nothing). */
export async function syncTrack(
  db: Database,
  event: EventRef,
  input: TSyncRequest,
): Promise<{ track_id: string }> {
  const given: Partial<TrackStats> = {};
  for (const k of STAT_KEYS) {
    // The statistics fields of /sync are named like the columns.
    const value = input.stats?.[STAT_COLUMNS[k]];
    if (typeof value === "number") given[k] = value;
  }
  const points = toStoredPoints(input.points);
  const synced = await db.transaction(async (tx) => {
    const id = await insertTrack(tx, event, input.track, "stopped");
    await insertPoints(tx, id, points);
    const track = await findTrack(tx, { eventId: event.id }, id);
    const endTs = input.track.end_ts ? Date.parse(input.track.end_ts) : undefined;
    const row = await storeComputedStats(tx, track, { given, endTs });
    return { row, change: await appendLiveLog(tx, { eventId: event.id, trackId: id, kind: "finished" }) };
  });
  publishTrackChange({ ...synced.change, track: toTrackResponse(synced.row) });
  return { track_id: synced.row.id };
}

export async function listPoints(
  db: Database,
  scope: TrackScope,
  input: { id: string; limit?: number; offset: number },
): Promise<TListPointsResponse> {
  const track = await findTrack(db, scope, input.id);
  const points = await selectPoints(db, track.id, { limit: input.limit, offset: input.offset });
  return {
    track_id: track.id,
    count: track.points_count,
    points: points.map((p) => {
      const out: TListPointsResponse["points"][number] = {
        latitude: p.lat,
        longitude: p.lon,
        timestamp: new Date(p.ts).toISOString(),
      };
      if (p.altitude !== null) out.altitude = p.altitude;
      if (p.accuracy !== null) out.accuracy = p.accuracy;
      if (p.speedMps !== null) out.speed_mps = p.speedMps;
      if (p.heading !== null) out.heading = p.heading;
      if (p.battery !== null) out.battery = p.battery;
      if (p.origin !== null) out.origin = p.origin as NonNullable<(typeof out)["origin"]>;
      return out;
    }),
  };
}
