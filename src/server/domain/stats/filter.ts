import { haversineMeters } from "./geo";
import { ACTIVITY_PARAMS, OUTLIER_CONFIRM_POINTS, OUTLIER_GAP_RESET_SEC, OUTLIER_SLACK_M } from "./params";
import { timeOrder, toTrackPoint, type TrackPoint } from "./track-point";
import type { ActivityType, StatPoint } from "./types";

/**
 * Streaming outlier filter. Points are compared with the last good point (never with the previous raw
 * point, so one spike cannot poison the next fix). Points that are impossible from there but consistent
 * among themselves gather as "suspects"; once OUTLIER_CONFIRM_POINTS of them agree, they win: either the
 * last good point was itself the outlier (a bad first fix, a spike just after a gap; it is then flagged if
 * its run is still unconfirmed) or the athlete really jumped (signal lost in a tunnel, then the track goes
 * on). Decisions are delayed by at most OUTLIER_CONFIRM_POINTS points, and the state stays small and
 * JSON-safe, so the live statistics run the very same filter as the batch ones.
 */
export interface OutlierFilterState {
  /** Last point of the current good run. */
  last: TrackPoint | null;
  /** Points in the current good run, counted up to OUTLIER_CONFIRM_POINTS. */
  support: number;
  /** Points of the current run not yet released (the run is shorter than OUTLIER_CONFIRM_POINTS). */
  tentative: TrackPoint[];
  /** Consecutive points impossible from `last` but plausible from one another. */
  suspects: TrackPoint[];
}

export interface OutlierSink {
  /** Called in time order; `checked` when `p` is already known to be plausible from the previous accepted point. */
  accept(p: TrackPoint, checked?: boolean): void;
  reject(p: TrackPoint): void;
}

// Read once: imported bindings are getters under the dev and test module transforms (hot loop).
const SLACK_M = OUTLIER_SLACK_M;
const CONFIRM_POINTS = OUTLIER_CONFIRM_POINTS;
const GAP_RESET_MS = OUTLIER_GAP_RESET_SEC * 1000;
const distanceBetween = haversineMeters;

export function emptyOutlierFilter(): OutlierFilterState {
  return { last: null, support: 0, tentative: [], suspects: [] };
}

/** Could the athlete have gone from `a` to `b` in the time between them? */
export function isPlausible(a: TrackPoint, b: TrackPoint, maxSpeedMps: number): boolean {
  const dt = Math.max(0, (b.t - a.t) / 1000);
  return distanceBetween(a.lat, a.lon, b.lat, b.lon) <= maxSpeedMps * dt + SLACK_M;
}

function release(points: TrackPoint[], emit: (p: TrackPoint) => void): void {
  if (points.length === 0) return;
  for (const p of points) emit(p);
  points.length = 0;
}

function extendRun(state: OutlierFilterState, p: TrackPoint, sink: OutlierSink): void {
  state.last = p;
  state.support = Math.min(state.support + 1, CONFIRM_POINTS);
  if (state.support < CONFIRM_POINTS) {
    state.tentative.push(p);
    return;
  }
  release(state.tentative, sink.accept);
  sink.accept(p, true);
}

export function pushOutlierFilter(
  state: OutlierFilterState,
  p: TrackPoint,
  maxSpeedMps: number,
  sink: OutlierSink,
): void {
  const last = state.last;
  if (last === null) {
    extendRun(state, p, sink);
    return;
  }
  if (isPlausible(last, p, maxSpeedMps)) {
    release(state.suspects, sink.reject);
    if (p.t - last.t > GAP_RESET_MS) {
      release(state.tentative, sink.accept);
      state.support = 0;
    }
    extendRun(state, p, sink);
    return;
  }
  const lastSuspect = state.suspects[state.suspects.length - 1];
  if (lastSuspect === undefined || !isPlausible(lastSuspect, p, maxSpeedMps)) {
    release(state.suspects, sink.reject);
  }
  state.suspects.push(p);
  if (state.suspects.length < CONFIRM_POINTS) return;
  // The suspects outvote the current run: an unconfirmed run was the outlier, a confirmed one stays.
  release(state.tentative, sink.reject);
  state.support = state.suspects.length;
  state.last = p;
  release(state.suspects, sink.accept);
}

/** End of the track: settle the pending points (the larger group wins against an unconfirmed run). */
export function flushOutlierFilter(state: OutlierFilterState, sink: OutlierSink): void {
  if (state.suspects.length > state.support) {
    release(state.tentative, sink.reject);
    const last = state.suspects[state.suspects.length - 1] ?? state.last;
    state.support = state.suspects.length;
    state.last = last;
    release(state.suspects, sink.accept);
    return;
  }
  release(state.suspects, sink.reject);
  release(state.tentative, sink.accept);
}

/**
 * `true` for points that imply an impossible speed for the activity (or have no valid time/position):
 * they are kept in storage but left out of distance, speeds, charts and the map.
 */
export function flagOutliers(points: readonly StatPoint[], activity: ActivityType): boolean[] {
  const flags = points.map(() => false);
  const { maxSpeedMps } = ACTIVITY_PARAMS[activity];
  const state = emptyOutlierFilter();
  const sink: OutlierSink = {
    accept: () => {},
    reject: (p) => {
      flags[p.i] = true;
    },
  };
  for (const i of timeOrder(points)) {
    const raw = points[i];
    if (raw === undefined) continue;
    const p = toTrackPoint(raw, i);
    if (p === null) flags[i] = true;
    else pushOutlierFilter(state, p, maxSpeedMps, sink);
  }
  flushOutlierFilter(state, sink);
  return flags;
}
