import { describe, expect, it } from "vitest";
import { buildCourse, type Course } from "./course";
import { advanceProgress, emptyProgressState, isProgressState, settleProgress } from "./progress";
import type { Fix, ProgressParams, ProgressSample } from "./progress-types";
import { readRoute, runnerFrom, type RunnerOptions, type TruthFix } from "./test-tracks";

const T0 = Date.UTC(2026, 5, 7, 8, 0, 0);
const RUN: ProgressParams = { startMs: T0, endMs: null, maxSpeedMps: 12 };
const BIKE: ProgressParams = { ...RUN, maxSpeedMps: 30 };

function track(file: string, options: Partial<RunnerOptions> = {}, laps = 1) {
  const route = readRoute(file);
  const course = buildCourse(route, { laps });
  const fixes = runnerFrom(route, { startMs: T0, courseLengthM: course.lengthM, laps, ...options });
  return { course, fixes };
}

function errors(samples: readonly ProgressSample[], fixes: readonly TruthFix[]): number[] {
  const truth = new Map(fixes.map((f) => [f.ts, f.truthM]));
  return samples.map((s) => s.progressM - (truth.get(s.ts) ?? Number.NaN)).filter((e) => !Number.isNaN(e));
}

const quantile = (values: number[], q: number): number => {
  const sorted = values.map(Math.abs).sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
};

/** The live path: one call per batch, the state stored as JSON in between. */
function inBatches(course: Course, fixes: readonly Fix[], params: ProgressParams, sizes: number[]) {
  let stored = JSON.stringify(emptyProgressState());
  const samples: ProgressSample[] = [];
  for (let i = 0, k = 0; i < fixes.length; k++) {
    const size = sizes[k % sizes.length] ?? 1;
    const state: unknown = JSON.parse(stored);
    if (!isProgressState(state)) throw new Error("state did not survive JSON");
    const step = advanceProgress(course, state, fixes.slice(i, i + size), params);
    samples.push(...step.samples);
    stored = JSON.stringify(step.state);
    i += size;
  }
  return { samples, state: JSON.parse(stored) };
}

const PHONE: Partial<RunnerOptions> = {
  intervalSec: 5,
  noiseM: 6,
  spikeEvery: 37,
  spikeM: 300,
  pause: { at: 0.35, sec: 300 },
  gap: { at: 0.6, sec: 180 },
};

describe("progress on real courses, from a phone posting every 5 s (noise, spikes, a pause, a gap)", () => {
  it.each([
    ["runs-gpx-6037744996.gpx", "a loop with an out-and-back spur", RUN],
    ["runs-tcx-1604524853.tcx", "switchbacks climbed and run down again", RUN],
    ["rides-gpx-6909869014.gpx", "an out-and-back ride with shared roads", BIKE],
    ["runs-gpx-1681613317.gpx", "a lollipop", RUN],
  ] as const)("%s (%s) follows the truth and never jumps", (file, _what, params) => {
    const { course, fixes } = track(file, PHONE);
    const { samples } = advanceProgress(course, emptyProgressState(), fixes, params);
    const e = errors(samples, fixes);
    console.log(
      `${file}: |error| median ${quantile(e, 0.5).toFixed(1)} m, p95 ${quantile(e, 0.95).toFixed(1)} m, max ${quantile(e, 1).toFixed(1)} m over ${e.length} fixes`,
    );
    expect(samples.length).toBeGreaterThan(fixes.length * 0.99);
    expect(quantile(e, 0.95)).toBeLessThan(40);
    expect(quantile(e, 1)).toBeLessThan(120);
    expect(samples.filter((s) => s.jump)).toEqual([]);
    expect(samples.some((s) => s.offCourse)).toBe(false);
    expect(samples.at(-1)?.progressM).toBeGreaterThan(course.lengthM - 25);
    for (let i = 1; i < samples.length; i++) {
      expect(samples[i]?.progressM).toBeGreaterThanOrEqual(samples[i - 1]?.progressM ?? 0);
    }
  });

  it("keeps a lapped runner on the right lap, across a 20 min gap", () => {
    const { course, fixes } = track(
      "runs-gpx-6037744996.gpx",
      { intervalSec: 5, noiseM: 6, gap: { at: 0.3, sec: 1200 } },
      3,
    );
    const { samples } = advanceProgress(course, emptyProgressState(), fixes, RUN);
    const e = errors(samples, fixes);
    expect(quantile(e, 0.95)).toBeLessThan(40);
    expect(quantile(e, 1)).toBeLessThan(120);
    expect(samples.at(-1)?.progressM).toBeGreaterThan(course.lengthM - 25);
    expect(samples.filter((s) => s.jump)).toEqual([]);
  });

  it("flags a runner who turns back short of the spur's end, and follows them afterwards", () => {
    // Points 1,364 (1.50 km) and 2,067 (2.40 km) of this recording are within 5 m of each other, on the spur.
    const { course, fixes } = track("runs-gpx-6037744996.gpx", {
      intervalSec: 5,
      noiseM: 5,
      shortcut: { from: 0.3377, to: 0.5118 },
    });
    const { samples } = advanceProgress(course, emptyProgressState(), fixes, RUN);
    const jumps = samples.filter((s) => s.jump);
    expect(jumps).toHaveLength(1);
    const truth = new Map(fixes.map((f) => [f.ts, f.truthM]));
    const jump = jumps[0];
    if (jump === undefined) return;
    expect(jump.progressM).toBeGreaterThan(2300);
    const after = samples.filter((s) => s.ts > jump.ts);
    expect(
      quantile(
        after.map((s) => s.progressM - (truth.get(s.ts) ?? 0)),
        0.95,
      ),
    ).toBeLessThan(40);
    // Before the jump the runner is never credited with the part of the spur they skipped.
    expect(Math.max(...samples.filter((s) => s.ts < jump.ts).map((s) => s.progressM))).toBeLessThan(1700);
  });

  it("flags a runner off course after a minute away, and clears it when they are back", () => {
    const { course, fixes } = track("rides-tcx-6838497277.tcx", { intervalSec: 5, noiseM: 5 });
    const from = fixes[600]?.ts ?? 0;
    const detour = fixes.map((f) =>
      f.ts >= from && f.ts < from + 180_000 ? { ...f, lat: f.lat + 0.004 } : f,
    );
    const { samples } = advanceProgress(course, emptyProgressState(), detour, BIKE);
    const off = samples.filter((s) => s.offCourse);
    expect(off.length).toBeGreaterThanOrEqual(15);
    expect(Math.min(...off.map((s) => s.ts))).toBeGreaterThan(from + 60_000);
    expect(Math.max(...off.map((s) => s.ts))).toBeLessThan(from + 180_000);
    expect(samples.filter((s) => s.jump)).toEqual([]);
  });
});

