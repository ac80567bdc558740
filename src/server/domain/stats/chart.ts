import { smoothProfile } from "./elevation";
import { runEngine } from "./engine";
import { DEFAULT_CHART_POINTS, MAX_SPEED_WINDOW_SEC } from "./params";
import type { ActivityType, PauseInterval, StatPoint } from "./types";

export interface ChartPoint {
  /** Cumulative distance, as counted by computeStats. */
  distanceMeters: number;
  /** Since the first point of the track (pauses included). */
  elapsedSec: number;
  /** Smoothed (zero-phase), null where the point has no altitude. */
  elevationM: number | null;
  /** Average over MAX_SPEED_WINDOW_SEC centred on the point; null when the window holds no time. */
  speedMps: number | null;
  lat: number;
  lon: number;
  ts: number;
}

/**
 * Series for the elevation/speed charts and the map hover: one entry per good point (outliers left out),
 * evenly thinned to at most `maxPoints` (default 1000), first and last points always kept.
 */
export function chartData(
  points: readonly StatPoint[],
  opts: { activity: ActivityType; maxPoints?: number; pauses?: readonly PauseInterval[] },
): ChartPoint[] {
  const ts: number[] = [];
  const lat: number[] = [];
  const lon: number[] = [];
  const altitude: (number | null)[] = [];
  const distance: number[] = [];
  const state = runEngine(points, opts.activity, opts.pauses, {
    accepted: (p, s) => {
      ts.push(p.t);
      lat.push(p.lat);
      lon.push(p.lon);
      altitude.push(p.alt);
      distance.push(s.motion.distance);
    },
  });
  const n = ts.length;
  if (n === 0) return [];
  // The last stretch is only settled at the end of the track (see finishEngine).
  distance[n - 1] = state.motion.distance;
  const firstTs = state.firstTs ?? ts[0] ?? 0;
  const elevation = smoothProfile(ts, altitude);

  const requested = Math.floor(opts.maxPoints ?? DEFAULT_CHART_POINTS);
  const budget = Math.max(2, Number.isFinite(requested) ? requested : DEFAULT_CHART_POINTS);
  const picks = Math.min(n, budget);
  const half = (MAX_SPEED_WINDOW_SEC * 1000) / 2;
  const out: ChartPoint[] = [];
  // Two monotone cursors bound the centred speed window: O(n) overall.
  let lo = 0;
  let hi = 0;
  for (let k = 0; k < picks; k++) {
    const i = picks === n ? k : Math.round((k * (n - 1)) / (picks - 1));
    const t = ts[i] ?? 0;
    while (lo < i && (ts[lo] ?? t) < t - half) lo++;
    if (hi < i) hi = i;
    while (hi + 1 < n && (ts[hi + 1] ?? Number.POSITIVE_INFINITY) <= t + half) hi++;
    const span = ((ts[hi] ?? t) - (ts[lo] ?? t)) / 1000;
    const covered = (distance[hi] ?? 0) - (distance[lo] ?? 0);
    out.push({
      distanceMeters: distance[i] ?? 0,
      elapsedSec: (t - firstTs) / 1000,
      elevationM: elevation[i] ?? null,
      speedMps: span > 0 ? covered / span : null,
      lat: lat[i] ?? 0,
      lon: lon[i] ?? 0,
      ts: t,
    });
  }
  return out;
}
