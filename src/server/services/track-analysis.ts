import type { Scope } from "~/server/access/scope";
import type { Database } from "~/server/db";
import { selectPoints } from "~/server/db/points";
import {
  addDerivedPath,
  selectDerived,
  selectDerivedSegments,
  upsertDerived,
} from "~/server/db/track-derived";
import type { Track } from "~/server/db/tracks";
import type { Point } from "~/server/domain/point";
import { whenIdle } from "~/server/idle";
import { onCommitted } from "~/server/live/change";
import { processSingleton } from "~/server/process-singleton";
import { type RecordStat, selectRecords } from "~/server/db/track-queries";
import { ACTIVITY_TYPES, type ActivityType } from "~/server/domain/activity";
import { simplifyIndexes, toleranceForZoom } from "~/server/domain/simplify";
import {
  type ChartPoint,
  chartData,
  computeSplits,
  flagOutliers,
  type Split,
  sampleChartData,
} from "~/server/domain/stats";
import type { TrackStats } from "~/server/domain/stats";
import type { Segment } from "~/server/domain/stats/segments";
import { pointsOfSegment, segmentsWithStats } from "./segments";
import { findTrack, pauseIntervals } from "./tracks";

export interface TrackChart {
  trackId: string;
  /** lat/lon null for a recording without GPS. */
  points: Array<Omit<ChartPoint, "lat" | "lon"> & { lat: number | null; lon: number | null }>;
  path: Array<[number, number]>;
  bounds: [[number, number], [number, number]] | null;
  splits: Split[];
}

/** The chart size the track page asks for (and the API's default): the one stored per track version. */
export const STORED_CHART_POINTS = 1000;

/**
 * What the derived data depends on: the points (their count — a batch only ever adds points, and points sent
 * after finish change the count and the statistics' time), the activity, the pauses, the end, the
 * altitude source and the file's segment starts. A rename or a note changes none of it, so it keeps its stored chart.
 */
export function derivedVersion(track: Track): string {
  return [
    3, // the format of the stored data: bump when computeChart's or the segments' output changes
    track.pointsCount,
    track.activityType,
    JSON.stringify(track.pauses),
    track.endTs?.getTime() ?? "",
    track.altitudeSource ?? "",
    track.statsComputedAt?.getTime() ?? "",
    track.samples ? track.samples.length : "",
    JSON.stringify(track.segmentStarts ?? []),
  ].join("|");
}

const pathKey = (zoom: number | undefined) => (zoom === undefined ? "auto" : `z${zoom}`);

function computeChart(
  track: Track,
  allPoints: Point[],
  opts: { maxPoints: number; zoom?: number; segment?: number },
): TrackChart {
  const points = pointsOfSegment(track, allPoints, opts.segment);
  const activity = track.activityType;
  const last = points[points.length - 1];
  const pauses = pauseIntervals(track.pauses, last?.ts ?? Date.now());
  const options = { activity, pauses, altitudeSource: track.altitudeSource ?? undefined };
  if (points.length === 0 && track.samples) {
    // A recording without GPS: its series, no map.
    const series = sampleChartData(track.samples, { ...options, maxPoints: opts.maxPoints });
    return {
      trackId: track.id,
      points: series.map((c) => ({ ...c, lat: null, lon: null })),
      path: [],
      bounds: null,
      splits: [],
    };
  }
  const outlier = flagOutliers(points, activity);
  const good = points.filter((_, i) => !outlier[i]);
  const bounds = boundsOf(good);
  return {
    trackId: track.id,
    points: chartData(points, { ...options, maxPoints: opts.maxPoints }),
    path: simplifiedPath(good, bounds, opts.zoom),
    bounds,
    splits: computeSplits(points, options),
  };
}

