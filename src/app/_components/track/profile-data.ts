import type { TChartResponse } from "~/server/api/schemas/track";

/**
 * What the track page's map and charts draw, column by column and rounded to what they can show: the
 * chart response as it is (an object per point with every field, 17-digit numbers) made the largest part
 * of the page's payload — ≈ 240 kB for 1,000 points and the path — which the browser parses before it
 * hydrates. Columns without key names and rounded values make it ≈ 4× smaller. Pure: built on the server
 * (the page), read on the client (TrackView).
 */
export interface TrackProfile {
  /** Cumulative distance, metres. */
  distance: number[];
  elevation: Array<number | null>;
  speedKmh: Array<number | null>;
  heartRate: Array<number | null>;
  cadence: Array<number | null>;
  power: Array<number | null>;
  /** The point's position (null for a recording without GPS), for the map's hover marker. */
  lat: Array<number | null>;
  lon: Array<number | null>;
  /** The simplified [lat, lon] line of the map. */
  path: Array<[number, number]>;
}

const round = (digits: number) => {
  const f = 10 ** digits;
  return (v: number) => Math.round(v * f) / f;
};
/** 10⁻⁶ degree is ≈ 0.1 m: below what a map shows and a GPS measures. */
const degrees = round(6);
const tenth = round(1);
const nullable = (f: (v: number) => number) => (v: number | null | undefined) =>
  v === null || v === undefined ? null : f(v);

export function trackProfile(chart: Pick<TChartResponse, "points" | "path">): TrackProfile {
  const pick = <T>(f: (p: TChartResponse["points"][number]) => T) => chart.points.map(f);
  return {
    distance: pick((p) => Math.round(p.distance_m)),
    elevation: pick((p) => nullable(tenth)(p.elevation_m)),
    speedKmh: pick((p) => nullable((v) => tenth(v * 3.6))(p.speed_mps)),
    heartRate: pick((p) => nullable(Math.round)(p.heart_rate_bpm)),
    cadence: pick((p) => nullable(Math.round)(p.cadence_rpm)),
    power: pick((p) => nullable(Math.round)(p.power_w)),
    lat: pick((p) => nullable(degrees)(p.lat)),
    lon: pick((p) => nullable(degrees)(p.lon)),
    path: chart.path.map(([lat, lon]): [number, number] => [degrees(lat), degrees(lon)]),
  };
}
