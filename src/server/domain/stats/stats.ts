import { runEngine, statsOf } from "./engine";
import type { StatPoint, StatsOptions, TrackStats } from "./types";

/**
 * Statistics of a whole track. Points should be sorted by `ts`; unsorted input is detected and sorted
 * (stable) rather than trusted. `pauses` are the athlete's explicit pauses; stops and gaps without
 * movement are found from the points. The algorithms and every threshold: docs/statistics.md.
 */
export function computeStats(points: readonly StatPoint[], opts: StatsOptions): TrackStats {
  return statsOf(runEngine(points, opts));
}
