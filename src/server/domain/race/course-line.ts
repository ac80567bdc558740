import { haversineMeters } from "~/server/domain/stats/geo";

/**
 * A course's line alone: one lap's vertices and the distance along it, run `laps` times. What a position
 * along the course needs — the server's Course holds one, and a browser rebuilds it from the line the course
 * response carries (the same vertices, the same haversine sums), so both place a distance at the same point.
 */
export interface CourseLine {
  lat: Float64Array;
  lon: Float64Array;
  /** Distance along the lap at each vertex (haversine), and each segment's length. */
  cum: Float64Array;
  segmentM: Float64Array;
  lapLengthM: number;
  laps: number;
  lengthM: number;
}

export function courseLine(lat: Float64Array, lon: Float64Array, laps: number): CourseLine {
  const n = lat.length;
  const cum = new Float64Array(n);
  const segmentM = new Float64Array(Math.max(0, n - 1));
  for (let k = 1; k < n; k++) {
    segmentM[k - 1] = haversineMeters(lat[k - 1] ?? 0, lon[k - 1] ?? 0, lat[k] ?? 0, lon[k] ?? 0);
    cum[k] = (cum[k - 1] ?? 0) + (segmentM[k - 1] ?? 0);
  }
  const lapLengthM = cum[n - 1] ?? 0;
  return { lat, lon, cum, segmentM, lapLengthM, laps, lengthM: lapLengthM * laps };
}

/**
 * The line of a course response ([lat, lon] pairs of one lap, and the whole course's length): the laps are
 * the whole length over the lap's.
 */
export function courseLineOf(
  line: readonly (readonly [number, number])[],
  lengthM: number,
): CourseLine | null {
  if (line.length < 2) return null;
  const built = courseLine(
    Float64Array.from(line, (p) => p[0]),
    Float64Array.from(line, (p) => p[1]),
    1,
  );
  if (!(built.lapLengthM > 0)) return null;
  const laps = Math.max(1, Math.round(lengthM / built.lapLengthM));
  return { ...built, laps, lengthM: built.lapLengthM * laps };
}

/** Distance into the lap, and the lap (0-based), of a distance along the course; the finish is the last lap's end. */
export function inLap(course: CourseLine, d: number): { lap: number; d: number } {
  const clamped = Math.max(0, Math.min(course.lengthM, d));
  const lap = Math.min(course.laps - 1, Math.floor(clamped / course.lapLengthM));
  return { lap, d: clamped - lap * course.lapLengthM };
}

/** Index of the segment holding `d` metres into the lap (binary search on the cumulative distance). */
function segmentAt(course: CourseLine, d: number): number {
  let lo = 0;
  let hi = course.cum.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((course.cum[mid] ?? 0) <= d) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export function positionAt(course: CourseLine, distanceM: number): { lat: number; lon: number } {
  const { d } = inLap(course, distanceM);
  const s = segmentAt(course, d);
  const len = course.segmentM[s] ?? 0;
  const f = len > 0 ? Math.min(1, Math.max(0, (d - (course.cum[s] ?? 0)) / len)) : 0;
  const aLat = course.lat[s] ?? 0;
  const aLon = course.lon[s] ?? 0;
  return {
    lat: aLat + f * ((course.lat[s + 1] ?? aLat) - aLat),
    lon: aLon + f * ((course.lon[s + 1] ?? aLon) - aLon),
  };
}
