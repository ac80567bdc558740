import {
  ELEVATION_GPS_HYSTERESIS_MIN_M,
  ELEVATION_GPS_SMOOTHING_SEC,
  ELEVATION_HYSTERESIS_INITIAL_M,
  ELEVATION_HYSTERESIS_MAX_M,
  ELEVATION_HYSTERESIS_MIN_M,
  ELEVATION_NOISE_CLIP_M,
  ELEVATION_NOISE_FACTOR,
  ELEVATION_NOISE_MAX_SPAN_SEC,
  ELEVATION_NOISE_SAMPLES,
  ELEVATION_SMOOTHING_SEC,
} from "./params";
import type { AltitudeSource } from "./types";

/**
 * Streaming elevation gain/loss: exponential smoothing over time (copes with irregular sampling, needs
 * no look-ahead, so the live statistics use it too), then hysteresis on the smoothed altitude whose
 * threshold follows the measured noise of the altitude. The hysteresis tracks the running extreme: a climb
 * is counted in full, from its foot to its top, as soon as it exceeds the threshold, and wiggles smaller
 * than the threshold are never counted.
 */
export interface ElevationState {
  /** Smoothed altitude, null before the first altitude and after a break. */
  smoothed: number | null;
  lastTs: number | null;
  /** 1 climbing, -1 descending, 0 not yet decided since the start or the last break. */
  dir: -1 | 0 | 1;
  /** Altitude of the last turning point. */
  ref: number;
  /** Highest (climbing) or lowest (descending) altitude since `ref`. */
  ext: number;
  /** Lowest and highest altitude while `dir` is 0. */
  lo: number;
  hi: number;
  /** Gain and loss of finished climbs and descents. */
  gain: number;
  loss: number;
  /** Whether any altitude was seen at all. */
  seen: boolean;
  /** The last two raw [ts, altitude] since the last break, for the noise estimate. */
  recent: [number, number][];
  /** Running mean of squared residuals (altitude noise variance), null until measured. */
  noiseVar: number | null;
  noiseSamples: number;
  /** Where the altitudes come from, when the source said; null: judged from the measured noise alone. */
  source: AltitudeSource | null;
}

// Read once: imported bindings are getters under the dev and test module transforms (hot loop).
const SMOOTHING_SEC = ELEVATION_SMOOTHING_SEC;
const GPS_SMOOTHING_SEC = ELEVATION_GPS_SMOOTHING_SEC;
const NOISE_FACTOR = ELEVATION_NOISE_FACTOR;
const H_MIN = ELEVATION_HYSTERESIS_MIN_M;
const H_MAX = ELEVATION_HYSTERESIS_MAX_M;
const H_INITIAL = ELEVATION_HYSTERESIS_INITIAL_M;
const H_GPS_MIN = ELEVATION_GPS_HYSTERESIS_MIN_M;
const NOISE_SAMPLES = ELEVATION_NOISE_SAMPLES;
const NOISE_MAX_SPAN_MS = ELEVATION_NOISE_MAX_SPAN_SEC * 1000;
const NOISE_CLIP = ELEVATION_NOISE_CLIP_M;

export function emptyElevation(source?: AltitudeSource): ElevationState {
  return {
    smoothed: null,
    lastTs: null,
    dir: 0,
    ref: 0,
    ext: 0,
    lo: 0,
    hi: 0,
    gain: 0,
    loss: 0,
    seen: false,
    recent: [],
    noiseVar: null,
    noiseSamples: 0,
    source: source ?? null,
  };
}

export const elevationGain = (s: ElevationState): number => s.gain + (s.dir === 1 ? s.ext - s.ref : 0);
export const elevationLoss = (s: ElevationState): number => s.loss + (s.dir === -1 ? s.ref - s.ext : 0);

/** The smoothing's time constant: GPS altitude known as such is smoothed longer (its noise is slow). */
export const smoothingSec = (source: AltitudeSource | null | undefined): number =>
  source === "gps" ? GPS_SMOOTHING_SEC : SMOOTHING_SEC;

/** Smoothing factor for a step of `dtSec` (exact for an exponential moving average in continuous time). */
export const smoothingFactor = (dtSec: number, tauSec: number): number =>
  1 - Math.exp(-Math.max(0, dtSec) / tauSec);

/**
 * The hysteresis: NOISE_FACTOR × the measured noise, within [H_MIN, H_MAX]. GPS altitude known as such
 * also wanders slowly, which no short-term noise measure sees: its floor is H_GPS_MIN.
 */
export function hysteresisThreshold(s: ElevationState): number {
  const floor = s.source === "gps" ? H_GPS_MIN : H_MIN;
  if (s.noiseVar === null) return Math.max(floor, H_INITIAL);
  return Math.min(H_MAX, Math.max(floor, NOISE_FACTOR * Math.sqrt(s.noiseVar)));
}

