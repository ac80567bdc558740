import { EARTH_RADIUS_M } from "~/server/domain/stats/geo";
import type { StatPoint } from "~/server/domain/stats";

/** Synthetic tracks with known answers, laid out in metres around a fixed origin (Grenoble). */
export const ORIGIN = { lat: 45.188, lon: 5.724 };
export const T0 = Date.UTC(2026, 4, 17, 8, 0, 0);

const DEG = 180 / Math.PI;

/** Position `north`/`east` metres from the origin (exact along a meridian, ~1e-6 relative otherwise). */
export function at(north: number, east: number): { lat: number; lon: number } {
  const lat = ORIGIN.lat + (north / EARTH_RADIUS_M) * DEG;
  const lon = ORIGIN.lon + (east / (EARTH_RADIUS_M * Math.cos(ORIGIN.lat / DEG))) * DEG;
  return { lat, lon };
}

export interface Sample {
  /** Seconds since T0. */
  t: number;
  north: number;
  east: number;
  altitude?: number | null;
  accuracy?: number | null;
}

export const toPoints = (samples: readonly Sample[]): StatPoint[] =>
  samples.map((s) => ({
    ts: T0 + Math.round(s.t * 1000),
    ...at(s.north, s.east),
    altitude: s.altitude ?? null,
    accuracy: s.accuracy ?? null,
  }));

/** Due north at `speedMps`, one fix every `intervalSec`, from t = 0 to t = `seconds` inclusive. */
export function northLine(opts: {
  speedMps: number;
  seconds: number;
  intervalSec?: number;
  startSec?: number;
  startNorth?: number;
  altitude?: (t: number) => number | null;
  accuracy?: number | null;
}): Sample[] {
  const step = opts.intervalSec ?? 1;
  const samples: Sample[] = [];
  for (let t = 0; t <= opts.seconds + 1e-9; t += step) {
    samples.push({
      t: (opts.startSec ?? 0) + t,
      north: (opts.startNorth ?? 0) + opts.speedMps * t,
      east: 0,
      altitude: opts.altitude ? opts.altitude(t) : null,
      accuracy: opts.accuracy ?? null,
    });
  }
  return samples;
}

/** Deterministic PRNG (mulberry32), so noisy tracks are the same on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Normal deviate (Box-Muller) from a uniform source. */
export function gaussian(rand: () => number): number {
  const u = Math.max(rand(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/**
 * Barometric altitude on flat ground, as a wrist barometer records it: weather drift (`driftM` over the
 * hour), slow wander from temperature and wind (AR(1), σ `wanderM`, correlated over ~30 s), fast noise
 * (σ 0.1 m), quantised to 0.2 m like a FIT file. The true climb is 0.
 */
export function barometricFlat(opts: { seconds: number; seed: number; driftM?: number; wanderM?: number }) {
  const rand = random(opts.seed);
  const keep = Math.exp(-1 / 30);
  const sigma = opts.wanderM ?? 0.5;
  let wander = 0;
  return (t: number): number => {
    wander = keep * wander + sigma * Math.sqrt(1 - keep * keep) * gaussian(rand);
    const drift = ((opts.driftM ?? 2) * t) / 3600;
    return Math.round((200 + drift + wander + 0.1 * gaussian(rand)) * 5) / 5;
  };
}

/** GPS altitude that wanders slowly: AR(1) noise of σ `sigmaM` correlated over `correlationSec`. */
export function wanderingGpsAltitude(opts: { sigmaM: number; correlationSec: number; seed: number }) {
  const rand = random(opts.seed);
  const keep = Math.exp(-1 / opts.correlationSec);
  let wander = 0;
  return (): number => {
    wander = keep * wander + opts.sigmaM * Math.sqrt(1 - keep * keep) * gaussian(rand);
    return 300 + wander;
  };
}

export interface MountainRecord extends Sample {
  /** What the watch counted since the start (its own distance, from every 1 s fix it computed). */
  distanceM: number;
  /** Whether this record carries a position (smart recording writes one every few seconds). */
  fix: boolean;
}

/**
 * A mountain run as a watch records it: a steep climb up switchbacks (legs of 40 m, ±45° off north) at
 * `upMps` forward and `upVerticalMps` upwards, a stop of `stopSec` at the top, then down a straight
 * path at `downMps` until `lengthM` in all. One record a second with the watch's distance and a
 * barometric altitude (0.2 m steps); a GPS position every `fixEverySec`, off by σ 1.5 m per axis drifting
 * over ~30 s as a receiver's error does (multipath, atmosphere), not hopping every fix. The truth comes
 * with it.
 */
export function mountainRun(opts: {
  climbM: number;
  lengthM: number;
  upMps: number;
  upVerticalMps: number;
  downMps: number;
  stopSec: number;
  fixEverySec: number;
  seed: number;
}): { records: MountainRecord[]; truth: { distanceM: number; movingSec: number; climbM: number } } {
  const rand = random(opts.seed);
  const upSec = Math.round(opts.climbM / opts.upVerticalMps);
  const upLength = upSec * opts.upMps;
  const downSec = Math.round((opts.lengthM - upLength) / opts.downMps);
  const leg = 40;
  const records: MountainRecord[] = [];
  let north = 0;
  let east = 0;
  let distance = 0;
  let altitude = 1000;
  const total = upSec + opts.stopSec + downSec;
  const keep = Math.exp(-1 / 30);
  const error = { north: 1.5 * gaussian(rand), east: 1.5 * gaussian(rand) };
  for (let t = 0; t <= total; t++) {
    error.north = keep * error.north + 1.5 * Math.sqrt(1 - keep * keep) * gaussian(rand);
    error.east = keep * error.east + 1.5 * Math.sqrt(1 - keep * keep) * gaussian(rand);
    if (t > 0 && t <= upSec) {
      const along = opts.upMps * (t - 1);
      const side = Math.floor(along / leg) % 2 === 0 ? 1 : -1;
      north += (opts.upMps * Math.SQRT2) / 2;
      east += (side * opts.upMps * Math.SQRT2) / 2;
      distance += opts.upMps;
      altitude += opts.upVerticalMps;
    } else if (t > upSec + opts.stopSec) {
      north -= opts.downMps;
      distance += opts.downMps;
      altitude -= (opts.climbM / downSec) * 1;
    }
    const fix = t % opts.fixEverySec === 0 || t === total;
    records.push({
      t,
      north: north + error.north,
      east: east + error.east,
      altitude: Math.round((altitude + 0.1 * gaussian(rand)) * 5) / 5,
      distanceM: distance,
      fix,
    });
  }
  return {
    records,
    truth: { distanceM: distance, movingSec: upSec + downSec, climbM: opts.climbM },
  };
}
