import {
  breakElevation,
  type ElevationState,
  elevationGain,
  elevationLoss,
  emptyElevation,
  hysteresisThreshold,
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
import {
  emptyMotion,
  finishMotion,
  lastStep,
  type MotionContext,
  type MotionState,
  measureMove,
} from "./motion";
import { ACTIVITY_PARAMS, type ActivityParams } from "./params";
import { indexPauses, overlapsPause, type PauseIndex } from "./pauses";
import { pushSensors, type SensorState, sensorAverage, sensorMax } from "./sensors";
import { timeOrder, toTrackPoint, type TrackPoint } from "./track-point";
import type {
  ActivityType,
  AltitudeSource,
  PauseInterval,
  StatPoint,
  StatsOptions,
  TrackStats,
} from "./types";

/**
 * The one implementation behind every statistic: a streaming pipeline (outlier filter → motion:
 * jitter/stop filter, distance, speeds → elevation → sensors) whose whole state is small plain JSON.
 * computeStats, splits and charts run it over a full track; the live view keeps its state between batches.
 */
export interface EngineState {
  v: 2;
  activity: ActivityType;
  /** Points received, outliers and late points included. */
  count: number;
  firstTs: number | null;
  lastTs: number | null;
  filter: OutlierFilterState;
  motion: MotionState;
  elevation: ElevationState;
  sensors: SensorState;
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
  /** Reused for every point (the hot loop allocates as little as it can). */
  ctx: MotionContext;
}

export function emptyEngineState(activity: ActivityType, altitudeSource?: AltitudeSource): EngineState {
  return {
    v: 2,
    activity,
    count: 0,
    firstTs: null,
    lastTs: null,
    filter: emptyOutlierFilter(),
    motion: emptyMotion(),
    elevation: emptyElevation(altitudeSource),
    sensors: {},
  };
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
  // A pause or a confirmed jump: nothing between the two points counts (distance, time, climb).
  const isBreak =
    prev !== null &&
    anchor !== null &&
    (overlapsPause(engine.pauses, anchor.t, p.t) || (!checked && !isPlausible(prev, p, params.maxSpeedMps)));
  const e = state.elevation;
  if (isBreak) breakElevation(e);
  if (p.alt !== null) pushElevation(e, p.t, p.alt);
  // The smoothed altitude belongs to this point only if it has one (else it is an older point's).
  if (p.alt !== null && e.smoothed !== null) p.z = e.smoothed;
  let movedMs = 0;
  if (anchor === null || isBreak) {
    m.anchor = p;
    m.trail = [p];
  } else if (prev !== null) {
    engine.ctx.verticalNoiseM = hysteresisThreshold(e);
    measureMove(m, anchor, p, engine.ctx);
    movedMs = lastStep.dtMs;
  }
  const movedD = lastStep.d;
  pushSensors(state.sensors, p, prev === null || isBreak ? 0 : p.t - prev.t, m.moving && !isBreak);
  m.prev = p;
  if (movedMs > 0) engine.hooks.moved?.(p, state, movedD, movedMs);
  engine.hooks.accepted?.(p, state);
}

export function createEngine(
  state: EngineState,
  pauses?: readonly PauseInterval[],
  hooks?: EngineHooks,
): Engine {
  const params = ACTIVITY_PARAMS[state.activity];
  const engine: Engine = {
    state,
    params,
    pauses: indexPauses(pauses),
    hooks: hooks ?? {},
    sink: { accept: (p, checked) => acceptPoint(engine, p, checked), reject: () => {} },
    ctx: { stopSpeedMps: params.stopSpeedMps, maxSpeedMps: params.maxSpeedMps, verticalNoiseM: 0 },
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
  const m = engine.state.motion;
  finishMotion(m, engine.params.maxSpeedMps);
  const { d, dtMs } = lastStep;
  if (dtMs > 0 && m.prev !== null) engine.hooks.moved?.(m.prev, engine.state, d, dtMs);
}

/** Runs the pipeline over a whole track (sorted defensively, see timeOrder). */
export function runEngine(
  points: readonly StatPoint[],
  opts: StatsOptions,
  hooks?: EngineHooks,
): EngineState {
  const engine = createEngine(emptyEngineState(opts.activity, opts.altitudeSource), opts.pauses, hooks);
  for (const i of timeOrder(points)) {
    const p = points[i];
    if (p !== undefined) pushPoint(engine, p, i);
  }
  finishEngine(engine);
  return engine.state;
}

/** The mean speed, and the max speed never below it (any real speed curve reaches its mean). */
export function speedsOf(m: MotionState): { mean: number | null; max: number | null } {
  const movingSec = m.movingMs / 1000;
  const mean = movingSec > 0 ? m.distance / movingSec : null;
  // A track shorter than the window has no windowed speed: its mean speed is the best estimate.
  return { mean, max: mean === null ? null : Math.max(mean, m.maxSpeed ?? mean) };
}

/** The statistics of a finished engine state. */
export function statsOf(state: EngineState): TrackStats {
  const { motion: m, elevation: e, sensors: s } = state;
  const sensorStats = {
    avgHeartRateBpm: sensorAverage(s.hr),
    maxHeartRateBpm: sensorMax(s.hr),
    avgCadenceRpm: sensorAverage(s.cad),
    maxCadenceRpm: sensorMax(s.cad),
    avgPowerW: sensorAverage(s.pw),
    maxPowerW: sensorMax(s.pw),
    avgTemperatureC: sensorAverage(s.tc),
  };
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
      ...sensorStats,
    };
  }
  const durationSec = (state.lastTs - state.firstTs) / 1000;
  const movingTimeSec = m.movingMs / 1000;
  const speeds = speedsOf(m);
  return {
    distanceMeters: m.distance,
    durationSec,
    movingTimeSec,
    pausedTimeSec: Math.max(0, durationSec - movingTimeSec),
    elevationGainM: e.seen ? elevationGain(e) : null,
    elevationLossM: e.seen ? elevationLoss(e) : null,
    meanSpeedMps: speeds.mean,
    paceSecPerKm: m.distance > 0 ? movingTimeSec / (m.distance / 1000) : null,
    maxSpeedMps: speeds.max,
    maxAltitudeM: m.maxAlt,
    minAltitudeM: m.minAlt,
    pointsCount: state.count,
    ...sensorStats,
  };
}
