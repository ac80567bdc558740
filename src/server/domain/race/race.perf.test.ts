import { describe, expect, it } from "vitest";
import { timed } from "../formats/test-helpers";
import { resolveCheckpoints } from "./checkpoints";
import { buildCourse } from "./course";
import { computePassings, cursorOf, detectPassings, type Passing } from "./passings";
import { advanceProgress, emptyProgressState, isProgressState } from "./progress";
import type { ProgressParams, ProgressSample } from "./progress-types";
import { leaderboard, type RaceContext } from "./ranking";
import { buildReplay, entrantsAt, leaderboardAt } from "./replay";
import { historyOf, readRoute, runnerFrom } from "./test-tracks";

/**
 * Race-day sizes, printed for docs/race.md (timings are printed, never asserted): 5,000 participants on a
 * 14 km trail course posting every 5 s. 100 distinct runners are projected from the real recording; their
 * histories are then reused, shifted in time, up to 5,000 (recomputing passings does the same work for each).
 */
const PARTICIPANTS = 5000;
const DISTINCT = 100;
const GUN = Date.UTC(2026, 5, 7, 8, 0, 0);
const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1] ?? Number.NaN;
const PARAMS: ProgressParams = { startMs: GUN, endMs: null, maxSpeedMps: 12 };

describe("race at 5,000 participants (timings printed)", () => {
  const route = readRoute("runs-gpx-6782987395.gpx");
  const build = timed(() => buildCourse(route));
  const course = build.result;
  const checkpoints = resolveCheckpoints(course, {
    points: [{ id: "aid", name: "Aid", distanceM: 7000 }],
    splitEveryM: 1000,
  });
  const runners = Array.from({ length: DISTINCT }, (_, k) =>
    runnerFrom(route, {
      startMs: GUN + (k % 20) * 5000,
      courseLengthM: course.lengthM,
      slowdown: 0.9 + (k % 10) * 0.06,
      intervalSec: 5,
      noiseM: 6,
      spikeEvery: 53,
      spikeM: 300,
      seed: k + 1,
    }),
  );
  const fixCount = runners.reduce((n, r) => n + r.length, 0);
  const lines: string[] = [
    `course: ${route.length} points → ${course.lat.length} vertices, built in ${build.ms.toFixed(1)} ms`,
  ];

  it("projects fixes, and advances live states batch by batch", () => {
    const full = timed(() =>
      runners.map((fixes) => advanceProgress(course, emptyProgressState(), fixes, PARAMS)),
    );
    const perFixUs = (full.ms * 1000) / fixCount;
    lines.push(
      `full recompute of progress: ${fixCount} fixes in ${full.ms.toFixed(0)} ms = ${perFixUs.toFixed(1)} µs/fix; ${PARTICIPANTS} × ${Math.round(fixCount / DISTINCT)} fixes ≈ ${((perFixUs * PARTICIPANTS * fixCount) / DISTINCT / 1e6).toFixed(1)} s`,
    );
    // The live path: every participant posts one fix; state read from and written to JSON each time.
    let stored = runners.map(() => JSON.stringify(emptyProgressState()));
    const rounds = 200;
    const live = timed(() => {
      for (let i = 0; i < rounds; i++) {
        stored = stored.map((json, k) => {
          const state: unknown = JSON.parse(json);
          const fix = runners[k]?.[i];
          if (!isProgressState(state) || fix === undefined) return json;
          const before = cursorOf(state);
          const step = advanceProgress(course, state, [fix], PARAMS);
          detectPassings(checkpoints, before, step.samples);
          return JSON.stringify(step.state);
        });
      }
    });
    const perBatchUs = (live.ms * 1000) / (rounds * DISTINCT);
    const bytes = stored.reduce((n, s) => n + s.length, 0) / stored.length;
    lines.push(
      `live batch of 1 fix (JSON state in and out, passings): ${perBatchUs.toFixed(1)} µs; ${PARTICIPANTS} participants every 5 s ≈ ${((perBatchUs * PARTICIPANTS) / 5e4).toFixed(2)} % of one core; state ${bytes.toFixed(0)} bytes`,
    );
    expect(full.result.every((r) => r.samples.length > 0)).toBe(true);
  });

  it("recomputes every passing after a checkpoint moves, ranks, and replays", () => {
    const histories = runners.map((fixes) => historyOf(course, checkpoints, fixes, PARAMS));
    const all = Array.from({ length: PARTICIPANTS }, (_, k) => {
      const h = histories[k % DISTINCT];
      const shift = Math.floor(k / DISTINCT) * 1000;
      const samples: ProgressSample[] = (h?.samples ?? []).map((s) => ({
        ...s,
        ts: s.ts + shift,
        decidedTs: s.decidedTs + shift,
      }));
      return { id: `p${k}`, bib: String(k + 1), name: null, samples };
    });
    const sampleCount = all.reduce((n, p) => n + p.samples.length, 0);
    const moved = resolveCheckpoints(course, {
      points: [{ id: "aid", name: "Aid", distanceM: 7350 }],
      splitEveryM: 1000,
    });
    const recompute = timed(() => all.map((p) => computePassings(moved, p.samples)));
    lines.push(
      `move one checkpoint → recompute all passings: ${PARTICIPANTS} participants, ${sampleCount} samples, ${moved.length} checkpoints in ${recompute.ms.toFixed(0)} ms`,
    );
    const passings: Passing[][] = recompute.result;
    expect(passings.every((p) => p.length === moved.length)).toBe(true);

    const race: RaceContext = {
      course,
      checkpoints: moved,
      rules: {
        startMode: "gun",
        startMs: GUN,
        startClosesMs: GUN + 1800_000,
        cutoffs: [],
        inactivityDnfSec: null,
        climbFactor: 0,
      },
    };
    const replay = timed(() => buildReplay(all.map((p, k) => ({ ...p, passings: passings[k] ?? [] }))));
    const mid = GUN + 2700_000;
    const live = leaderboardAt(race, replay.result, mid);
    // Scrubbing across the race; the fastest step is the cost without the garbage collector's pauses.
    const steps = Array.from(
      { length: 10 },
      (_, k) => timed(() => leaderboardAt(race, replay.result, GUN + k * 720_000)).ms,
    );
    const entrants = entrantsAt(replay.result, mid);
    const ranking = Math.min(
      ...Array.from({ length: 3 }, () => timed(() => leaderboard(race, entrants, mid)).ms),
    );
    lines.push(
      `replay index of ${PARTICIPANTS}: ${replay.ms.toFixed(0)} ms; scrub step (state at t + ranking): median ${median(steps).toFixed(0)} ms, fastest ${Math.min(...steps).toFixed(0)} ms; ranking alone: ${ranking.toFixed(0)} ms`,
    );
    expect(live.filter((r) => r.status === "running").length).toBeGreaterThan(PARTICIPANTS / 2);
    console.log(lines.join("\n"));
  });
});
