import { smoothProfile } from "./elevation";
import { runEngine, speedsOf } from "./engine";
import { windowSpeed } from "./motion";
import { DEFAULT_CHART_POINTS } from "./params";
import type { StatPoint, StatsOptions } from "./types";

export interface ChartPoint {
  /** Cumulative distance, as counted by computeStats. */
  distanceMeters: number;
  /** Since the first point of the track (pauses included). */
  elapsedSec: number;
  /** Smoothed (zero-phase), null where the point has no altitude. */
  elevationM: number | null;
  /**
   * The statistics' own speed at the point (docs/statistics.md, Charts): 0 at a stop, else the max
   * speed's window ending here. Its maximum over the series is computeStats' maxSpeedMps.
   */
  speedMps: number | null;
  /** The point's sensor readings, null where it has none. */
  heartRateBpm: number | null;
  cadenceRpm: number | null;
  powerW: number | null;
  temperatureC: number | null;
  lat: number;
  lon: number;
  ts: number;
}

/**
 * Series for the elevation/speed/sensor charts and the map hover: one entry per good point (outliers
 * left out), evenly thinned to at most `maxPoints` (default 1000), first and last points always kept, and
 * the point of the max speed too. Distance and speed come from the same run of the pipeline as the
 * statistics, so the chart and the figures beside it agree.
 */
export function chartData(
  points: readonly StatPoint[],
  opts: StatsOptions & { maxPoints?: number },
): ChartPoint[] {
  const rows: Omit<ChartPoint, "elapsedSec" | "elevationM">[] = [];
  const altitude: (number | null)[] = [];
  const state = runEngine(points, opts, {
    accepted: (p, s) => {
      const m = s.motion;
      rows.push({
        distanceMeters: m.distance,
        speedMps: m.still ? 0 : windowSpeed(m),
        heartRateBpm: p.hr ?? null,
        cadenceRpm: p.cad ?? null,
        powerW: p.pw ?? null,
        temperatureC: p.tc ?? null,
        lat: p.lat,
        lon: p.lon,
        ts: p.t,
      });
      altitude.push(p.alt);
    },
  });
  const n = rows.length;
  const last = rows[n - 1];
  if (last === undefined) return [];
  // The last stretch is only settled at the end of the track (see finishMotion).
  const m = state.motion;
  last.distanceMeters = m.distance;
  last.speedMps = m.still ? 0 : windowSpeed(m);
  fillSpeeds(rows, speedsOf(m).mean);

  const firstTs = state.firstTs ?? rows[0]?.ts ?? 0;
  const elevation = smoothProfile(
    rows.map((r) => r.ts),
    altitude,
    opts.altitudeSource,
  );
  return pickIndices(rows, opts.maxPoints).map((i) => {
    const row = rows[i] ?? last;
    return { ...row, elapsedSec: (row.ts - firstTs) / 1000, elevationM: elevation[i] ?? null };
  });
}

/**
 * Points without a full window yet (the start, a start that is not yet sure) take the next window's
 * value: they are part of it. On a track too short for any window, the mean speed, as computeStats does.
 */
function fillSpeeds(rows: { speedMps: number | null }[], mean: number | null): void {
  let next: number | null = null;
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i];
    if (row === undefined) continue;
    if (row.speedMps !== null && row.speedMps > 0) next = row.speedMps;
    else if (row.speedMps === null) row.speedMps = next ?? mean;
  }
}

/** Evenly spread indices, first and last included; the fastest point replaces its nearest pick. */
function pickIndices(rows: readonly { speedMps: number | null }[], maxPoints: number | undefined): number[] {
  const n = rows.length;
  const requested = Math.floor(maxPoints ?? DEFAULT_CHART_POINTS);
  const budget = Math.max(2, Number.isFinite(requested) ? requested : DEFAULT_CHART_POINTS);
  if (n <= budget) return rows.map((_, i) => i);
  const picks = Array.from({ length: budget }, (_, k) => Math.round((k * (n - 1)) / (budget - 1)));
  let fastest = 0;
  for (let i = 1; i < n; i++) if ((rows[i]?.speedMps ?? 0) > (rows[fastest]?.speedMps ?? 0)) fastest = i;
  if (budget < 3 || picks.includes(fastest)) return picks;
  let k = Math.round((fastest * (budget - 1)) / (n - 1));
  k = Math.min(budget - 2, Math.max(1, k));
  // The picks either side stay on their side: the order is kept.
  if ((picks[k - 1] ?? 0) < fastest && fastest < (picks[k + 1] ?? n)) picks[k] = fastest;
  return picks;
}