/**
 * Noise from the residual of the middle of three altitudes against the line through its neighbours:
 * slopes cancel out, white noise of deviation σ gives a residual of deviation σ·√(1 + w² + (1-w)²).
 */
function measureNoise(s: ElevationState, ts: number, altitude: number): void {
  const recent = s.recent;
  if (recent.length < 2) {
    recent.push([ts, altitude]);
    return;
  }
  const [a, b] = recent;
  if (a === undefined || b === undefined) return;
  // [a, b] and the new altitude c become [b, c], c in a's pair: no pair allocated per altitude (the state's
  // pairs are the pipeline's own: state-copy.ts copies them).
  const [aTs, aAlt] = a;
  a[0] = ts;
  a[1] = altitude;
  recent[0] = b;
  recent[1] = a;
  const span = ts - aTs;
  if (span > NOISE_MAX_SPAN_MS) return;
  const w = span > 0 ? (b[0] - aTs) / span : 0.5;
  const residual = b[1] - (aAlt + (altitude - aAlt) * w);
  const clipped = Math.max(-NOISE_CLIP, Math.min(NOISE_CLIP, residual));
  const sample = (clipped * clipped) / (1 + w * w + (1 - w) * (1 - w));
  s.noiseSamples++;
  s.noiseVar =
    s.noiseVar === null
      ? sample
      : s.noiseVar + (sample - s.noiseVar) / Math.min(s.noiseSamples, NOISE_SAMPLES);
}

function hysteresis(s: ElevationState, v: number): void {
  const h = hysteresisThreshold(s);
  if (s.dir === 0) {
    s.lo = Math.min(s.lo, v);
    s.hi = Math.max(s.hi, v);
    if (v - s.lo >= h) {
      s.dir = 1;
      s.ref = s.lo;
      s.ext = v;
    } else if (s.hi - v >= h) {
      s.dir = -1;
      s.ref = s.hi;
      s.ext = v;
    }
  } else if (s.dir === 1) {
    if (v > s.ext) s.ext = v;
    else if (s.ext - v >= h) {
      s.gain += s.ext - s.ref;
      s.ref = s.ext;
      s.dir = -1;
      s.ext = v;
    }
  } else if (v < s.ext) s.ext = v;
  else if (v - s.ext >= h) {
    s.loss += s.ref - s.ext;
    s.ref = s.ext;
    s.dir = 1;
    s.ext = v;
  }
}

export function pushElevation(s: ElevationState, ts: number, altitude: number): void {
  s.seen = true;
  measureNoise(s, ts, altitude);
  if (s.smoothed === null || s.lastTs === null) {
    s.smoothed = altitude;
    s.lo = altitude;
    s.hi = altitude;
    s.ref = altitude;
    s.ext = altitude;
  } else {
    s.smoothed += smoothingFactor((ts - s.lastTs) / 1000, smoothingSec(s.source)) * (altitude - s.smoothed);
  }
  s.lastTs = ts;
  hysteresis(s, s.smoothed);
}

/**
 * A break (pause, impossible jump): the climb in progress is closed as it stands and the next altitude
 * starts afresh, so a lift or a car ride during a pause adds no climb. The noise estimate is kept.
 */
export function breakElevation(s: ElevationState): void {
  s.gain = elevationGain(s);
  s.loss = elevationLoss(s);
  s.dir = 0;
  s.smoothed = null;
  s.lastTs = null;
  s.recent = [];
}

/** Zero-phase smoothing for charts: the same filter run forwards then backwards (no lag in the profile). */
export function smoothProfile(
  ts: readonly number[],
  altitude: readonly (number | null)[],
  source?: AltitudeSource,
): (number | null)[] {
  const tau = smoothingSec(source);
  const out: (number | null)[] = altitude.map(() => null);
  let prev: number | null = null;
  let prevTs = 0;
  for (let i = 0; i < altitude.length; i++) {
    const a = altitude[i];
    const t = ts[i] ?? prevTs;
    if (a === null || a === undefined) continue;
    prev = prev === null ? a : prev + smoothingFactor((t - prevTs) / 1000, tau) * (a - prev);
    prevTs = t;
    out[i] = prev;
  }
  prev = null;
  for (let i = altitude.length - 1; i >= 0; i--) {
    const a = out[i];
    const t = ts[i] ?? prevTs;
    if (a === null || a === undefined) continue;
    prev = prev === null ? a : prev + smoothingFactor((prevTs - t) / 1000, tau) * (a - prev);
    prevTs = t;
    out[i] = prev;
  }
  return out;
}
