/** Statistics whose value follows from others: filled in when missing (an app's /sync gave only totals). */
export interface RateInputs {
  distanceMeters: number | null;
  durationSec: number | null;
  movingTimeSec: number | null;
  meanSpeedMps: number | null;
  paceSecPerKm: number | null;
}

/**
 * Mean speed (distance / moving time, or / duration when moving time is unknown) and pace (the same time per
 * km), when they are missing and can be derived; values already there are kept.
 */
export function withDerivedRates<S extends RateInputs>(stats: S): S {
  const time = stats.movingTimeSec ?? stats.durationSec;
  const distance = stats.distanceMeters;
  if (time === null || distance === null || time <= 0) return stats;
  return {
    ...stats,
    meanSpeedMps: stats.meanSpeedMps ?? distance / time,
    paceSecPerKm: stats.paceSecPerKm ?? (distance > 0 ? time / (distance / 1000) : null),
  };
}
