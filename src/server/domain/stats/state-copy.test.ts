import { describe, expect, it } from "vitest";
import { readGpxPoints } from "../../../../tests/fixtures-stats/gpx";
import { random } from "../../../../tests/fixtures-stats/synthetic";
import { advanceLiveState, emptyLiveState, type LiveStatsState, liveStatsOf } from "./incremental";
import { copyForWrite } from "./state-copy";
import { computeStats } from "./stats";
import type { StatPoint } from "./types";

/** A real run with what makes the state hold more: 300 m spikes (pending outliers), a heart rate, gaps. */
function roughTrack(): StatPoint[] {
  const rand = random(42);
  return readGpxPoints("runs-gpx-6782987395.gpx").map((p, i) => ({
    ...p,
    ts: p.ts + (i > 400 ? 120_000 : 0),
    lat: rand() < 0.06 ? p.lat + 0.003 : p.lat,
    heartRateBpm: 120 + (i % 40),
  }));
}

/** Cuts `points` into batches of random sizes (1 … 40), the same on every run. */
function batches(points: readonly StatPoint[], seed: number): StatPoint[][] {
  const rand = random(seed);
  const out: StatPoint[][] = [];
  for (let i = 0; i < points.length; ) {
    const n = 1 + Math.floor(rand() * 40);
    out.push(points.slice(i, i + n));
    i += n;
  }
  return out;
}

/** After this many batches of seed 5 the filter holds points back (checked below). */
const PENDING_AFTER = 30;

describe("live states advanced without cloning", () => {
  it("leave the state they are given as it was, pending points and sensors included", () => {
    let state: LiveStatsState = emptyLiveState();
    let pending = 0;
    for (const batch of batches(roughTrack(), 1)) {
      const before = structuredClone(state);
      const next = advanceLiveState(state, batch, "run");
      liveStatsOf(state);
      expect(state).toStrictEqual(before);
      if (next.filter.tentative.length + next.filter.suspects.length > 0) pending++;
      state = next;
    }
    // The track does leave points pending between batches, the case the copies exist for.
    expect(pending).toBeGreaterThan(5);
  });

  it("give the same figures in process as stored and read back, and as the full computation", () => {
    const points = roughTrack();
    const full = computeStats(points, { activity: "run" });
    for (const seed of [1, 2, 3]) {
      let inProcess: LiveStatsState = emptyLiveState();
      let stored = JSON.stringify(emptyLiveState());
      for (const batch of batches(points, seed)) {
        inProcess = advanceLiveState(inProcess, batch, "run");
        stored = JSON.stringify(advanceLiveState(JSON.parse(stored) as LiveStatsState, batch, "run"));
      }
      expect(JSON.stringify(inProcess)).toBe(stored);
      expect(liveStatsOf(inProcess)).toEqual(full);
    }
  });

  it("copyForWrite: writing to every container of the copy leaves the original alone", () => {
    let state: LiveStatsState = emptyLiveState();
    for (const batch of batches(roughTrack(), 5).slice(0, PENDING_AFTER))
      state = advanceLiveState(state, batch, "run");
    const { shown: _shown, ...engine } = state;
    const before = structuredClone(engine);
    const copy = copyForWrite(engine);
    copy.count++;
    expect(copy.filter.tentative.length + copy.filter.suspects.length).toBeGreaterThan(0);
    const pending = copy.filter.tentative[0] ?? copy.filter.suspects[0];
    if (pending) copy.filter.tentative.push(pending);
    for (const p of [...copy.filter.tentative, ...copy.filter.suspects]) p.z = -1;
    copy.motion.trail.pop();
    copy.motion.distance = -1;
    for (const pair of [...copy.motion.recent, ...copy.elevation.recent]) pair[0] = -1;
    copy.elevation.gain = -1;
    for (const acc of Object.values(copy.sensors)) if (acc) acc.sum = -1;
    expect(engine).toStrictEqual(before);
  });
});
