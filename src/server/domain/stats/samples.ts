import { type ChartPoint, chartData } from "./chart";
import { EARTH_RADIUS_M } from "./geo";
import { computeStats } from "./stats";
import type { StatPoint, StatsOptions, TrackStats } from "./types";

/** A recording without position (treadmill, indoor trainer): what the device measured, as ParsedSample. */
export type StatSample = Omit<StatPoint, "lat" | "lon" | "accuracy">;

const DEG = 180 / Math.PI;

/**
 * The samples laid out along a meridian by the device's distance, so the very pipeline of GPS tracks
 * runs on them: the device's distance is then the way between two points (as it is for a FIT file with
 * positions), stops are where it stands still, climb and sensors are read as usual. The positions are
 * only a carrier and never leave this file. A sample without distance stays where the last one was.
 */
function alongMeridian(samples: readonly StatSample[]): StatPoint[] {
  let last = 0;
  return samples.map((s) => {
    const distance = typeof s.distanceM === "number" && Number.isFinite(s.distanceM) ? s.distanceM : null;
    if (distance !== null) last = distance;
    return { ...s, lat: (last / EARTH_RADIUS_M) * DEG, lon: 0, accuracy: 1, distanceM: distance ?? last };
  });
}

/** computeStats for a recording without GPS, with the same definitions (docs/statistics.md). */
export function computeSampleStats(samples: readonly StatSample[], opts: StatsOptions): TrackStats {
  return computeStats(alongMeridian(samples), opts);
}

/** chartData for a recording without GPS: the same series, without a position. */
export function sampleChartData(
  samples: readonly StatSample[],
  opts: StatsOptions & { maxPoints?: number },
): Omit<ChartPoint, "lat" | "lon">[] {
  return chartData(alongMeridian(samples), opts).map(({ lat: _lat, lon: _lon, ...rest }) => rest);
}
