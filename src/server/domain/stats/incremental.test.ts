import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REAL_FIXTURES_DIR, readGpxPoints } from "../../../../tests/fixtures-stats/gpx";
import { northLine, toPoints } from "../../../../tests/fixtures-stats/synthetic";
import {
  advanceLiveState,
  emptyLiveState,
  isLiveStatsState,
  liveStatsOf,
  type LiveStatsState,
} from "./incremental";
import { parseFit } from "../formats/fit";
import { computeStats } from "./stats";
import type { StatPoint } from "./types";

/** Feeds `points` in batches, storing the state as JSON between batches as the database does. */
function replay(points: readonly StatPoint[], batchSize: number, activity: "run" | "bike"): LiveStatsState {
  let stored = JSON.stringify(emptyLiveState());
  for (let i = 0; i < points.length; i += batchSize) {
    const state: unknown = JSON.parse(stored);
    if (!isLiveStatsState(state)) throw new Error("state did not survive JSON");
    stored = JSON.stringify(advanceLiveState(state, points.slice(i, i + batchSize), activity));
  }
  const state: unknown = JSON.parse(stored);
  if (!isLiveStatsState(state)) throw new Error("state did not survive JSON");
  return state;
}

describe("live statistics", () => {
  it("start empty", () => {
    expect(liveStatsOf(emptyLiveState())).toEqual(computeStats([], { activity: "run" }));
  });

  it.each([
    ["runs-gpx-6782987395.gpx", "run"],
    ["rides-gpx-4108490848.gpx", "bike"],
  ] as const)("equal the full computation on %s, whatever the batch size", (file, activity) => {
    const points = readGpxPoints(file);
    const full = computeStats(points, { activity });
    for (const batchSize of [1, 7, 60, 1000]) {
      expect(liveStatsOf(replay(points, batchSize, activity))).toEqual(full);
    }
  });

  it("equal the full computation on a FIT file, with the watch's distance and sensors", () => {
    const [track] = parseFit(
      new Uint8Array(readFileSync(path.join(REAL_FIXTURES_DIR, "runs-fit-6782987395.fit"))),
    );
    const points = track?.points ?? [];
    const full = computeStats(points, { activity: "run" });
    expect(full.avgHeartRateBpm).not.toBeNull();
    for (const batchSize of [1, 13, 500]) {
      expect(liveStatsOf(replay(points, batchSize, "run"))).toEqual(full);
    }
  });

  it("stay small enough for a JSON column", () => {
    const state = replay(readGpxPoints("runs-gpx-6782987395.gpx"), 30, "run");
    expect(JSON.stringify(state).length).toBeLessThan(6000);
  });

  it("count late points but leave them out of the running totals", () => {
    const points = toPoints(northLine({ speedMps: 3, seconds: 120 }));
    const state = advanceLiveState(emptyLiveState(), points.slice(60), "run");
    const late = advanceLiveState(state, points.slice(0, 60), "run");
    expect(liveStatsOf(late).pointsCount).toBe(121);
    expect(liveStatsOf(late).distanceMeters).toBe(liveStatsOf(state).distanceMeters);
  });

  it("do not modify the state they are given", () => {
    const state = advanceLiveState(
      emptyLiveState(),
      toPoints(northLine({ speedMps: 3, seconds: 10 })),
      "run",
    );
    const before = JSON.stringify(state);
    advanceLiveState(
      state,
      toPoints(northLine({ speedMps: 3, seconds: 10, startSec: 11, startNorth: 33 })),
      "run",
    );
    liveStatsOf(state);
    expect(JSON.stringify(state)).toBe(before);
  });

  it("carry on from a state stored before the sensors (version 1)", () => {
    const points = readGpxPoints("runs-gpx-2067489619.gpx");
    const half = JSON.parse(JSON.stringify(advanceLiveState(emptyLiveState(), points.slice(0, 250), "run")));
    // What version 1 stored: no sensor sums, no smoothed altitudes in the trail, no source.
    half.v = 1;
    delete half.sensors;
    delete half.motion.still;
    for (const q of [...half.motion.trail, half.motion.prev, half.motion.anchor]) delete q.z;
    delete half.elevation.source;
    expect(isLiveStatsState(half)).toBe(true);
    const live = liveStatsOf(advanceLiveState(half, points.slice(250), "run"));
    const full = computeStats(points, { activity: "run" });
    expect(live.distanceMeters).toBeCloseTo(full.distanceMeters ?? 0, 6);
    expect(live.movingTimeSec).toBe(full.movingTimeSec);
    expect(live.elevationGainM).toBeCloseTo(full.elevationGainM ?? 0, 6);
  });

  it("are computed once per batch, and a state stored without them computes the same on read", () => {
    const points = readGpxPoints("runs-gpx-6782987395.gpx");
    const state = replay(points, 45, "run");
    expect(state.shown).toEqual(computeStats(points, { activity: "run" }));
    const { shown: _shown, ...older } = state;
    expect(liveStatsOf(older)).toEqual(state.shown);
    // The next batch starts from the engine's state alone: the figures carried along never feed back.
    const next = advanceLiveState(
      { ...older, shown: { ...state.shown, distanceMeters: -1 } } as LiveStatsState,
      [],
      "run",
    );
    expect(next.shown).toEqual(state.shown);
  });

  it("recognise only their own shape when read back", () => {
    expect(isLiveStatsState(null)).toBe(false);
    expect(isLiveStatsState({ v: 2 })).toBe(false);
    expect(isLiveStatsState({ v: 3 })).toBe(false);
    expect(isLiveStatsState(JSON.parse(JSON.stringify(emptyLiveState())))).toBe(true);
  });
});
