import { haversineMeters } from "~/server/domain/stats/geo";
import { gaussian, random } from "../../../../tests/fixtures-stats/synthetic";
import { parseActivityFile, type ParsedPoint } from "../formats";
import { readFixture } from "../formats/test-helpers";
import type { Checkpoint } from "./checkpoints";
import type { Course } from "./course";
import { computePassings, type Passing } from "./passings";
import { advanceProgress, emptyProgressState } from "./progress";
import type { Fix, ProgressParams, ProgressSample, ProgressState } from "./progress-types";

/** Tests only: real recordings turned into courses and into runners with known progress. */

export function readRoute(file: string): ParsedPoint[] {
  const track = parseActivityFile(readFixture(file), file)[0];
  if (track === undefined) throw new Error(`${file} has no track`);
  return track.points;
}

/** Cumulative haversine distance of each point of a recording. */
export function cumulative(points: readonly { lat: number; lon: number }[]): number[] {
  const out = [0];
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    out.push((out[i - 1] ?? 0) + (a && b ? haversineMeters(a.lat, a.lon, b.lat, b.lon) : 0));
  }
  return out;
}

/** A fix with the distance along the recording it really was at (scaled to the course's length). */
export interface TruthFix extends Fix {
  truthM: number;
}

export interface RunnerOptions {
  /** The runner's first fix (epoch ms). */
  startMs: number;
  /** Seconds between fixes kept (a phone posting every 5 s). */
  intervalSec?: number;
  /** Times stretched by this (1.2: 20 % slower than the recording). */
  slowdown?: number;
  /** Gaussian noise per axis, metres. */
  noiseM?: number;
  /** Every n-th fix is thrown `spikeM` metres away (0: none). */
  spikeEvery?: number;
  spikeM?: number;
  /** Stand still for `sec` seconds at this fraction of the recording. */
  pause?: { at: number; sec: number };
  /** No fix for `sec` seconds from this fraction. */
  gap?: { at: number; sec: number };
  /** Skip the recording between these fractions, crossing straight (one lap only). */
  shortcut?: { from: number; to: number };
  /** Laps of the recording (a loop) run one after another. */
  laps?: number;
  /** Length of the course built from the recording, to scale the truth (the course is simplified). */
  courseLengthM: number;
  seed?: number;
}

const M_PER_DEG = 111_195;

/** A runner built from a recording, with everything a real phone adds. */
export function runnerFrom(points: readonly ParsedPoint[], o: RunnerOptions): TruthFix[] {
  const rand = random(o.seed ?? 1);
  const cum = cumulative(points);
  const total = cum[cum.length - 1] ?? 1;
  const lap = o.courseLengthM / (o.laps ?? 1);
  const scale = lap / total;
  const t0 = points[0]?.ts ?? 0;
  const duration = (points[points.length - 1]?.ts ?? t0) - t0;
  const slowdown = o.slowdown ?? 1;
  const raw: TruthFix[] = [];
  for (let l = 0; l < (o.laps ?? 1); l++) {
    points.forEach((p, i) => {
      const f = i / Math.max(1, points.length - 1);
      if (o.shortcut && f > o.shortcut.from && f < o.shortcut.to) return;
      raw.push({
        ts: (l * duration + (p.ts - t0)) * slowdown,
        lat: p.lat,
        lon: p.lon,
        truthM: l * lap + (cum[i] ?? 0) * scale,
      });
    });
  }
  const shortcut = o.shortcut;
  if (shortcut) {
    // The runner crosses straight from the last point before the cut to the first after it, in a fifth
    // of the time the skipped part took: fixes off the course, whose truth is unknown (NaN).
    const skipped = (shortcut.to - shortcut.from) * duration * slowdown;
    const cut = raw.findIndex((r) => r.ts > shortcut.from * duration * slowdown);
    const a = raw[cut - 1];
    const b = raw[cut];
    if (a !== undefined && b !== undefined) {
      for (const r of raw.slice(cut)) r.ts -= skipped * 0.8;
      const steps = Math.floor((b.ts - a.ts) / 1000);
      const crossing: TruthFix[] = [];
      for (let k = 1; k < steps; k++) {
        const f = k / steps;
        crossing.push({
          ts: a.ts + k * 1000,
          lat: a.lat + f * (b.lat - a.lat),
          lon: a.lon + f * (b.lon - a.lon),
          truthM: Number.NaN,
        });
      }
      raw.splice(cut, 0, ...crossing);
    }
  }
  const end = raw[raw.length - 1]?.ts ?? 0;
  if (o.pause) {
    const at = o.pause.at * end;
    const idx = raw.findIndex((r) => r.ts >= at);
    const where = raw[idx];
    if (where !== undefined) {
      const from = where.ts;
      for (const r of raw.slice(idx)) r.ts += o.pause.sec * 1000;
      const still = Array.from({ length: o.pause.sec }, (_, s) => ({ ...where, ts: from + s * 1000 }));
      raw.splice(idx, 0, ...still);
    }
  }
  const gapFrom = o.gap ? o.gap.at * end : Number.POSITIVE_INFINITY;
  const gapTo = o.gap ? gapFrom + o.gap.sec * 1000 : gapFrom;
  const out: TruthFix[] = [];
  let lastTs = Number.NEGATIVE_INFINITY;
  for (const r of raw) {
    if (r.ts >= gapFrom && r.ts < gapTo) continue;
    if (r.ts - lastTs < (o.intervalSec ?? 1) * 1000) continue;
    lastTs = r.ts;
    const k = out.length + 1;
    const spike = o.spikeEvery && o.spikeM && k % o.spikeEvery === 0 ? o.spikeM : 0;
    const angle = rand() * 2 * Math.PI;
    const north = gaussian(rand) * (o.noiseM ?? 0) + spike * Math.cos(angle);
    const east = gaussian(rand) * (o.noiseM ?? 0) + spike * Math.sin(angle);
    out.push({
      ts: o.startMs + Math.round(r.ts),
      lat: r.lat + north / M_PER_DEG,
      lon: r.lon + east / (M_PER_DEG * Math.cos((r.lat * Math.PI) / 180)),
      truthM: r.truthM,
    });
  }
  return out;
}

/** A participant's history and live view from their fixes, the way the live path builds them. */
export function historyOf(
  course: Course,
  checkpoints: readonly Checkpoint[],
  fixes: readonly Fix[],
  params: ProgressParams,
): { samples: ProgressSample[]; passings: Passing[]; state: ProgressState } {
  const { state, samples } = advanceProgress(course, emptyProgressState(), fixes, params);
  return { samples, passings: computePassings(checkpoints, samples), state };
}
