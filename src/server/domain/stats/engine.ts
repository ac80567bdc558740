import {
  breakElevation,
  type ElevationState,
  elevationGain,
  elevationLoss,
  emptyElevation,
  pushElevation,
} from "./elevation";
import {
  emptyOutlierFilter,
  flushOutlierFilter,
  isPlausible,
  type OutlierFilterState,
  type OutlierSink,
  pushOutlierFilter,
} from "./filter";
import { haversineMeters } from "./geo";
import {
  ACTIVITY_PARAMS,
  type ActivityParams,
  DEFAULT_ACCURACY_M,
  JITTER_RADIUS_CAP_M,
  MAX_SPEED_WINDOW_SEC,
  MIN_ACCURACY_M,
  STOP_WINDOW_SEC,
} from "./params";
import { indexPauses, overlapsPause, type PauseIndex } from "./pauses";
import { timeOrder, toTrackPoint, type TrackPoint } from "./track-point";
import type { ActivityType, PauseInterval, StatPoint, TrackStats } from "./types";

/**
 * The one implementation behind every statistic: a streaming pipeline (outlier filter → jitter/stop
 * filter and distance → elevation) whose whole state is small plain JSON. computeStats, splits and charts
 * run it over a full track; the live view keeps its state between batches.
 */
export interface MotionState {
  /** Previous good point. */
  prev: TrackPoint | null;
  /** Last point distance was measured from; jitter around it adds nothing. */
  anchor: TrackPoint | null;
  /** Good points of the last STOP_WINDOW_SEC (one a second at most), to tell moving from stopped. */
  trail: TrackPoint[];
  /** Whether the athlete was moving at the last good point. */
  moving: boolean;
  distance: number;
  movingMs: number;
  /** [duration ms, speed] of the latest moving segments, just enough to cover MAX_SPEED_WINDOW_SEC. */
  recent: [number, number][];
  maxSpeed: number | null;
  minAlt: number | null;
  maxAlt: number | null;
}

export interface EngineState {
  v: 1;
  activity: ActivityType;
  /** Points received, outliers and late points included. */
  count: number;
  firstTs: number | null;
  lastTs: number | null;
  filter: OutlierFilterState;
  motion: MotionState;
  elevation: ElevationState;
}

export interface EngineHooks {
  /** A good point, once applied to the state (in time order). */
  accepted?(p: TrackPoint, state: EngineState): void;
  /** A good point that added `d` metres over `dtMs` of moving time, once applied. */
  moved?(p: TrackPoint, state: EngineState, d: number, dtMs: number): void;
}

export interface Engine {
  state: EngineState;
  params: ActivityParams;
  pauses: PauseIndex;
  hooks: EngineHooks;
  sink: OutlierSink;
}

export function emptyEngineState(activity: ActivityType): EngineState {
  return {
    v: 1,
    activity,
    count: 0,
    firstTs: null,
    lastTs: null,
    filter: emptyOutlierFilter(),
    motion: {
      prev: null,
      anchor: null,
      trail: [],
      moving: false,
      distance: 0,
      movingMs: 0,
      recent: [],
      maxSpeed: null,
      minAlt: null,
      maxAlt: null,
    },
    elevation: emptyElevation(),
  };
}

// Parameters copied to module constants once: this is the hot loop, and imported bindings are getters
// under the dev and test module transforms.
const MIN_ACCURACY = MIN_ACCURACY_M;
const DEFAULT_ACCURACY = DEFAULT_ACCURACY_M;
const JITTER_CAP = JITTER_RADIUS_CAP_M;
const STOP_WINDOW_MS = STOP_WINDOW_SEC * 1000;
const SPEED_WINDOW_MS = MAX_SPEED_WINDOW_SEC * 1000;
const distanceBetween = haversineMeters;

const accuracyOf = (p: TrackPoint): number => Math.max(MIN_ACCURACY, p.acc ?? DEFAULT_ACCURACY);

/** Two fixes closer than their accuracies added together cannot be told apart from standing still. */
const jitterRadius = (a: TrackPoint, b: TrackPoint): number =>
  Math.min(JITTER_CAP, accuracyOf(a) + accuracyOf(b));

/**
 * Max speed: the duration-weighted median speed of the latest moving segments covering at least
 * SPEED_WINDOW_MS. A glitch lasting a second or two is a minority of the window and cannot move it.
 */
