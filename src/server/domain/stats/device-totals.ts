import type { TrackStats } from "./types";

/** The device's own summary, as the parsers give it (formats' DeviceTotals). */
export interface DeviceTotalsInput {
  distanceM?: number;
  ascentM?: number;
  descentM?: number;
  timerSec?: number;
  elapsedSec?: number;
  movingSec?: number;
}

/** A timer this much shorter than the activity paused (auto-pause, or the athlete's own pauses). */
const PAUSED_TIMER_SLACK_SEC = 1;

/**
 * The device's moving time, when it has one: its own moving time, or its timer if the timer paused (then
 * it ran only while moving). A timer that never paused ran through the stops too: it is no moving time,
 * and null says so.
 */
export function deviceMovingTime(totals: DeviceTotalsInput, durationSec: number | null): number | null {
  if (totals.movingSec !== undefined) return totals.movingSec;
  const { timerSec } = totals;
  const elapsed = totals.elapsedSec ?? durationSec;
  if (timerSec === undefined || elapsed === null || elapsed === undefined) return null;
  return timerSec < elapsed - PAUSED_TIMER_SLACK_SEC ? timerSec : null;
}

/**
 * The statistics with the device's own totals where the file carries them (distance, climb, descent,
 * moving time as deviceMovingTime defines it), and the figures that follow from them (mean speed, pace,
 * paused time) recomputed; everything else is ours. The max speed is never below the mean.
 */
export function preferDeviceTotals(stats: TrackStats, totals: DeviceTotalsInput | undefined): TrackStats {
  if (totals === undefined) return stats;
  const distance =
    totals.distanceM !== undefined && totals.distanceM > 0 ? totals.distanceM : stats.distanceMeters;
  const moving = deviceMovingTime(totals, stats.durationSec) ?? stats.movingTimeSec;
  const mean = distance !== null && moving !== null && moving > 0 ? distance / moving : stats.meanSpeedMps;
  const duration = stats.durationSec ?? totals.elapsedSec ?? null;
  return {
    ...stats,
    distanceMeters: distance,
    durationSec: duration,
    movingTimeSec: moving,
    pausedTimeSec:
      duration !== null && moving !== null ? Math.max(0, duration - moving) : stats.pausedTimeSec,
    elevationGainM: totals.ascentM ?? stats.elevationGainM,
    elevationLossM: totals.descentM ?? stats.elevationLossM,
    meanSpeedMps: mean,
    paceSecPerKm:
      distance !== null && distance > 0 && moving !== null ? moving / (distance / 1000) : stats.paceSecPerKm,
    maxSpeedMps: mean === null ? stats.maxSpeedMps : Math.max(mean, stats.maxSpeedMps ?? mean),
  };
}