describe("progress: start, order, batches", () => {
  it("ignores fixes before the start, and starts a loop at 0, not at its finish", () => {
    const { course, fixes } = track("runs-gpx-6037744996.gpx", { intervalSec: 5, noiseM: 4 });
    expect(course.loop).toBe(true);
    const first = fixes[0];
    if (first === undefined) return;
    // Ten minutes waiting at the start area before the gun.
    const waiting = Array.from({ length: 120 }, (_, k) => ({ ...first, ts: T0 - 600_000 + k * 5000 }));
    const { samples } = advanceProgress(course, emptyProgressState(), [...waiting, ...fixes], RUN);
    expect(samples[0]?.ts).toBeGreaterThanOrEqual(T0);
    expect(samples[0]?.progressM).toBeLessThan(30);
  });

  it("ignores fixes not later than the last one taken", () => {
    const { course, fixes } = track("sample-gpx-garmin.gpx", { intervalSec: 5 });
    const once = advanceProgress(course, emptyProgressState(), fixes, RUN);
    const half = advanceProgress(course, emptyProgressState(), fixes.slice(0, 100), RUN);
    const again = advanceProgress(course, half.state, [...fixes.slice(50, 60), ...fixes.slice(100)], RUN);
    expect([...half.samples, ...again.samples]).toEqual(once.samples);
  });

  it.each([
    ["runs-gpx-6037744996.gpx", RUN, { ...PHONE, shortcut: { from: 0.3377, to: 0.5118 } }],
    ["runs-tcx-1604524853.tcx", RUN, PHONE],
    ["rides-gpx-6909869014.gpx", BIKE, { ...PHONE, intervalSec: 1 }],
  ] as const)(
    "gives the same samples and state in any batches as in one call (%s)",
    (file, params, options) => {
      const { course, fixes } = track(file, options);
      const full = advanceProgress(course, emptyProgressState(), fixes, params);
      for (const sizes of [[1], [7, 1, 30], [250]]) {
        const live = inBatches(course, fixes, params, sizes);
        expect(live.samples).toEqual(full.samples);
        expect(live.state).toEqual(full.state);
      }
      const settled = settleProgress(course, full.state, params);
      expect(full.samples.length + settled.samples.length).toBe(fixes.length);
    },
  );

  it("keeps its state small", () => {
    const { course, fixes } = track("runs-gpx-6782987395.gpx", { intervalSec: 1, noiseM: 5 });
    const { state } = advanceProgress(course, emptyProgressState(), fixes, RUN);
    expect(JSON.stringify(state).length).toBeLessThan(4000);
  });
});
