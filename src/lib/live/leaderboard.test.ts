import { describe, expect, it } from "vitest";
import { toLeaderboardRow, toLeaderboardRowPatch } from "~/server/api/present-race";
import {
  buildCourse,
  diffBoard,
  type LeaderboardRow,
  leaderboard,
  resolveCheckpoints,
} from "~/server/domain/race";
import type { Entrant } from "~/server/domain/race/status";
import type { LeaderboardMessage } from "~/server/live/wire";
import { at } from "../../../tests/fixtures-stats/synthetic";
import { applyLeaderboard, emptyBoard, type LeaderboardView } from "./leaderboard";

const GUN = Date.UTC(2026, 5, 7, 8);
const course = buildCourse(
  Array.from({ length: 51 }, (_, k) => at(k * 100, 0)),
  { simplifyToleranceM: 0 },
);
const race = {
  course,
  checkpoints: resolveCheckpoints(course, { points: [], splitEveryM: 1000 }),
  rules: {
    startMode: "gun" as const,
    startMs: GUN,
    startClosesMs: null,
    cutoffs: [],
    inactivityDnfSec: null,
    climbFactor: 0,
  },
};

/** Runner k at `sec` seconds: speeds that swing, so that they overtake one another. */
function entrant(k: number, sec: number): Entrant {
  const speed = 3 + (k % 5) * 0.2 + Math.sin(sec / 40 + k) * 0.8;
  const progressM = Math.min(5000, sec * speed + k * 0.37);
  const ts = GUN + sec * 1000;
  return {
    id: `p${k}`,
    bib: String(k + 1),
    name: `Runner ${k}`,
    firstTs: GUN,
    passings: [],
    last: {
      ts,
      decidedTs: ts,
      progressM,
      alongM: progressM,
      offsetM: 2,
      speedMps: speed,
      offCourse: false,
      jump: false,
    },
  };
}

/** The message race-runtime.ts sends for a diff (messages.ts presents it). */
function patchMessage(seq: number, diff: ReturnType<typeof diffBoard>): LeaderboardMessage {
  return {
    type: "leaderboard",
    seq,
    race_id: "r",
    full: false,
    rows: diff.rows.map(toLeaderboardRow),
    patches: diff.patches.map(toLeaderboardRowPatch),
    leader_m: diff.leaderM,
    removed: diff.removed,
  };
}

// Every figure a viewer shows, the last fix aside (it alone does not make a row travel).
const strip = ({ last_fix: _l, ...r }: ReturnType<typeof toLeaderboardRow>) => r;
const byId = (list: ReturnType<typeof toLeaderboardRow>[]) =>
  Object.fromEntries(list.map((r) => [r.participant_id, strip(r)]));