function boundsOf(good: readonly Point[]): TrackChart["bounds"] {
  if (good.length === 0) return null;
  let [minLat, minLon, maxLat, maxLon] = [90, 180, -90, -180];
  for (const p of good) {
    minLat = Math.min(minLat, p.lat);
    maxLat = Math.max(maxLat, p.lat);
    minLon = Math.min(minLon, p.lon);
    maxLon = Math.max(maxLon, p.lon);
  }
  return [
    [minLat, minLon],
    [maxLat, maxLon],
  ];
}

function simplifiedPath(good: readonly Point[], bounds: TrackChart["bounds"], zoom: number | undefined) {
  // Without a zoom, aim at ~1 pixel when the whole track fills ~1000 pixels.
  const spanMeters = bounds
    ? Math.max(bounds[1][0] - bounds[0][0], bounds[1][1] - bounds[0][1]) * 111_000
    : 0;
  const tolerance =
    zoom !== undefined ? toleranceForZoom(zoom, good[0]?.lat ?? 0) : Math.max(0.5, spanMeters / 1000);
  return simplifyIndexes(good, tolerance).flatMap((i): Array<[number, number]> => {
    const p = good[i];
    return p ? [[p.lat, p.lon]] : [];
  });
}

/** A path for a zoom not stored yet: from the points, outliers left out as in computeChart. */
function pathOf(track: Track, points: Point[], bounds: TrackChart["bounds"], zoom: number | undefined) {
  const outlier = flagOutliers(points, track.activityType);
  return simplifiedPath(
    points.filter((_, i) => !outlier[i]),
    bounds,
    zoom,
  );
}

type StoredChart = Pick<TrackChart, "points" | "bounds" | "splits">;
export type SegmentWithStats = Segment & { stats: TrackStats };
const isStoredChart = (v: unknown): v is StoredChart =>
  typeof v === "object" &&
  v !== null &&
  Array.isArray((v as StoredChart).points) &&
  Array.isArray((v as StoredChart).splits);
const isPath = (v: unknown): v is Array<[number, number]> => Array.isArray(v);
const isSegments = (v: unknown): v is SegmentWithStats[] => Array.isArray(v);

/** What is stored per version of a track: the page's chart, its map paths by zoom, its segments. */
interface Derived {
  version: string;
  chart: StoredChart;
  paths: Record<string, unknown>;
  segments: SegmentWithStats[];
}

/** Computes the track's stored chart, default path and segments again (after a change): one read of its points. */
async function refreshDerived(db: Database, track: Track): Promise<Derived> {
  const version = derivedVersion(track);
  const points = await selectPoints(db, track.id);
  const { trackId: _id, path, ...chart } = computeChart(track, points, { maxPoints: STORED_CHART_POINTS });
  const derived = {
    version,
    chart,
    paths: { [pathKey(undefined)]: path },
    segments: segmentsWithStats(track, points),
  };
  await upsertDerived(db, track.id, { ...derived, maxPoints: STORED_CHART_POINTS, basedOn: track.updatedAt });
  return derived;
}

/**
 * The two reads of one page view (chart and segments, asked for at once) wait for the same computation
 * when the stored row is stale, instead of reading the points twice.
 */
const refreshing = processSingleton("derived-refreshing", () => new Map<string, Promise<Derived>>());
function refreshOnce(db: Database, track: Track): Promise<Derived> {
  const key = `${track.id}|${derivedVersion(track)}`;
  const running = refreshing.get(key);
  if (running) return running;
  const started = refreshDerived(db, track).finally(() => refreshing.delete(key));
  refreshing.set(key, started);
  return started;
}

/** The stored derived data of the track's current version, computed (once) when missing or stale. */
async function derivedOf(db: Database, track: Track): Promise<Derived> {
  const version = derivedVersion(track);
  const stored = await selectDerived(db, track.id);
  if (stored && stored.version === version && isStoredChart(stored.chart) && isSegments(stored.segments))
    return { version, chart: stored.chart, paths: stored.paths, segments: stored.segments };
  return refreshOnce(db, track);
}

