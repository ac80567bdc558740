import { describe, expect, it } from "vitest";
import { toLeaderboardRow, toLeaderboardRowPatch } from "~/server/api/present-race";
import {
  buildCourse,
  diffBoard,
  type LeaderboardRow,
  leaderboard,
  resolveCheckpoints,
} from "~/server/domain/race";
import type { Entrant, Override, StartMode } from "~/server/domain/race/status";
import { ZLeaderboardMessage } from "~/server/live/wire";
import { at } from "../../../tests/fixtures-stats/synthetic";
import { applyLeaderboard, emptyBoard, type LeaderboardView, orderedRows } from "./leaderboard";

/**
 * The live patches against the server's board, at random: hundreds of updates of a race with ties in whole
 * metres and in finish times, organiser statuses, inactivity DNFs, finishers without a time, joins and leaves
 * and now and then a full board (a catch-up). After every message the browser's board must be the server's,
 * every field (the last fix aside: alone it does not travel) and the order, ties included.
 */

const GUN = Date.UTC(2026, 5, 7, 8);
const course = buildCourse(
  Array.from({ length: 51 }, (_, k) => at(k * 100, 0)),
  { simplifyToleranceM: 0 },
);
const checkpoints = resolveCheckpoints(course, { points: [], splitEveryM: 1000 });
const raceOf = (startMode: StartMode) => ({
  course,
  checkpoints,
  rules: { startMode, startMs: GUN, startClosesMs: null, cutoffs: [], inactivityDnfSec: 40, climbFactor: 0 },
});

/** mulberry32: a small seeded generator, so a failure replays. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Runner {
  id: string;
  bib: string;
  progressM: number | null;
  lastTs: number | null;
  firstTs: number | null;
  override: Override | null;
}

type Encoder = typeof diffBoard;

/** Plays `steps` updates through `encode`; the first step whose board differs from the server's, or -1. */
function firstMismatch(seed: number, encode: Encoder, startMode: StartMode = "gun", steps = 300): number {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const race = raceOf(startMode);
  const pool: Runner[] = Array.from({ length: 70 }, (_, k) => ({
    id: `p${String(k).padStart(2, "0")}`,
    // Repeated bibs: ties in whole metres fall back on the id, as the server's order does.
    bib: String(1 + (k % 50)),
    progressM: null,
    lastTs: null,
    firstTs: null,
    override: null,
  }));
  const active = new Set(pool.slice(0, 40).map((r) => r.id));
  let published = new Map<string, LeaderboardRow>();
  let board: LeaderboardView = emptyBoard("r");
  for (let step = 0; step < steps; step++) {
    const now = GUN + 60_000 + step * 2000;
    for (const r of pool) {
      if (!active.has(r.id) || rnd() < 0.4) continue;
      // Small moves from clustered places: many runners share a whole metre, and overtake one another.
      const d = pick([0, 0.2, 0.4, 0.5, 1, 1, 2, 5, 20]);
      r.progressM = r.progressM === null ? pick([0, 10, 10, 11, 30]) : Math.min(4990, r.progressM + d);
      r.firstTs ??= now - Math.floor(rnd() * 20) * 1000;
      // Some stop reporting for a while: automatic DNF after 40 s, undone when their fixes come back.
      if (rnd() < 0.97 || r.lastTs === null) r.lastTs = now;
    }
    const r = pick(pool);
    const roll = rnd();
    if (roll < 0.06 && !active.has(r.id)) active.add(r.id);
    else if (roll < 0.1) active.delete(r.id);
    else if (roll < 0.14) r.override = { status: pick(["dnf", "dsq", "dns", "not_started"] as const) };
    // Finish times on a few seconds only: ties among finishers. A finisher never tracked has no time
    // in an individual start (no own start).
    else if (roll < 0.18) r.override = { finishTs: GUN + 1_800_000 + pick([0, 0, 1000, 2000, 2400]) };
    else if (roll < 0.22) r.override = null;
    const entrants: Entrant[] = pool
      .filter((p) => active.has(p.id))
      .map((p) => ({
        id: p.id,
        bib: p.bib,
        name: `Runner ${p.id}`,
        firstTs: p.firstTs,
        passings: [],
        override: p.override,
        last:
          p.progressM === null || p.lastTs === null
            ? null
            : {
                ts: p.lastTs,
                decidedTs: p.lastTs,
                progressM: p.progressM,
                alongM: p.progressM,
                offsetM: 2,
                speedMps: 3,
                offCourse: false,
                jump: false,
              },
      }));
    const rows = leaderboard(race, entrants, now);
    const wire = rows.map(toLeaderboardRow);
    if (rnd() < 0.03) {
      // A catch-up: the whole board, as another instance or a reconnection gets it.
      board = applyLeaderboard(board, {
        type: "leaderboard",
        seq: step + 1,
        race_id: "r",
        full: true,
        rows: wire,
        removed: [],
      });
      published = new Map(rows.map((x) => [x.id, x]));
    } else {
      const diff = encode(published, rows);
      published = diff.published;
      // Through the wire as the browser gets it: JSON, then the shared schema.
      const message = ZLeaderboardMessage.parse(
        JSON.parse(
          JSON.stringify({
            type: "leaderboard",
            seq: step + 1,
            race_id: "r",
            full: false,
            rows: diff.rows.map(toLeaderboardRow),
            patches: diff.patches.map(toLeaderboardRowPatch),
            leader_m: diff.leaderM,
            removed: diff.removed,
          }),
        ),
      );
      board = applyLeaderboard(board, message);
    }
    const shown = orderedRows(board).map(({ last_fix: _l, ...x }) => x);
    if (JSON.stringify(shown) !== JSON.stringify(wire.map(({ last_fix: _l, ...x }) => x))) return step;
  }
  return -1;
}

