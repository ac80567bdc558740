import { describe, expect, it } from "vitest";
import { at } from "../../../../tests/fixtures-stats/synthetic";
import { type Checkpoint, resolveCheckpoints } from "./checkpoints";
import { buildCourse } from "./course";
import { computePassings, cursorOf, detectPassings, type Passing } from "./passings";
import { advanceProgress, emptyProgressState } from "./progress";
import type { Fix, ProgressParams } from "./progress-types";
import { readRoute, runnerFrom } from "./test-tracks";

const T0 = Date.UTC(2026, 5, 7, 8, 0, 0);
const PARAMS: ProgressParams = { startMs: T0, endMs: null, maxSpeedMps: 12 };
// 10 km due north, and checkpoints every km.
const line = buildCourse(
  Array.from({ length: 101 }, (_, k) => at(k * 100, 0)),
  { simplifyToleranceM: 0 },
);
const checkpoints = resolveCheckpoints(line, { points: [], splitEveryM: 1000 });

/** Runs at 4 m/s (250 s/km) from `leaveSec` after the gun, one fix every 5 s from `fromM` to `toM`. */
function runner(
  opts: { leaveSec?: number; fromM?: number; toM?: number; skip?: [number, number] } = {},
): Fix[] {
  const leave = opts.leaveSec ?? 7;
  const fixes: Fix[] = [];
  for (let t = 0; t <= 3000; t += 5) {
    const d = Math.max(0, (t - leave) * 4);
    if (d < (opts.fromM ?? 0) || d > (opts.toM ?? 10_100)) continue;
    if (opts.skip && d > opts.skip[0] && d < opts.skip[1]) continue;
    fixes.push({ ts: T0 + t * 1000, ...at(Math.min(d, 10_100), 0) });
  }
  return fixes;
}

function passingsOf(fixes: Fix[], cps: readonly Checkpoint[] = checkpoints): Map<string, Passing> {
  const { samples } = advanceProgress(line, emptyProgressState(), fixes, PARAMS);
  return new Map(computePassings(cps, samples).map((p) => [p.checkpointId, p]));
}

const expectedTs = (distanceM: number, leaveSec = 7) => T0 + Math.round(leaveSec + distanceM / 4) * 1000;

describe("passings", () => {
  it("interpolates every crossing to the second between the two fixes around it", () => {
    const passings = passingsOf(runner());
    for (const c of checkpoints.filter((k) => k.kind !== "start")) {
      const p = passings.get(c.id);
      expect(p?.status).toBe("measured");
      expect(p?.ts).toBe(expectedTs(c.distanceM));
      if (c.kind === "split") expect(p?.gapSec).toBe(5);
    }
    // The start is the last fix on the line before the runner left it.
    expect(passings.get("start")?.ts).toBe(T0 + 5000);
  });

  it("marks a crossing inside a gap as estimated, with the gap it spans", () => {
    const passings = passingsOf(runner({ skip: [2100, 3900] }));
    const p = passings.get("split-3000");
    expect(p).toMatchObject({ status: "estimated", reason: "gap", ts: expectedTs(3000) });
    expect(p?.gapSec).toBeGreaterThan(450);
    expect(p?.gapM).toBeGreaterThan(1800);
    expect(passings.get("split-2000")?.status).toBe("measured");
    expect(passings.get("split-4000")?.status).toBe("measured");
  });

  it("marks what lies before the first fix as missing, never invented", () => {
    const passings = passingsOf(runner({ fromM: 1500 }));
    expect(passings.get("start")).toMatchObject({ status: "missing", ts: null, reason: "before-first-fix" });
    expect(passings.get("split-1000")?.status).toBe("missing");
    expect(passings.get("split-2000")).toMatchObject({ status: "measured", ts: expectedTs(2000) });
  });

  it("finishes a runner whose phone stopped just before the line, at their pace", () => {
    // Fixes are 20 m apart: the last one is 8 m before the line.
    const passings = passingsOf(runner({ toM: 9993 }));
    expect(passings.get("finish")).toMatchObject({ status: "measured", ts: expectedTs(10_000) });
    // 48 m before the line is not finished.
    expect(passingsOf(runner({ toM: 9960 })).has("finish")).toBe(false);
  });

  it("gives the same passings batch by batch as from all samples, and follows a moved checkpoint", () => {
    const fixes = runner();
    let state = emptyProgressState();
    const live: Passing[] = [];
    for (let i = 0; i < fixes.length; i += 13) {
      const before = cursorOf(state);
      const step = advanceProgress(line, state, fixes.slice(i, i + 13), PARAMS);
      live.push(...detectPassings(checkpoints, before, step.samples));
      state = step.state;
    }
    const { samples } = advanceProgress(line, emptyProgressState(), fixes, PARAMS);
    expect(live).toEqual(computePassings(checkpoints, samples));
    const moved = resolveCheckpoints(line, { points: [{ id: "aid", name: "Aid", distanceM: 4321 }] });
    const aid = computePassings(moved, samples).find((p) => p.checkpointId === "aid");
    expect(aid?.ts).toBe(expectedTs(4321));
  });

  it("estimates the checkpoints a runner skipped by turning short of a spur's end", () => {
    const route = readRoute("runs-gpx-6037744996.gpx");
    const course = buildCourse(route);
    // The spur's end is at about 1.95 km; the shortcut skips from 1.50 km to 2.40 km.
    const cps = resolveCheckpoints(course, { points: [{ id: "spur", name: "Spur end", distanceM: 1950 }] });
    const fixes = runnerFrom(route, {
      startMs: T0,
      courseLengthM: course.lengthM,
      intervalSec: 5,
      noiseM: 5,
      shortcut: { from: 0.3377, to: 0.5118 },
    });
    const { samples } = advanceProgress(course, emptyProgressState(), fixes, PARAMS);
    const spur = computePassings(cps, samples).find((p) => p.checkpointId === "spur");
    expect(spur).toMatchObject({ status: "estimated", reason: "jump" });
    expect(spur?.gapM).toBeGreaterThan(500);
  });
});