/**
 * Chart series, simplified map path and splits of a track. The page's chart (STORED_CHART_POINTS, the whole
 * track) is computed once per version of the track and stored (db/track-derived.ts), as are the paths of the
 * zooms asked for; other sizes and segments are computed from the points each time.
 */
export async function trackChart(
  db: Database,
  scope: Scope,
  id: string,
  opts: { maxPoints: number; zoom?: number; segment?: number },
): Promise<TrackChart> {
  const track = await findTrack(db, scope, id);
  if (opts.segment !== undefined || opts.maxPoints !== STORED_CHART_POINTS)
    return computeChart(track, await selectPoints(db, track.id), opts);
  const derived = await derivedOf(db, track);
  const key = pathKey(opts.zoom);
  const path = derived.paths[key];
  if (isPath(path)) return { trackId: track.id, ...derived.chart, path };
  const computed = pathOf(track, await selectPoints(db, track.id), derived.chart.bounds, opts.zoom);
  await addDerivedPath(db, track.id, derived.version, key, computed);
  return { trackId: track.id, ...derived.chart, path: computed };
}

/** Every segment of a track with its own statistics: stored with the chart, per version of the track. */
export async function trackSegments(
  db: Database,
  scope: Scope,
  id: string,
): Promise<{ track: Track; segments: SegmentWithStats[] }> {
  const track = await findTrack(db, scope, id);
  const stored = await selectDerivedSegments(db, track.id);
  if (stored?.version === derivedVersion(track) && isSegments(stored.segments))
    return { track, segments: stored.segments };
  return { track, segments: (await refreshOnce(db, track)).segments };
}

/**
 * A finished or changed track gets its derived data computed once, after the commit, off the request that
 * changed it (one at a time: a zip of 100 tracks does not start 100 computations at once), and only once the
 * server's API has been quiet for a moment (idle.ts): it must not take the CPU of the requests that
 * follow (a 50,000-point chart is ≈ 0.5 s of it). A track viewed before that computes it on that view.
 * Running tracks are left to their next view (they change every few seconds).
 */
const warmQueue = processSingleton("derived-warm-queue", () => ({ tail: Promise.resolve() }));
onCommitted("derived-data", (change, db) => {
  if (change.kind !== "finished" && change.kind !== "updated") return;
  const track = change.track;
  if (track?.state !== "stopped") return;
  warmQueue.tail = warmQueue.tail.then(async () => {
    try {
      await whenIdle();
      const stored = await selectDerived(db, track.id);
      if (stored?.version === derivedVersion(track)) return;
      await refreshOnce(db, track);
    } catch (error) {
      console.error(`[runify] derived data of track ${track.id}:`, error);
    }
  });
});

export const RECORD_STATS: readonly RecordStat[] = [
  "paceSecPerKm",
  "distanceMeters",
  "durationSec",
  "elevationGainM",
  "maxSpeedMps",
];

export interface TrackRecord {
  value: number;
  trackId: string;
  title: string;
  startTs: Date;
}

/**
 * Best finished tracks per activity: organiser-wide for the dashboard, the token's event for the API (a token
 * never sees other events); `only` narrows to one event (within the scope) and one activity. Activities
 * without any record are left out.
 */
export async function trackRecords(
  db: Database,
  scope: Scope,
  only: { eventId?: string; activityType?: ActivityType } = {},
): Promise<Array<{ activityType: ActivityType; records: Partial<Record<RecordStat, TrackRecord>> }>> {
  const rows = await selectRecords(db, scope, RECORD_STATS, only);
  return ACTIVITY_TYPES.flatMap((activityType) => {
    const records: Partial<Record<RecordStat, TrackRecord>> = {};
    for (const r of rows)
      if (r.activityType === activityType)
        records[r.stat] = { value: r.value, trackId: r.trackId, title: r.title, startTs: r.startTs };
    return Object.keys(records).length > 0 ? [{ activityType, records }] : [];
  });
}
