import { describe, expect, it } from "vitest";
import { changedFields, diffBoard } from "./board-diff";
import type { LeaderboardRow } from "./ranking";

const T0 = Date.UTC(2026, 5, 7, 8);

/** A running row as the ranking builds one (all fields, in its order). */
function row(id: string, over: Partial<LeaderboardRow> = {}): LeaderboardRow {
  return {
    id,
    bib: id.slice(1),
    name: `Runner ${id}`,
    rank: 1,
    status: "running",
    statusAuto: true,
    statusReason: null,
    startTs: T0,
    finishTs: null,
    timeSec: null,
    chipTimeSec: null,
    distanceM: 1000,
    toFinishM: 4000,
    gapSec: null,
    gapM: 0,
    paceSecPerKm: 300,
    lastCheckpoint: { id: "km1", name: "km 1", distanceM: 1000, ts: T0 + 300_000, status: "measured" },
    next: { id: "km2", name: "km 2", distanceM: 2000, etaTs: T0 + 600_000 },
    predictedFinishTs: T0 + 1_500_000,
    lastFixTs: T0 + 300_000,
    flags: [],
    ...over,
  };
}

/** A runner's next fix: what a batch changes in a row. */
const moved = (r: LeaderboardRow, m: number, over: Partial<LeaderboardRow> = {}): LeaderboardRow => ({
  ...r,
  distanceM: r.distanceM + m,
  toFinishM: r.toFinishM - m,
  next: r.next && { ...r.next, etaTs: (r.next.etaTs ?? 0) + 1000 },
  lastFixTs: (r.lastFixTs ?? 0) + 5000,
  ...over,
});

describe("changedFields", () => {
  it("lists what a fix changed, with its time, but never a running row's gap", () => {
    const a = row("p1");
    expect(changedFields(a, moved(a, 15, { gapM: 40 }))).toEqual([
      "distanceM",
      "toFinishM",
      "next",
      "lastFixTs",
    ]);
  });

  it("compares checkpoints and flags by content, not by object", () => {
    const a = row("p1");
    expect(changedFields(a, { ...a, next: a.next && { ...a.next }, flags: [...a.flags] })).toEqual([]);
    expect(changedFields(a, { ...a, flags: ["off-course"] })).toEqual(["flags"]);
  });

  it("says nothing when only the last fix, the rank or the gap moved", () => {
    const a = row("p1");
    expect(changedFields(a, { ...a, lastFixTs: T0 + 305_000, rank: 2, gapM: 12 })).toEqual([]);
  });

  it("sends the gap of a row that stopped running (viewers derive only running rows' gaps)", () => {
    const a = row("p1", { gapM: 120, rank: 3 });
    const done = { ...a, status: "finished" as const, gapM: null, gapSec: 42, timeSec: 1500, next: null };
    expect(changedFields(a, done)).toEqual(["status", "timeSec", "gapSec", "gapM", "next"]);
  });
});

describe("diffBoard", () => {
  it("sends new participants whole, the others' changed fields without their rank, and who left", () => {
    const a = row("p1");
    const b = row("p2", { rank: 2, distanceM: 900, toFinishM: 4100, gapM: 100 });
    const c = row("p3", { rank: 3, distanceM: 800, toFinishM: 4200, gapM: 200 });
    const first = diffBoard(new Map(), [a, b, c]);
    expect(first.rows.map((r) => r.id)).toEqual(["p1", "p2", "p3"]);
    expect(first.patches).toEqual([]);
    expect(first.leaderM).toBe(1000);

    // p2 overtakes p1 (both move); p3 stands still; p4 enters; nobody left yet.
    const b2 = moved(b, 120, { rank: 1, gapM: 0 });
    const a2 = moved(a, 10, { rank: 2, gapM: 10 });
    const d = row("p4", { rank: 4, distanceM: 10, toFinishM: 4990, gapM: 1010 });
    const second = diffBoard(first.published, [b2, a2, c, d]);
    expect(second.rows).toEqual([d]);
    expect(second.patches.map((p) => [p.row.id, p.fields])).toEqual([
      ["p2", ["distanceM", "toFinishM", "next", "lastFixTs"]],
      ["p1", ["distanceM", "toFinishM", "next", "lastFixTs"]],
    ]);
    expect(second.leaderM).toBe(1020);

    // p4 passes p3 without p3 moving: nothing of p3 (viewers rank it from p4's distance); p1 left the race.
    const d3 = moved(d, 800, { rank: 3 });
    const c3 = { ...c, rank: 4 };
    const third = diffBoard(second.published, [b2, d3, c3]);
    expect(third.rows).toEqual([]);
    expect(third.patches.map((p) => p.row.id)).toEqual(["p4"]);
    expect(third.removed).toEqual(["p1"]);
  });

  it("keeps comparing with what was sent: a last fix held back goes with the next change", () => {
    const a = row("p1");
    const first = diffBoard(new Map(), [a]);
    // A fix at the same place (a runner standing): nothing to send.
    const still = { ...a, lastFixTs: T0 + 305_000 };
    const second = diffBoard(first.published, [still]);
    expect(second.patches).toEqual([]);
    expect(second.published.get("p1")).toBe(a);
    // Then one that moves: its time goes along.
    const third = diffBoard(second.published, [moved(still, 15)]);
    expect(third.patches[0]?.fields).toContain("lastFixTs");
    expect(third.patches[0]?.row.lastFixTs).toBe(T0 + 310_000);
  });

  it("never sends a rank: a row only overtaken sends nothing, one that moved its figures alone", () => {
    const a = row("p1", { rank: 2 });
    const first = diffBoard(new Map(), [a]);
    const overtaken = diffBoard(first.published, [{ ...a, rank: 3 }]);
    expect([overtaken.rows, overtaken.patches, overtaken.removed]).toEqual([[], [], []]);
    const moving = diffBoard(overtaken.published, [moved(a, 20, { rank: 1 })]);
    expect(moving.patches[0]?.fields).not.toContain("rank");
  });
});
