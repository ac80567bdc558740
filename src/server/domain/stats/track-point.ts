import { isPlausibleSensorValue, type SensorField } from "../sensors";
import type { StatPoint } from "./types";

/**
 * The compact, JSON-safe form of a point inside the statistics (it is also stored in the live state).
 * `i` is the point's index in the caller's array, so flags can be mapped back. The optional fields are
 * left out when the point has no such value, which keeps the live state small.
 */
export interface TrackPoint {
  i: number;
  t: number;
  lat: number;
  lon: number;
  alt: number | null;
  acc: number | null;
  /** The device's own cumulative distance. */
  d?: number;
  /** The smoothed altitude at this point, set once it is accepted (for the stop detection). */
  z?: number;
  hr?: number;
  cad?: number;
  pw?: number;
  tc?: number;
}

export type SensorKey = "hr" | "cad" | "pw" | "tc";
export const SENSOR_KEYS: readonly SensorKey[] = ["hr", "cad", "pw", "tc"];

const sensorValue = (value: number | null | undefined, field: SensorField): value is number =>
  typeof value === "number" && isPlausibleSensorValue(field, value);

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
  const point: TrackPoint = {
    i,
    t: p.ts,
    lat: p.lat,
    lon: p.lon,
    alt: finiteOrNull(p.altitude),
    acc: acc !== null && acc > 0 ? acc : null,
  };
  const d = finiteOrNull(p.distanceM);
  if (d !== null && d >= 0) point.d = d;
  // Stored points were checked on import; live ones come straight from devices, so check again.
  if (sensorValue(p.heartRateBpm, "heartRateBpm")) point.hr = p.heartRateBpm;
  if (sensorValue(p.cadenceRpm, "cadenceRpm")) point.cad = p.cadenceRpm;
  if (sensorValue(p.powerW, "powerW")) point.pw = p.powerW;
  if (sensorValue(p.temperatureC, "temperatureC")) point.tc = p.temperatureC;
  return point;
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