function updateMaxSpeed(m: MotionState): void {
  let totalMs = 0;
  for (const [ms] of m.recent) totalMs += ms;
  while (m.recent.length > 1 && totalMs - (m.recent[0]?.[0] ?? 0) >= SPEED_WINDOW_MS) {
    totalMs -= m.recent[0]?.[0] ?? 0;
    m.recent.shift();
  }
  if (totalMs < SPEED_WINDOW_MS) return;
  // The median beats the record only if more than half the window is faster: skip the sort otherwise.
  const record = m.maxSpeed ?? Number.NEGATIVE_INFINITY;
  let fasterMs = 0;
  for (const [ms, speed] of m.recent) if (speed > record) fasterMs += ms;
  if (fasterMs < totalMs / 2) return;
  const sorted = m.recent.slice().sort((a, b) => b[1] - a[1]);
  let covered = 0;
  for (const [ms, speed] of sorted) {
    covered += ms;
    if (covered >= totalMs / 2) {
      if (speed > record) m.maxSpeed = speed;
      return;
    }
  }
}

/** `timed`: the segment's duration is its real travel time (not so when leaving a stop, see below). */
function move(m: MotionState, p: TrackPoint, d: number, dtMs: number, timed: boolean): void {
  m.distance += d;
  m.movingMs += dtMs;
  m.anchor = p;
  if (!timed) return;
  m.recent.push([dtMs, d / (dtMs / 1000)]);
  updateMaxSpeed(m);
}

/**
 * Is the athlete moving? Judged on the net displacement over the last STOP_WINDOW_SEC, less the fixes'
 * noise, so jitter while standing still cannot pass for movement however it hops. A gap longer than the
 * window is judged on its own average speed.
 */
function isMoving(engine: Engine, prev: TrackPoint, p: TrackPoint): boolean {
  const { motion: m } = engine.state;
  while (m.trail.length > 0 && p.t - (m.trail[0]?.t ?? p.t) > STOP_WINDOW_MS) m.trail.shift();
  const gap = p.t - prev.t >= STOP_WINDOW_MS;
  const q = gap ? prev : (m.trail[0] ?? p);
  const seconds = (gap ? p.t - prev.t : STOP_WINDOW_MS) / 1000;
  const net = distanceBetween(q.lat, q.lon, p.lat, p.lon) - jitterRadius(q, p);
  const last = m.trail[m.trail.length - 1];
  if (last === undefined || p.t - last.t >= 1000) m.trail.push(p);
  return net / seconds >= engine.params.stopSpeedMps;
}

/** Distance and moving time from the anchor to `p`, unless stopped or `p` is jitter around the anchor. */
function measureMove(engine: Engine, prev: TrackPoint, anchor: TrackPoint, p: TrackPoint): void {
  const m = engine.state.motion;
  const wasMoving = m.moving;
  m.moving = isMoving(engine, prev, p);
  const dtMs = p.t - anchor.t;
  if (dtMs <= 0) return;
  const d = distanceBetween(anchor.lat, anchor.lon, p.lat, p.lon);
  const r = jitterRadius(anchor, p);
  if (!m.moving) {
    // Within the anchor's noise: a stop, so the clock restarts. Beyond it but not clearly moving yet:
    // maybe a start, so up to STOP_WINDOW_SEC of it may still become moving time. The anchor keeps its
    // place either way: what is really covered while "stopped" is counted when the athlete moves on.
    const t = d < r ? p.t : Math.max(anchor.t, p.t - STOP_WINDOW_MS);
    if (t !== anchor.t) m.anchor = { ...anchor, t };
    return;
  }
  if (d < r) return;
  // Leaving a stop, the segment may carry distance covered slowly while "stopped": not a speed sample.
  move(m, p, d, dtMs, wasMoving);
  engine.hooks.moved?.(p, engine.state, d, dtMs);
}

