import { describe, expect, it } from "vitest";
import { resolveCheckpoints } from "./checkpoints";
import { buildCourse } from "./course";
import type { Fix, ProgressParams } from "./progress-types";
import { leaderboard, type RaceContext } from "./ranking";
import { buildReplay, leaderboardAt } from "./replay";
import type { Entrant } from "./status";
import { historyOf, readRoute, runnerFrom } from "./test-tracks";

const GUN = Date.UTC(2026, 5, 7, 8, 0, 0);
const route = readRoute("runs-gpx-6037744996.gpx");
const course = buildCourse(route, { laps: 2 });
const checkpoints = resolveCheckpoints(course, { points: [], splitEveryM: 1000 });
const race: RaceContext = {
  course,
  checkpoints,
  rules: {
    startMode: "gun",
    startMs: GUN,
    startClosesMs: GUN + 1800_000,
    cutoffs: [],
    inactivityDnfSec: 1200,
    climbFactor: 0,
  },
};
const PARAMS: ProgressParams = { startMs: GUN, endMs: null, maxSpeedMps: 12 };

// Two laps of a real loop by six runners of different speeds, with a phone's noise, spikes and gaps.
const runners = [0.8, 0.9, 1, 1, 1.15, 1.3].map((slowdown, k) => ({
  id: `r${k + 1}`,
  fixes: runnerFrom(route, {
    startMs: GUN + k * 20_000,
    courseLengthM: course.lengthM,
    laps: 2,
    slowdown,
    intervalSec: 5,
    noiseM: 6,
    spikeEvery: 41,
    spikeM: 250,
    gap: { at: 0.2 + k * 0.1, sec: 240 },
    seed: k + 1,
  }) as Fix[],
}));

/** What the live view knew at `t`: the same fixes, only those posted by then. */
function liveAt(t: number): Entrant[] {
  return runners.map(({ id, fixes }) => {
    const h = historyOf(
      course,
      checkpoints,
      fixes.filter((f) => f.ts <= t),
      PARAMS,
    );
    return {
      id,
      bib: id.slice(1),
      name: id,
      last: h.state.last,
      firstTs: h.state.firstTs,
      passings: h.passings,
    };
  });
}

describe("replay", () => {
  const replay = buildReplay(
    runners.map(({ id, fixes }) => {
      const h = historyOf(course, checkpoints, fixes, PARAMS);
      return { id, bib: id.slice(1), name: id, samples: h.samples, passings: h.passings };
    }),
  );

  it("spans the stored samples", () => {
    expect(replay.fromTs).toBe(GUN);
    expect(replay.toTs).toBeGreaterThan(GUN + 2 * 3600_000);
  });

  it("gives the ranking the live view gave, at every moment", () => {
    const end = replay.toTs ?? GUN;
    for (const t of [GUN - 60_000, GUN + 600_000, GUN + 2400_000, GUN + 4000_000, GUN + 6000_000, end]) {
      expect(leaderboardAt(race, replay, t)).toEqual(leaderboard(race, liveAt(t), t));
    }
    const final = leaderboardAt(race, replay, end + 3600_000);
    expect(final.filter((r) => r.status === "finished")).toHaveLength(6);
    expect(final.map((r) => r.id)).toEqual(["r1", "r2", "r3", "r4", "r5", "r6"]);
  });
});
