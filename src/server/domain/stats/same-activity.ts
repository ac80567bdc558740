import { haversineMeters } from "./geo";

/**
 * A few numbers that identify an activity, small enough to keep beside every track (JSON, under 2 KB)
 * and cheap to compare with every track of an event on import: its time range, its bounding box, its
 * distance, and its position at fixed instants of the clock.
 */
export interface ActivitySummary {
  startTs: number;
  endTs: number;
  /** [minLat, minLon, maxLat, maxLon]; null for a recording without positions. */
  bbox: [number, number, number, number] | null;
  distanceM: number | null;
  /** Grid spacing of `positions` (ms): SUMMARY_GRID_MS × a power of two, so two grids always align. */
  stepMs: number;
  /** [ts, lat, lon] at every multiple of stepMs within the track (where a fix is near enough). */
  positions: [number, number, number][];
}

/** The finest grid: a minute. Coarser grids double it, so a coarse grid's instants are all on a fine one. */
export const SUMMARY_GRID_MS = 60_000;
/** At most this many positions in a summary. */
export const SUMMARY_POSITIONS = 64;
/** A position is interpolated only between fixes at most this far apart. */
const MAX_BRACKET_MS = 120_000;

/** Two tracks are one activity when they overlap this much of the shorter one's time... */
export const SAME_TIME_OVERLAP = 0.8;
/** ...and this share of their common instants puts them within SAME_PATH_METERS of each other. */
export const SAME_PATH_SHARE = 0.8;
export const SAME_PATH_METERS = 50;
/** Without positions, the distances must agree within this fraction. */
const SAME_DISTANCE_RATIO = 0.03;

interface TimedPosition {
  ts: number;
  lat: number;
  lon: number;
}

/** The summary of a track: its points sorted by time (as stored), and its distance when known. */
export function summarizeActivity(
  points: readonly TimedPosition[],
  opts: { distanceM?: number | null; startTs?: number; endTs?: number } = {},
): ActivitySummary | null {
  const first = points[0];
  const last = points[points.length - 1];
  const startTs = opts.startTs ?? first?.ts;
  const endTs = opts.endTs ?? last?.ts;
  if (startTs === undefined || endTs === undefined || !(endTs >= startTs)) return null;
  let stepMs = SUMMARY_GRID_MS;
  while ((endTs - startTs) / stepMs > SUMMARY_POSITIONS) stepMs *= 2;
  const summary: ActivitySummary = {
    startTs,
    endTs,
    bbox: null,
    distanceM: opts.distanceM ?? null,
    stepMs,
    positions: [],
  };
  if (first === undefined) return summary;
  const bbox: [number, number, number, number] = [first.lat, first.lon, first.lat, first.lon];
  for (const p of points) {
    bbox[0] = Math.min(bbox[0], p.lat);
    bbox[1] = Math.min(bbox[1], p.lon);
    bbox[2] = Math.max(bbox[2], p.lat);
    bbox[3] = Math.max(bbox[3], p.lon);
  }
  summary.bbox = bbox;
  let k = 0;
  for (let t = Math.ceil(first.ts / stepMs) * stepMs; last !== undefined && t <= last.ts; t += stepMs) {
    while (k + 1 < points.length && (points[k + 1]?.ts ?? Number.POSITIVE_INFINITY) <= t) k++;
    const a = points[k];
    const b = points[k + 1] ?? a;
    if (a === undefined || b === undefined || b.ts - a.ts > MAX_BRACKET_MS) continue;
    const w = b.ts > a.ts ? (t - a.ts) / (b.ts - a.ts) : 0;
    summary.positions.push([t, a.lat + (b.lat - a.lat) * w, a.lon + (b.lon - a.lon) * w]);
  }
  return summary;
}

export interface SameActivityVerdict {
  same: boolean;
  /** Common time over the shorter track's duration, 0 to 1. */
  timeOverlap: number;
  /** Common instants compared, and the share of them within SAME_PATH_METERS. */
  compared: number;
  pathShare: number;
}

/**
 * Are these two summaries one activity recorded twice (a run imported as FIT and as GPX, a watch and a
 * phone on the same athlete)? Their times must overlap for most of the shorter one, and their positions
 * at the same instants mostly coincide; without positions, their distances must agree. Whether they are
 * the same athlete's is for the caller to say: two runners side by side share a path too.
 */
export function compareActivities(a: ActivitySummary, b: ActivitySummary): SameActivityVerdict {
  const overlap = Math.min(a.endTs, b.endTs) - Math.max(a.startTs, b.startTs);
  const shorter = Math.min(a.endTs - a.startTs, b.endTs - b.startTs);
  const timeOverlap =
    overlap < 0 ? 0 : shorter > 0 ? Math.min(1, overlap / shorter) : a.startTs === b.startTs ? 1 : 0;
  const verdict: SameActivityVerdict = { same: false, timeOverlap, compared: 0, pathShare: 0 };
  if (timeOverlap < SAME_TIME_OVERLAP) return verdict;
  if (a.bbox === null || b.bbox === null) {
    const [da, db] = [a.distanceM, b.distanceM];
    verdict.same =
      a.bbox === b.bbox &&
      da !== null &&
      db !== null &&
      Math.abs(da - db) <= SAME_DISTANCE_RATIO * Math.max(da, db, 1);
    return verdict;
  }
  if (!boxesMeet(a.bbox, b.bbox)) return verdict;
  // The coarser grid's instants are on the finer one: compare there.
  const [coarse, fine] = a.stepMs >= b.stepMs ? [a, b] : [b, a];
  const byTs = new Map(fine.positions.map(([ts, lat, lon]) => [ts, [lat, lon] as const]));
  let near = 0;
  for (const [ts, lat, lon] of coarse.positions) {
    const other = byTs.get(ts);
    if (other === undefined) continue;
    verdict.compared++;
    if (haversineMeters(lat, lon, other[0], other[1]) <= SAME_PATH_METERS) near++;
  }
  verdict.pathShare = verdict.compared > 0 ? near / verdict.compared : 0;
  // A track too short for a grid instant in common (under a minute) is judged on time and box alone.
  verdict.same = verdict.compared === 0 ? timeOverlap >= 0.95 : verdict.pathShare >= SAME_PATH_SHARE;
  return verdict;
}

/** The boxes meet, allowing SAME_PATH_METERS of slack (about 0.00045° of latitude). */
function boxesMeet(a: [number, number, number, number], b: [number, number, number, number]): boolean {
  const slack = (SAME_PATH_METERS / 6_371_000) * (180 / Math.PI);
  const lonSlack = slack / Math.max(0.01, Math.cos(((a[0] + a[2]) / 2) * (Math.PI / 180)));
  return a[0] - slack <= b[2] && b[0] - slack <= a[2] && a[1] - lonSlack <= b[3] && b[1] - lonSlack <= a[3];
}
