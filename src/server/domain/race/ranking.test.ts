import { describe, expect, it } from "vitest";
import { at } from "../../../../tests/fixtures-stats/synthetic";
import { resolveCheckpoints } from "./checkpoints";
import { buildCourse } from "./course";
import type { Fix, ProgressParams } from "./progress-types";
import { type LeaderboardRow, leaderboard, type RaceContext } from "./ranking";
import type { Entrant, Override, RaceRules } from "./status";
import { historyOf } from "./test-tracks";

const GUN = Date.UTC(2026, 5, 7, 8, 0, 0);
const course = buildCourse(
  Array.from({ length: 101 }, (_, k) => at(k * 100, 0)),
  { simplifyToleranceM: 0 },
);
const checkpoints = resolveCheckpoints(course, {
  points: [{ id: "aid", name: "Aid station", distanceM: 5000 }],
  splitEveryM: 1000,
});
const RULES: RaceRules = {
  startMode: "gun",
  startMs: GUN,
  startClosesMs: GUN + 30 * 60_000,
  cutoffs: [],
  inactivityDnfSec: 1800,
  climbFactor: 0,
};
const race = (rules: Partial<RaceRules> = {}): RaceContext => ({
  course,
  checkpoints,
  rules: { ...RULES, ...rules },
});

interface Plan {
  id: string;
  /** Seconds after the gun the runner leaves the line, speed, and where their fixes stop. */
  leaveSec?: number;
  speedMps?: number;
  stopM?: number;
  /** Their fixes end at this many seconds after the gun (a dead phone). */
  untilSec?: number;
  fromM?: number;
  waveStartMs?: number;
  override?: Override;
}

/** The entrant as the live view sees them at `now`. */
function entrant(plan: Plan, now: number, params: Partial<ProgressParams> = {}): Entrant {
  const leave = plan.leaveSec ?? 0;
  const speed = plan.speedMps ?? 4;
  const fixes: Fix[] = [];
  for (let t = 0; t <= Math.min(plan.untilSec ?? Number.POSITIVE_INFINITY, (now - GUN) / 1000); t += 5) {
    const d = Math.min(plan.stopM ?? 10_050, Math.max(0, (t - leave) * speed));
    if (d < (plan.fromM ?? 0)) continue;
    fixes.push({ ts: GUN + t * 1000, ...at(d, 0) });
  }
  const h = historyOf(course, checkpoints, fixes, { startMs: GUN, endMs: null, maxSpeedMps: 12, ...params });
  return {
    id: plan.id,
    bib: plan.id.replace(/\D/g, "") || null,
    name: `Runner ${plan.id}`,
    waveStartMs: plan.waveStartMs ?? null,
    last: h.state.last,
    firstTs: h.state.firstTs,
    passings: h.passings,
    override: plan.override ?? null,
  };
}

const byId = (rows: LeaderboardRow[]) => new Map(rows.map((r) => [r.id, r]));