describe("live leaderboard patches, at random", () => {
  it("rebuild the server's board exactly after every message: ranks, ties, statuses, order", () => {
    for (const seed of [1, 2, 3, 4, 5]) expect(firstMismatch(seed, diffBoard)).toBe(-1);
    for (const seed of [6, 7]) expect(firstMismatch(seed, diffBoard, "individual")).toBe(-1);
  });

  it("covers what it claims: ties, unranked statuses and finishers without a time show up", () => {
    // The same play as above, seen from the server: the cases that make ranks differ from positions.
    let tiedRunning = 0;
    let tiedFinished = 0;
    let unranked = 0;
    let untimed = 0;
    const count: Encoder = (previous, rows) => {
      rows.forEach((r, i) => {
        const prev = rows[i - 1];
        if (r.rank !== null && prev?.rank === r.rank) {
          if (r.status === "running") tiedRunning += 1;
          else tiedFinished += 1;
        }
        if (r.rank === null) unranked += 1;
        if (r.status === "finished" && r.timeSec === null) untimed += 1;
      });
      return diffBoard(previous, rows);
    };
    firstMismatch(1, count);
    firstMismatch(6, count, "individual");
    expect(Math.min(tiedRunning, tiedFinished, unranked, untimed)).toBeGreaterThan(0);
  });

  it("fails on broken encoders", () => {
    // One that forgets who left: the browser still ranks them.
    const keepsLeavers: Encoder = (previous, rows) => ({ ...diffBoard(previous, rows), removed: [] });
    // The tempting one: a runner whose rank did not change need not send its distance. Ranks are then
    // derived from stale distances.
    const onlyRankChanges: Encoder = (previous, rows) => {
      const diff = diffBoard(previous, rows);
      const patches = diff.patches.filter((p) => previous.get(p.row.id)?.rank !== p.row.rank);
      return { ...diff, patches };
    };
    // One that drops status changes (an organiser's DNF, an automatic one).
    const noStatus: Encoder = (previous, rows) => {
      const diff = diffBoard(previous, rows);
      return { ...diff, patches: diff.patches.filter((p) => !p.fields.includes("status")) };
    };
    for (const broken of [keepsLeavers, onlyRankChanges, noStatus])
      expect(firstMismatch(1, broken)).toBeGreaterThanOrEqual(0);
  });
});
