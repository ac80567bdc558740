import { haversineMeters } from "./geo";
import {
  DEFAULT_ACCURACY_M,
  DEVICE_DISTANCE_NOISE_M,
  JITTER_RADIUS_CAP_M,
  MAX_SPEED_WINDOW_SEC,
  MIN_ACCURACY_M,
  OUTLIER_SLACK_M,
  STOP_WINDOW_SEC,
  VERTICAL_PROGRESS_FACTOR,
} from "./params";
import type { TrackPoint } from "./track-point";

/**
 * Distance, moving time and speeds: the motion stage of the pipeline (engine.ts). Its state is small
 * plain JSON, kept between batches by the live view.
 */
export interface MotionState {
  /** Previous good point. */
  prev: TrackPoint | null;
  /** Last point distance was measured from; jitter around it adds nothing. */
  anchor: TrackPoint | null;
  /** Good points (one a second at most) from the latest one at least STOP_WINDOW_SEC back: moving or stopped. */
  trail: TrackPoint[];
  /** Whether the athlete was moving at the last good point. */
  moving: boolean;
  /** Whether the last good point was a stop for sure: not moving and within the anchor's noise. */
  still: boolean;
  distance: number;
  movingMs: number;
  /** [duration ms, speed] of the latest moving segments, just enough to cover MAX_SPEED_WINDOW_SEC. */
  recent: [number, number][];
  maxSpeed: number | null;
  minAlt: number | null;
  maxAlt: number | null;
}

/** What the motion stage needs from the rest of the pipeline for one point. */
export interface MotionContext {
  stopSpeedMps: number;
  maxSpeedMps: number;
  /** Vertical moves up to this are altitude noise (the elevation hysteresis threshold). */
  verticalNoiseM: number;
}

export function emptyMotion(): MotionState {
  return {
    prev: null,
    anchor: null,
    trail: [],
    moving: false,
    still: false,
    distance: 0,
    movingMs: 0,
    recent: [],
    maxSpeed: null,
    minAlt: null,
    maxAlt: null,
  };
}

// Parameters copied to module constants once: this is the hot loop, and imported bindings are getters
// under the dev and test module transforms.
const MIN_ACCURACY = MIN_ACCURACY_M;
const DEFAULT_ACCURACY = DEFAULT_ACCURACY_M;
const JITTER_CAP = JITTER_RADIUS_CAP_M;
const STOP_WINDOW_MS = STOP_WINDOW_SEC * 1000;
const SPEED_WINDOW_MS = MAX_SPEED_WINDOW_SEC * 1000;
const DEVICE_NOISE = DEVICE_DISTANCE_NOISE_M;
const SLACK = OUTLIER_SLACK_M;
const VERTICAL_FACTOR = VERTICAL_PROGRESS_FACTOR;
const distanceBetween = haversineMeters;

const accuracyOf = (acc: number | null): number => Math.max(MIN_ACCURACY, acc ?? DEFAULT_ACCURACY);

/** Two fixes closer than their accuracies added together cannot be told apart from standing still. */
const jitterRadius = (a: { acc: number | null }, b: { acc: number | null }): number =>
  Math.min(JITTER_CAP, accuracyOf(a.acc) + accuracyOf(b.acc));

/** A separation's result; one shared object, since this runs for every point (no allocation). */
const way = { d: 0, noise: 0 };

/**
 * The way from `a` to `b` and the noise it may hold: the device's own distance when both carry one that
 * agrees with their positions (it was measured along the real path, between sparse fixes too, and is
 * already free of jitter), else the straight line and the fixes' jitter radius. The result is only valid
 * until the next call.
 */
export function separation(
  a: TrackPoint,
  b: TrackPoint,
  maxSpeedMps: number,
): Readonly<{ d: number; noise: number }> {
  const chord = distanceBetween(a.lat, a.lon, b.lat, b.lon);
  const noise = jitterRadius(a, b);
  way.d = chord;
  way.noise = noise;
  if (a.d === undefined || b.d === undefined) return way;
  const delta = b.d - a.d;
  const possible = maxSpeedMps * Math.max(0, (b.t - a.t) / 1000) + SLACK;
  // Less than the straight line (beyond its noise and the outliers' slack: positions wander more than
  // their radius says), more than possible, or reset: not this way's length.
  if (delta < 0 || delta > possible || delta < chord - noise - SLACK) return way;
  way.d = delta;
  way.noise = DEVICE_NOISE;
  return way;
}

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
  const median = medianOf(m.recent, totalMs);
  if (median > record) m.maxSpeed = median;
}

function medianOf(segments: readonly [number, number][], totalMs: number): number {
  const sorted = segments.slice().sort((a, b) => b[1] - a[1]);
  let covered = 0;
  for (const [ms, speed] of sorted) {
    covered += ms;
    if (covered >= totalMs / 2) return speed;
  }
  return sorted[sorted.length - 1]?.[1] ?? 0;
}