describe("live leaderboard patches", () => {
  it("rebuild in the browser the board the server ranks, from rows, field patches and the leader", () => {
    let published = new Map<string, LeaderboardRow>();
    let board: LeaderboardView = emptyBoard("r");
    let patchBytes = 0;
    let wholeBytes = 0;
    let silentRanks = 0;
    let shownRanks = new Map<string, number | null>();
    for (let step = 0; step < 40; step++) {
      const sec = 60 + step * 5;
      // A third of the runners report each step, as phones every few seconds do; runner 29 enters at step
      // 10, runner 7 leaves at step 30, the organiser disqualifies runner 3 at step 20 and gives runner 5 a
      // finish time at step 25.
      const entrants = Array.from({ length: 30 }, (_, k) => {
        const e = entrant(k, sec - ((k + step) % 3) * 5);
        if (k === 3 && step >= 20) return { ...e, override: { status: "dsq" as const } };
        if (k === 5 && step >= 25) return { ...e, override: { finishTs: GUN + 180_000 } };
        return e;
      }).filter((_, k) => (k !== 29 || step >= 10) && (k !== 7 || step < 30));
      const rows = leaderboard(race, entrants, GUN + sec * 1000);
      const diff = diffBoard(published, rows);
      published = diff.published;
      const message = patchMessage(step + 1, diff);
      board = applyLeaderboard(board, message);
      const before = shownRanks;
      shownRanks = new Map(rows.map((r) => [r.id, r.rank]));
      if (step > 0) {
        // Rows whose rank changed though nothing of them was sent: the browser derived it.
        const sent = new Set([...diff.rows, ...diff.patches.map((p) => p.row)].map((r) => r.id));
        silentRanks += rows.filter((r) => !sent.has(r.id) && before.get(r.id) !== r.rank).length;
        patchBytes += JSON.stringify(message.patches).length;
        wholeBytes += JSON.stringify(diff.patches.map((p) => toLeaderboardRow(p.row))).length;
      }
      expect(byId(Object.values(board.rows))).toEqual(byId(rows.map(toLeaderboardRow)));
    }
    expect(board.rows.p29).toBeDefined();
    expect(board.rows.p7).toBeUndefined();
    expect(board.rows.p3?.status).toBe("dsq");
    expect(board.rows.p5?.status).toBe("finished");
    // The point of it: overtakings and gaps cost nothing, and changed rows travel as a fraction.
    expect(silentRanks).toBeGreaterThan(0);
    expect(patchBytes).toBeLessThan(wholeBytes * 0.75);
  });

  it("leave a row the board never had to the next full board", () => {
    const rows = leaderboard(race, [entrant(1, 100), entrant(2, 100)], GUN + 100_000);
    const first = diffBoard(new Map(), rows);
    const later = leaderboard(race, [entrant(1, 110), entrant(2, 110)], GUN + 110_000);
    const message = patchMessage(2, diffBoard(first.published, later));
    expect(message.patches).toHaveLength(2);
    const one = rows.slice(0, 1).map(toLeaderboardRow);
    const board = applyLeaderboard(emptyBoard("r", 1, one), message);
    expect(Object.keys(board.rows)).toEqual(one.map((r) => r.participant_id));
    expect(board.rows[one[0]?.participant_id ?? ""]?.distance_m).toBe(
      Math.round(later.find((r) => r.id === one[0]?.participant_id)?.distanceM ?? -1),
    );
  });

  it("costs one row when a runner overtakes the whole field, and none for the overtaken", () => {
    // 1,000 runners a metre apart; the last one's fix puts them first: 1,000 ranks change.
    const field = (k: number, m: number): LeaderboardRow => ({
      ...(leaderboard(race, [entrant(k, 100)], GUN + 100_000)[0] as LeaderboardRow),
      distanceM: m,
      toFinishM: 5000 - m,
    });
    const ranked = (list: LeaderboardRow[]) => {
      const sorted = [...list].sort((a, b) => b.distanceM - a.distanceM);
      return sorted.map((r, i) => ({ ...r, rank: i + 1, gapM: (sorted[0]?.distanceM ?? 0) - r.distanceM }));
    };
    const start = ranked(Array.from({ length: 1000 }, (_, k) => field(k, 3000 - k)));
    const first = diffBoard(new Map(), start);
    const board = applyLeaderboard(undefined, patchMessage(1, first));
    const jumped = ranked(
      start.map((r) => (r.id === "p999" ? { ...r, distanceM: 3001, toFinishM: 1999 } : r)),
    );
    const diff = diffBoard(first.published, jumped);
    expect([diff.rows.length, diff.patches.map((p) => p.row.id), diff.removed.length]).toEqual([
      0,
      ["p999"],
      0,
    ]);
    const after = applyLeaderboard(board, patchMessage(2, diff));
    expect(byId(Object.values(after.rows))).toEqual(byId(jumped.map(toLeaderboardRow)));
    expect(after.rows.p999?.rank).toBe(1);
    expect(after.rows.p0?.rank).toBe(2);
    expect(after.rows.p998?.rank).toBe(1000);
  });

  it("drops the runners who left, and clears gaps without a leader", () => {
    const rows = leaderboard(race, [entrant(1, 100), entrant(2, 100)], GUN + 100_000);
    const first = diffBoard(new Map(), rows);
    expect(first.rows).toHaveLength(2);
    expect(first.leaderM).toBe(Math.round(rows[0]?.distanceM ?? -1));
    const left = diffBoard(first.published, rows.slice(0, 1));
    expect(left.removed).toEqual([rows[1]?.id]);
    expect(left.rows).toEqual([]);
    const board = applyLeaderboard(emptyBoard("r", 1, rows.map(toLeaderboardRow)), {
      type: "leaderboard",
      seq: 2,
      race_id: "r",
      full: false,
      rows: [],
      leader_m: null,
      removed: [],
    });
    expect(Object.values(board.rows).map((r) => r.gap_m)).toEqual([null, null]);
  });
});
