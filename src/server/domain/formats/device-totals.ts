import type { DeviceTotals, ParsedSample } from "./types";

/** A second of slack: devices round their times differently in the session and in the records. */
const TIME_SLACK_SEC = 2;

const positive = (value: number | undefined): number | undefined =>
  value !== undefined && Number.isFinite(value) && value >= 0 ? value : undefined;

/**
 * The device's totals with impossible values left out: negative or non-finite numbers, and times that
 * contradict one another (a timer that ran longer than the activity lasted) — then no time is trusted,
 * and `repairs` says so.
 */
export function cleanDeviceTotals(raw: DeviceTotals, repairs: string[]): DeviceTotals {
  const totals: DeviceTotals = {};
  for (const key of ["distanceM", "ascentM", "descentM", "timerSec", "elapsedSec", "movingSec"] as const) {
    const value = positive(raw[key]);
    if (value !== undefined) totals[key] = value;
  }
  const { timerSec, elapsedSec, movingSec } = totals;
  const timerTooLong =
    timerSec !== undefined && elapsedSec !== undefined && timerSec > elapsedSec + TIME_SLACK_SEC;
  const movingTooLong =
    movingSec !== undefined && Math.max(timerSec ?? 0, elapsedSec ?? 0) + TIME_SLACK_SEC < movingSec;
  if (timerTooLong || movingTooLong) {
    const detail = timerTooLong
      ? `timer time ${Math.round(timerSec ?? 0)} s exceeds elapsed time ${Math.round(elapsedSec ?? 0)} s`
      : `moving time ${Math.round(movingSec ?? 0)} s exceeds elapsed time`;
    repairs.push(`the device's summary is inconsistent (${detail}): its times are ignored`);
    delete totals.timerSec;
    delete totals.elapsedSec;
    delete totals.movingSec;
  }
  return totals;
}

/** Sums per-lap totals (TCX laps): a field is in the sum only when every lap has it. */
export function sumLapTotals(laps: readonly DeviceTotals[]): DeviceTotals {
  const totals: DeviceTotals = {};
  if (laps.length === 0) return totals;
  for (const key of ["distanceM", "ascentM", "descentM", "timerSec", "elapsedSec", "movingSec"] as const) {
    let sum = 0;
    let complete = true;
    for (const lap of laps) {
      const value = lap[key];
      if (value === undefined) complete = false;
      else sum += value;
    }
    if (complete) totals[key] = sum;
  }
  return totals;
}

/** Is a recording without positions worth importing? Only when the device measured a distance. */
export function hasDistance(samples: readonly ParsedSample[], totals: DeviceTotals): boolean {
  return (totals.distanceM ?? 0) > 0 || samples.some((s) => (s.distanceM ?? 0) > 0);
}
