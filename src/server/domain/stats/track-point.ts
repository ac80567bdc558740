import type { StatPoint } from "./types";

/**
 * The compact, JSON-safe form of a point inside the statistics (it is also stored in the live state).
 * `i` is the point's index in the caller's array, so flags can be mapped back.
 */
export interface TrackPoint {
  i: number;
  t: number;
  lat: number;
  lon: number;
  alt: number | null;
  acc: number | null;
}

const finiteOrNull = (value: number | null | undefined): number | null =>
  typeof value === "number" && Number.isFinite(value) ? value : null;

/** Null when the fix has no usable time or position (it is then treated as an outlier). */
export function toTrackPoint(p: StatPoint, i: number): TrackPoint | null {
  const valid =
    Number.isFinite(p.ts) &&
    Number.isFinite(p.lat) &&
    Number.isFinite(p.lon) &&
    Math.abs(p.lat) <= 90 &&
    Math.abs(p.lon) <= 180;
  if (!valid) return null;
  const acc = finiteOrNull(p.accuracy);
  return {
    i,
    t: p.ts,
    lat: p.lat,
    lon: p.lon,
    alt: finiteOrNull(p.altitude),
    acc: acc !== null && acc > 0 ? acc : null,
  };
}

/**
 * Indices of `points` in time order. Callers should pass sorted points, but this is checked in O(n) and,
 * only when needed, fixed with a stable sort (equal timestamps keep their order), so the statistics never
 * silently depend on the caller.
 */
export function timeOrder(points: readonly StatPoint[]): number[] {
  const order = points.map((_, i) => i);
  let sorted = true;
  let last = Number.NEGATIVE_INFINITY;
  for (const p of points) {
    if (!Number.isFinite(p.ts)) continue;
    if (p.ts < last) {
      sorted = false;
      break;
    }
    last = p.ts;
  }
  if (sorted) return order;
  const tsOf = (i: number) => points[i]?.ts ?? Number.NaN;
  // Invalid timestamps go last; they are flagged anyway.
  const key = (i: number) => (Number.isFinite(tsOf(i)) ? tsOf(i) : Number.POSITIVE_INFINITY);
  return order.sort((a, b) => key(a) - key(b));
}