function acceptPoint(engine: Engine, p: TrackPoint, checked = false): void {
  const { state, params } = engine;
  const m = state.motion;
  if (p.alt !== null) {
    m.minAlt = m.minAlt === null ? p.alt : Math.min(m.minAlt, p.alt);
    m.maxAlt = m.maxAlt === null ? p.alt : Math.max(m.maxAlt, p.alt);
  }
  const prev = m.prev;
  const anchor = m.anchor ?? prev;
  m.prev = p;
  // A pause or a confirmed jump: nothing between the two points counts (distance, time, climb).
  const isBreak =
    prev !== null &&
    anchor !== null &&
    (overlapsPause(engine.pauses, anchor.t, p.t) || (!checked && !isPlausible(prev, p, params.maxSpeedMps)));
  if (isBreak) breakElevation(state.elevation);
  if (p.alt !== null) pushElevation(state.elevation, p.t, p.alt);
  if (anchor === null || isBreak) {
    m.anchor = p;
    m.trail = [p];
  } else if (prev !== null) measureMove(engine, prev, anchor, p);
  engine.hooks.accepted?.(p, state);
}

export function createEngine(
  state: EngineState,
  pauses?: readonly PauseInterval[],
  hooks?: EngineHooks,
): Engine {
  const engine: Engine = {
    state,
    params: ACTIVITY_PARAMS[state.activity],
    pauses: indexPauses(pauses),
    hooks: hooks ?? {},
    sink: { accept: (p, checked) => acceptPoint(engine, p, checked), reject: () => {} },
  };
  return engine;
}

/**
 * Feeds one point. Points older than the last one seen are counted but otherwise ignored (the live view
 * gets them late; the full recompute at finish places them).
 */
export function pushPoint(engine: Engine, raw: StatPoint, i: number): void {
  const { state } = engine;
  state.count++;
  const p = toTrackPoint(raw, i);
  if (p === null || (state.lastTs !== null && p.t < state.lastTs)) return;
  state.firstTs ??= p.t;
  state.lastTs = p.t;
  pushOutlierFilter(state.filter, p, engine.params.maxSpeedMps, engine.sink);
}

/** Settles the points the outlier filter still holds; call once, at the end. */
export function finishEngine(engine: Engine): void {
  flushOutlierFilter(engine.state.filter, engine.sink);
  // The last stretch may be shorter than the jitter radius; if the athlete was moving, it is real.
  const { motion: m } = engine.state;
  const { prev, anchor } = m;
  if (!m.moving || prev === null || anchor === null || prev.t <= anchor.t) return;
  const d = distanceBetween(anchor.lat, anchor.lon, prev.lat, prev.lon);
  move(m, prev, d, prev.t - anchor.t, true);
  engine.hooks.moved?.(prev, engine.state, d, prev.t - anchor.t);
}

/** Runs the pipeline over a whole track (sorted defensively, see timeOrder). */
export function runEngine(
  points: readonly StatPoint[],
  activity: ActivityType,
  pauses?: readonly PauseInterval[],
  hooks?: EngineHooks,
): EngineState {
  const engine = createEngine(emptyEngineState(activity), pauses, hooks);
  for (const i of timeOrder(points)) {
    const p = points[i];
    if (p !== undefined) pushPoint(engine, p, i);
  }
  finishEngine(engine);
  return engine.state;
}

/** The statistics of a finished engine state. */
export function statsOf(state: EngineState): TrackStats {
  const { motion: m, elevation: e } = state;
  if (state.firstTs === null || state.lastTs === null || m.prev === null) {
    return {
      distanceMeters: null,
      durationSec: null,
      movingTimeSec: null,
      pausedTimeSec: null,
      elevationGainM: null,
      elevationLossM: null,
      meanSpeedMps: null,
      paceSecPerKm: null,
      maxSpeedMps: null,
      maxAltitudeM: null,
      minAltitudeM: null,
      pointsCount: state.count,
    };
  }
  const durationSec = (state.lastTs - state.firstTs) / 1000;
  const movingTimeSec = m.movingMs / 1000;
  const meanSpeedMps = movingTimeSec > 0 ? m.distance / movingTimeSec : null;
  return {
    distanceMeters: m.distance,
    durationSec,
    movingTimeSec,
    pausedTimeSec: Math.max(0, durationSec - movingTimeSec),
    elevationGainM: e.seen ? elevationGain(e) : null,
    elevationLossM: e.seen ? elevationLoss(e) : null,
    meanSpeedMps,
    paceSecPerKm: m.distance > 0 ? movingTimeSec / (m.distance / 1000) : null,
    // A track shorter than the window has no windowed speed: its mean speed is the best estimate.
    maxSpeedMps: meanSpeedMps === null ? null : (m.maxSpeed ?? meanSpeedMps),
    maxAltitudeM: m.maxAlt,
    minAltitudeM: m.minAlt,
    pointsCount: state.count,
  };
}
