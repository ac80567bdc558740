import { describe, expect, it } from "vitest";
import { toLeaderboardRow } from "~/server/api/present-race";
import {
  buildCourse,
  diffBoard,
  leaderboard,
  type PublishedRow,
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

describe("live leaderboard patches", () => {
  it("rebuild in the browser the board the server ranks, from rows, bare ranks and the leader's distance", () => {
    let published = new Map<string, PublishedRow>();
    let board: LeaderboardView = emptyBoard("r");
    let wholeRows = 0;
    let bareRanks = 0;
    for (let step = 0; step < 40; step++) {
      const sec = 60 + step * 5;
      // A third of the runners report each step, as phones every few seconds do.
      const entrants = Array.from({ length: 30 }, (_, k) => entrant(k, sec - ((k + step) % 3) * 5));
      const rows = leaderboard(race, entrants, GUN + sec * 1000);
      const diff = diffBoard(published, rows);
      published = diff.published;
      const message: LeaderboardMessage = {
        type: "leaderboard",
        seq: step + 1,
        race_id: "r",
        full: false,
        rows: diff.rows.map(toLeaderboardRow),
        ranks: diff.ranks,
        leader_m: diff.leaderM,
        removed: diff.removed,
      };
      board = applyLeaderboard(board, message);
      if (step > 0) {
        wholeRows += diff.rows.length;
        bareRanks += diff.ranks.length;
      }
      // Every figure a viewer shows, the last fix aside (it alone does not make a row travel).
      const strip = ({ last_fix: _l, ...r }: ReturnType<typeof toLeaderboardRow>) => r;
      const byId = (list: ReturnType<typeof toLeaderboardRow>[]) =>
        Object.fromEntries(list.map((r) => [r.participant_id, strip(r)]));
      expect(byId(Object.values(board.rows))).toEqual(byId(rows.map(toLeaderboardRow)));
    }
    // The point of it: overtakings travel as bare ranks, and gaps not at all.
    expect(bareRanks).toBeGreaterThan(0);
    expect(wholeRows).toBeLessThan(39 * 30);
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
