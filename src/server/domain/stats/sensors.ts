import { STOP_WINDOW_SEC } from "./params";
import { SENSOR_KEYS, type SensorKey, type TrackPoint } from "./track-point";

/** Running figures of one sensor channel: time-weighted sum over moving time, plain sum, maximum. */
export interface SensorAcc {
  sum: number;
  ms: number;
  plain: number;
  n: number;
  max: number;
}

export type SensorState = Partial<Record<SensorKey, SensorAcc>>;

/** A gap between points says nothing about what the sensor read in it: a step weighs at most this. */
const MAX_WEIGHT_MS = STOP_WINDOW_SEC * 1000;

/**
 * Adds the readings of a good point: its maximum always, its average weighted by the time since the
 * previous good point when the athlete was moving (as a device's timer with auto-pause would). A cadence
 * of 0 (coasting, standing) is no cadence: it does not pull the average down.
 */
export function pushSensors(s: SensorState, p: TrackPoint, stepMs: number, moving: boolean): void {
  for (const key of SENSOR_KEYS) {
    const value = p[key];
    if (value === undefined) continue;
    let acc = s[key];
    if (acc === undefined) {
      acc = { sum: 0, ms: 0, plain: 0, n: 0, max: value };
      s[key] = acc;
    }
    if (value > acc.max) acc.max = value;
    if (key === "cad" && value === 0) continue;
    acc.plain += value;
    acc.n++;
    const w = Math.min(MAX_WEIGHT_MS, Math.max(0, stepMs));
    if (moving && w > 0) {
      acc.sum += value * w;
      acc.ms += w;
    }
  }
}

/** Average over moving time; without any, the plain mean of the readings; null without readings. */
export function sensorAverage(acc: SensorAcc | undefined): number | null {
  if (acc === undefined || acc.n === 0) return null;
  return acc.ms > 0 ? acc.sum / acc.ms : acc.plain / acc.n;
}

export const sensorMax = (acc: SensorAcc | undefined): number | null => (acc === undefined ? null : acc.max);
