import { PROFILE_SMOOTH_M, PROFILE_STEP_M } from "./params";

/**
 * Altitude along one lap, resampled every `stepM` metres and smoothed over PROFILE_SMOOTH_M (a box filter:
 * a recorded route's GPS altitude wobbles by metres from fix to fix, which would otherwise count as climb).
 * `gain[k]` / `loss[k]` are the cumulative climb and descent from the start to sample k.
 */
export interface ElevationProfile {
  stepM: number;
  altitude: Float64Array;
  gain: Float64Array;
  loss: Float64Array;
}

/**
 * `along[j]` is the distance along the lap of the route's j-th point (ascending), `altitude[j]` its
 * altitude or null. Null when fewer than two points have an altitude (a route drawn on the map).
 */
export function buildProfile(
  along: readonly number[],
  altitude: readonly (number | null)[],
  lapLengthM: number,
): ElevationProfile | null {
  const known: { d: number; alt: number }[] = [];
  along.forEach((d, j) => {
    const alt = altitude[j];
    if (alt !== null && alt !== undefined && Number.isFinite(alt)) known.push({ d, alt });
  });
  const first = known[0];
  if (first === undefined || known.length < 2) return null;
  const stepM = PROFILE_STEP_M;
  const n = Math.floor(lapLengthM / stepM) + 2;
  const raw = new Float64Array(n);
  let j = 0;
  for (let k = 0; k < n; k++) {
    const d = Math.min(k * stepM, lapLengthM);
    while (j + 1 < known.length && (known[j + 1]?.d ?? Number.POSITIVE_INFINITY) <= d) j++;
    const a = known[j] ?? first;
    const b = known[j + 1];
    raw[k] =
      b === undefined || b.d <= a.d || d <= a.d ? a.alt : a.alt + ((b.alt - a.alt) * (d - a.d)) / (b.d - a.d);
  }
  const smoothed = boxSmooth(raw, Math.max(0, Math.round(PROFILE_SMOOTH_M / stepM / 2)));
  const gain = new Float64Array(n);
  const loss = new Float64Array(n);
  for (let k = 1; k < n; k++) {
    const delta = (smoothed[k] ?? 0) - (smoothed[k - 1] ?? 0);
    gain[k] = (gain[k - 1] ?? 0) + Math.max(0, delta);
    loss[k] = (loss[k - 1] ?? 0) + Math.max(0, -delta);
  }
  return { stepM, altitude: smoothed, gain, loss };
}

/** Centred moving average over 2·half + 1 samples, shrinking at the ends. */
function boxSmooth(values: Float64Array, half: number): Float64Array {
  const n = values.length;
  const prefix = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) prefix[k + 1] = (prefix[k] ?? 0) + (values[k] ?? 0);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const lo = Math.max(0, k - half);
    const hi = Math.min(n - 1, k + half);
    out[k] = ((prefix[hi + 1] ?? 0) - (prefix[lo] ?? 0)) / (hi - lo + 1);
  }
  return out;
}

/** Linear interpolation of one of the profile's arrays at `d` metres into the lap. */
export function profileValue(profile: ElevationProfile, values: Float64Array, d: number): number {
  const k = d / profile.stepM;
  const i = Math.max(0, Math.min(values.length - 1, Math.floor(k)));
  const a = values[i] ?? 0;
  const b = values[Math.min(values.length - 1, i + 1)] ?? a;
  return a + (b - a) * Math.min(1, Math.max(0, k - i));
}
