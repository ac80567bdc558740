import { describe, expect, it } from "vitest";
import { at } from "../../../../tests/fixtures-stats/synthetic";
import { buildCourse, type Course } from "./course";
import { CLIMB_FACTOR } from "./params";
import { arrival, predictEtaTs, predictFinishTs } from "./prediction";
import { advanceProgress, emptyProgressState } from "./progress";
import type { ProgressSample } from "./progress-types";
import { readRoute } from "./test-tracks";

const RUNS = [
  "runs-gpx-1681613317.gpx",
  "runs-gpx-2067489619.gpx",
  "runs-gpx-6037744996.gpx",
  "runs-gpx-6782987395.gpx",
  "runs-tcx-1604524853.tcx",
  "runs-tcx-6281425038.tcx",
  "runs-tcx-6860622916.tcx",
  "sample-gpx-garmin.gpx",
];
const RIDES = [
  "rides-gpx-4108490848.gpx",
  "rides-gpx-6909869014.gpx",
  "rides-tcx-6791039036.tcx",
  "rides-tcx-6838497277.tcx",
];

interface Recording {
  file: string;
  course: Course;
  samples: ProgressSample[];
  startTs: number;
  finishTs: number;
}

/** Each recording is both the course and the runner on it. */
function recording(file: string): Recording {
  const route = readRoute(file);
  const course = buildCourse(route);
  const maxSpeedMps = file.startsWith("rides") ? 30 : 12;
  const { samples } = advanceProgress(course, emptyProgressState(), route, {
    startMs: null,
    endMs: null,
    maxSpeedMps,
  });
  const startTs = samples[0]?.ts ?? 0;
  const finishTs = samples.find((s) => s.progressM >= course.lengthM - 25)?.ts ?? Number.NaN;
  return { file, course, samples, startTs, finishTs };
}

const at_ = (r: Recording, d: number) => r.samples.find((s) => s.progressM >= d);
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1] ?? Number.NaN;

/** Error of the predicted total time, in % of the real one, predicting at `fraction` of the course. */
function finishError(r: Recording, fraction: number, climbFactor: number): number {
  const sample = at_(r, fraction * r.course.lengthM);
  const predicted = sample && predictFinishTs(r.course, { startTs: r.startTs, sample, climbFactor });
  return (((predicted ?? Number.NaN) - r.finishTs) / (r.finishTs - r.startTs)) * 100;
}

/** Absolute errors (%) of the time to cover the next `horizonM`, at every multiple of it. */
function etaErrors(r: Recording, horizonM: number, climbFactor: number, recentWeight: number): number[] {
  const out: number[] = [];
  for (let d = horizonM; d + horizonM <= r.course.lengthM; d += horizonM) {
    const now = at_(r, d);
    const then = at_(r, d + horizonM);
    if (!now || !then) continue;
    const predicted = arrival(
      r.course,
      { startTs: r.startTs, sample: now, climbFactor },
      now.progressM + horizonM,
      recentWeight,
    );
    out.push(Math.abs(((predicted ?? Number.NaN) - then.ts) / (then.ts - now.ts)) * 100);
  }
  return out;
}

describe("predictions on the real recordings (figures printed for docs/race.md)", () => {
  const runs = RUNS.map(recording);
  const rides = RIDES.map(recording);

  it("predict the finish from a quarter, half and three quarters of the way, with and without the climb", () => {
    const table: string[] = [];
    const mae: Record<string, number> = {};
    for (const [kind, group] of [
      ["runs", runs],
      ["rides", rides],
    ] as const) {
      for (const fraction of [0.25, 0.5, 0.75]) {
        for (const k of [0, 8.33]) {
          const errors = group.map((r) => finishError(r, fraction, k));
          mae[`${kind} ${fraction} ${k}`] = mean(errors.map(Math.abs));
          table.push(
            `${kind} at ${fraction * 100} %, climb ${k}: MAE ${mean(errors.map(Math.abs)).toFixed(1)} %, bias ${mean(errors).toFixed(1)} % [${errors.map((e) => e.toFixed(1)).join(", ")}]`,
          );
        }
      }
    }
    console.log(table.join("\n"));
    // What the defaults rest on (CLIMB_FACTOR): the climb term helps the rides at every stage…
    for (const f of [0.25, 0.5, 0.75]) expect(mae[`rides ${f} 8.33`]).toBeLessThan(mae[`rides ${f} 0`] ?? 0);
    // …but not the runs, where it makes the early predictions worse.
    expect(mae["runs 0.25 0"]).toBeLessThan(mae["runs 0.25 8.33"] ?? 0);
    expect(CLIMB_FACTOR.bike).toBe(8.33);
    expect(CLIMB_FACTOR.run).toBe(0);
  });

  it("predict the next checkpoint better with the recent speed weighed in", () => {
    const lines: string[] = [];
    const med: Record<string, number> = {};
    for (const [kind, group, horizon, k] of [
      ["runs", runs, 1000, 0],
      ["rides", rides, 5000, 8.33],
    ] as const) {
      for (const w of [0, 0.5, 1]) {
        const errors = group.flatMap((r) => etaErrors(r, horizon, k, w));
        med[`${kind} ${w}`] = median(errors);
        lines.push(
          `${kind}, next ${horizon} m, recent weight ${w}: n ${errors.length}, median ${median(errors).toFixed(1)} %, MAE ${mean(errors).toFixed(1)} %`,
        );
      }
    }
    console.log(lines.join("\n"));
    expect(med["runs 0.5"]).toBeLessThan(med["runs 0"] ?? 0);
    expect(med["rides 0.5"]).toBeLessThan(med["rides 0"] ?? 0);
  });
});

describe("predictions", () => {
  const line = buildCourse(
    Array.from({ length: 101 }, (_, k) => ({ ...at(k * 100, 0), altitude: k < 50 ? 0 : (k - 50) * 10 })),
    {
      simplifyToleranceM: 0,
    },
  );
  const sample = (progressM: number, sec: number, speedMps: number | null): ProgressSample => ({
    ts: 1_000_000 + sec * 1000,
    decidedTs: 1_000_000 + sec * 1000,
    progressM,
    alongM: progressM,
    offsetM: 0,
    speedMps,
    offCourse: false,
    jump: false,
  });

  it("carries an even pace to the finish, and the ETA of a point ahead", () => {
    const pace = { startTs: 1_000_000, sample: sample(2000, 500, 4), climbFactor: 0 };
    expect(predictFinishTs(line, pace)).toBe(1_000_000 + 2_500_000);
    expect(predictEtaTs(line, pace, 3000)).toBe(1_000_000 + 750_000);
    expect(predictEtaTs(line, pace, 1000)).toBe(pace.sample.ts);
    expect(predictFinishTs(line, { ...pace, sample: sample(100, 30, 3) })).toBeNull();
  });

  it("adds the climb ahead when asked to", () => {
    const flat =
      predictFinishTs(line, { startTs: 1_000_000, sample: sample(2000, 500, 4), climbFactor: 0 }) ?? 0;
    const hilly =
      predictFinishTs(line, { startTs: 1_000_000, sample: sample(2000, 500, 4), climbFactor: 8.33 }) ?? 0;
    // About 490 m of smoothed climb ahead, at 8.33 m each, at 4 m/s.
    expect((hilly - flat) / 1000).toBeGreaterThan(900);
    expect((hilly - flat) / 1000).toBeLessThan(1100);
  });
});