/**
 * The speed now, as the max speed sees it: the median of the window once it covers SPEED_WINDOW_MS,
 * null before. The chart's speed series is this, so its maximum is the max speed.
 */
export function windowSpeed(m: MotionState): number | null {
  let totalMs = 0;
  for (const [ms] of m.recent) totalMs += ms;
  return totalMs < SPEED_WINDOW_MS ? null : medianOf(m.recent, totalMs);
}

/** `timed`: the segment's duration is its real travel time (not so when leaving a stop, see below). */
export function move(m: MotionState, p: TrackPoint, d: number, dtMs: number, timed: boolean): void {
  m.distance += d;
  m.movingMs += dtMs;
  m.anchor = p;
  if (!timed) return;
  m.recent.push([dtMs, d / (dtMs / 1000)]);
  updateMaxSpeed(m);
}

/**
 * Is the athlete moving? Judged on the progress over the last STOP_WINDOW_SEC: the net displacement
 * less the fixes' noise (or the device's own distance, which has none), plus VERTICAL_PROGRESS_FACTOR ×
 * the height gained or lost beyond the altitude's noise, so a steep slow climb counts as moving and
 * jitter while standing still cannot, however it hops. A gap longer than the window is judged on its own
 * average.
 */
function isMoving(m: MotionState, p: TrackPoint, ctx: MotionContext): boolean {
  const prev = m.prev;
  // The trail starts at the latest point at least the window back: with sparse fixes (smart recording)
  // that one may be well before it, and the progress is spread over the time really elapsed.
  while (m.trail.length > 1 && p.t - (m.trail[1]?.t ?? p.t) >= STOP_WINDOW_MS) m.trail.shift();
  const gap = prev !== null && p.t - prev.t >= STOP_WINDOW_MS;
  const q = gap && prev !== null ? prev : m.trail[0];
  const last = m.trail[m.trail.length - 1];
  if (last === undefined || p.t - last.t >= 1000) m.trail.push(p);
  if (q === undefined) return false;
  // Never less than the window: at the start of a track, a second of jitter is no speed.
  const seconds = Math.max(STOP_WINDOW_MS, p.t - q.t) / 1000;
  const { d, noise } = separation(q, p, ctx.maxSpeedMps);
  const climb = q.z !== undefined && p.z !== undefined ? Math.abs(p.z - q.z) - ctx.verticalNoiseM : 0;
  const progress = Math.max(0, d - noise) + VERTICAL_FACTOR * Math.max(0, climb);
  return progress / seconds >= ctx.stopSpeedMps;
}

/** What the last measureMove or finishMotion added; one shared object (no allocation per point). */
const step = { d: 0, dtMs: 0 };
export const lastStep: Readonly<{ d: number; dtMs: number }> = step;

function noStep(): void {
  step.d = 0;
  step.dtMs = 0;
}

/**
 * Distance and moving time from the anchor to `p`, unless stopped or `p` is jitter around the anchor.
 * What it added is in `lastStep` (0, 0 when nothing).
 */
export function measureMove(m: MotionState, anchor: TrackPoint, p: TrackPoint, ctx: MotionContext): void {
  noStep();
  const wasMoving = m.moving;
  m.moving = isMoving(m, p, ctx);
  m.still = false;
  const dtMs = p.t - anchor.t;
  if (dtMs <= 0) return;
  const { d, noise } = separation(anchor, p, ctx.maxSpeedMps);
  m.still = !m.moving && d < noise;
  if (!m.moving) {
    // Within the anchor's noise: a stop, so the clock restarts. Beyond it but not clearly moving yet:
    // maybe a start, so up to STOP_WINDOW_SEC of it may still become moving time. The anchor keeps its
    // place either way: what is really covered while "stopped" is counted when the athlete moves on.
    const t = d < noise ? p.t : Math.max(anchor.t, p.t - STOP_WINDOW_MS);
    if (t !== anchor.t) m.anchor = { ...anchor, t };
    return;
  }
  if (d < noise) return;
  // Leaving a stop, the segment may carry distance covered slowly while "stopped": not a speed sample.
  move(m, p, d, dtMs, wasMoving);
  step.d = d;
  step.dtMs = dtMs;
}

/** The last stretch, shorter than the jitter radius, counted at the end if the athlete was moving. */
export function finishMotion(m: MotionState, maxSpeedMps: number): void {
  noStep();
  const { prev, anchor } = m;
  if (!m.moving || prev === null || anchor === null || prev.t <= anchor.t) return;
  const { d } = separation(anchor, prev, maxSpeedMps);
  move(m, prev, d, prev.t - anchor.t, true);
  step.d = d;
  step.dtMs = prev.t - anchor.t;
}