describe("leaderboard", () => {
  it("ranks finishers by time, then runners by distance, sharing ranks on ties", () => {
    const now = GUN + 2990_000;
    const rows = leaderboard(
      race(),
      [
        entrant({ id: "r5", speedMps: 3 }, now),
        entrant({ id: "r1", speedMps: 4 }, now),
        entrant({ id: "r2", speedMps: 4 }, now),
        entrant({ id: "r3", speedMps: 3.9 }, now),
        entrant({ id: "r6", speedMps: 3 }, now),
        entrant({ id: "r7", speedMps: 2 }, now),
      ],
      now,
    );
    expect(rows.map((r) => [r.id, r.rank, r.status])).toEqual([
      ["r1", 1, "finished"],
      ["r2", 1, "finished"],
      ["r3", 3, "finished"],
      ["r5", 4, "running"],
      ["r6", 4, "running"],
      ["r7", 6, "running"],
    ]);
    const r = byId(rows);
    expect(r.get("r1")?.timeSec).toBe(2500);
    expect(r.get("r3")?.gapSec).toBe(2564 - 2500);
    // At km 8, passed at 2667 s against the leader's 2000 s; 8,970 m covered.
    expect(r.get("r5")?.gapM).toBe(10_000 - Math.round(r5Distance(now)));
    expect(r.get("r5")?.gapSec).toBe(2667 - 2000);
    expect(r.get("r5")?.lastCheckpoint?.id).toBe("split-8000");
  });

  it("times a gun start from the gun, waves from their wave, individual starts from the start line", () => {
    const late = { id: "r1", leaveSec: 60 };
    const early = { id: "r2", leaveSec: 0, speedMps: 3.95 };
    const now = GUN + 4000_000;
    const gun = byId(leaderboard(race(), [entrant(late, now), entrant(early, now)], now));
    expect(gun.get("r1")).toMatchObject({ timeSec: 2560, chipTimeSec: 2500, rank: 2 });
    expect(gun.get("r2")).toMatchObject({ timeSec: 2532, rank: 1 });
    const individual = byId(
      leaderboard(race({ startMode: "individual" }), [entrant(late, now), entrant(early, now)], now),
    );
    expect(individual.get("r1")).toMatchObject({ timeSec: 2500, rank: 1 });
    // Each fix stands still at the line until the runner leaves: their start is the last one there.
    expect(individual.get("r1")?.startTs).toBe(GUN + 60_000);
    const wave = { ...late, waveStartMs: GUN + 60_000 };
    const waves = byId(
      leaderboard(race({ startMode: "waves" }), [entrant(wave, now), entrant(early, now)], now),
    );
    expect(waves.get("r1")).toMatchObject({ timeSec: 2500, rank: 1 });
    expect(waves.get("r2")).toMatchObject({ timeSec: 2532, rank: 2 });
  });

  it("sets the statuses it can tell, and lets the organiser's overrides win", () => {
    const rules: Partial<RaceRules> = { cutoffs: [{ checkpointId: "aid", afterStartSec: 1500 }] };
    const now = GUN + 40 * 60_000;
    const rows = byId(
      leaderboard(
        race(rules),
        [
          entrant({ id: "r1" }, now),
          entrant({ id: "r2", speedMps: 3 }, now),
          entrant({ id: "r3", untilSec: 1300 }, now),
          entrant({ id: "r4", untilSec: -1 }, now),
          entrant({ id: "r5", override: { status: "dsq" } }, now),
          entrant(
            { id: "r6", untilSec: 900, override: { status: "finished", finishTs: GUN + 3000_000 } },
            now,
          ),
          entrant({ id: "r7", speedMps: 3, stopM: 4000 }, now),
        ],
        now,
      ),
    );
    expect(rows.get("r1")).toMatchObject({ status: "running", statusAuto: true });
    // 5 km at 3 m/s is 1667 s, over the 1500 s cut-off.
    expect(rows.get("r2")).toMatchObject({ status: "dnf", statusReason: "cutoff", rank: null });
    // Silent for 18 min is not yet 30 min of inactivity.
    expect(rows.get("r3")).toMatchObject({ status: "running", statusReason: null });
    expect(rows.get("r4")).toMatchObject({ status: "dns", statusReason: "start-closed" });
    expect(rows.get("r5")).toMatchObject({ status: "dsq", statusAuto: false, rank: null });
    expect(rows.get("r6")).toMatchObject({ status: "finished", statusAuto: false, timeSec: 3000, rank: 1 });
    // Stopped at 4 km, short of the aid station past its cut-off.
    expect(rows.get("r7")).toMatchObject({ status: "dnf", statusReason: "cutoff" });
    const later = byId(
      leaderboard(race(), [entrant({ id: "r3", untilSec: 1300 }, GUN + 3200_000)], GUN + 3200_000),
    );
    expect(later.get("r3")).toMatchObject({ status: "dnf", statusReason: "inactive" });
    const before = byId(
      leaderboard(race(), [entrant({ id: "r4", untilSec: -1 }, GUN + 60_000)], GUN + 60_000),
    );
    expect(before.get("r4")?.status).toBe("not_started");
  });

  it("shows pace, next checkpoint ETA and predicted finish for a runner", () => {
    const now = GUN + 1250_000;
    const r = byId(leaderboard(race(), [entrant({ id: "r1" }, now)], now)).get("r1");
    expect(r).toMatchObject({ status: "running", paceSecPerKm: 250 });
    expect(r?.distanceM).toBeCloseTo(5000, 6);
    expect(r?.predictedFinishTs).toBe(GUN + 2500_000);
    expect(r?.next).toMatchObject({ id: "split-6000", etaTs: GUN + 1500_000 });
    expect(r?.lastCheckpoint).toMatchObject({ id: "split-5000", ts: GUN + 1250_000, status: "measured" });
  });

  it("flags what a reader must not trust blindly", () => {
    const now = GUN + 3000_000;
    const rows = byId(leaderboard(race(), [entrant({ id: "r1", fromM: 2500 }, now)], now));
    expect(rows.get("r1")?.flags).toEqual(["missing"]);
    expect(rows.get("r1")?.status).toBe("finished");
  });
});

/** r5 runs 3 m/s from the gun. */
const r5Distance = (now: number) => Math.floor((now - GUN) / 5000) * 5 * 3;
