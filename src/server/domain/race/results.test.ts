import { describe, expect, it } from "vitest";
import { at } from "../../../../tests/fixtures-stats/synthetic";
import { resolveCheckpoints } from "./checkpoints";
import { buildCourse } from "./course";
import type { Fix } from "./progress-types";
import type { RaceContext } from "./ranking";
import { formatDuration, freezeResults, resultsCsvRows } from "./results";
import type { Entrant } from "./status";
import { historyOf } from "./test-tracks";

const GUN = Date.UTC(2026, 5, 7, 8, 0, 0);
const course = buildCourse(
  Array.from({ length: 51 }, (_, k) => at(k * 100, 0)),
  { simplifyToleranceM: 0 },
);
const checkpoints = resolveCheckpoints(course, {
  points: [{ id: "aid", name: "Aid, north", distanceM: 2500 }],
});
const race: RaceContext = {
  course,
  checkpoints,
  rules: {
    startMode: "gun",
    startMs: GUN,
    startClosesMs: GUN + 600_000,
    cutoffs: [],
    inactivityDnfSec: null,
    climbFactor: 0,
  },
};

function entrant(id: string, speedMps: number, untilSec: number, extra: Partial<Entrant> = {}): Entrant {
  const fixes: Fix[] = [];
  for (let t = 0; t <= untilSec; t += 5)
    fixes.push({ ts: GUN + t * 1000, ...at(Math.min(5050, t * speedMps), 0) });
  const h = historyOf(course, checkpoints, fixes, { startMs: GUN, endMs: null, maxSpeedMps: 12 });
  return {
    id,
    bib: id,
    name: `Runner ${id}`,
    last: h.state.last,
    firstTs: h.state.firstTs,
    passings: h.passings,
    ...extra,
  };
}

describe("results", () => {
  const end = GUN + 3600_000;
  const rows = freezeResults(
    race,
    [
      entrant("3", 2, 3600),
      entrant("1", 4, 3600),
      entrant("4", 1, 1800),
      entrant("2", 5, 3600, { override: { status: "dsq" } }),
      entrant("5", 4, -1),
    ],
    end,
  );

  it("closes the race: finishers ranked, those still out DNF, those never seen DNS, overrides kept", () => {
    expect(rows.map((r) => [r.bib, r.rank, r.status, r.statusReason])).toEqual([
      ["1", 1, "finished", null],
      ["3", 2, "finished", null],
      ["4", null, "dnf", "course-closed"],
      ["2", null, "dsq", null],
      ["5", null, "dns", "start-closed"],
    ]);
    expect(rows[1]).toMatchObject({ timeSec: 2500, gapSec: 1250 });
    expect(rows[2]?.gapSec).toBeNull();
  });

  it("keeps every checkpoint's elapsed time", () => {
    expect(rows[0]?.splits).toEqual([
      { checkpointId: "aid", elapsedSec: 625, status: "measured" },
      { checkpointId: "finish", elapsedSec: 1250, status: "measured" },
    ]);
    expect(rows[2]?.splits.map((s) => s.elapsedSec)).toEqual([null, null]);
  });

  it("writes CSV cells a spreadsheet reads", () => {
    const csv = resultsCsvRows(race, rows);
    expect(csv[0]).toEqual([
      "Rank",
      "Bib",
      "Name",
      "Status",
      "Time",
      "Chip time",
      "Gap",
      "Distance (km)",
      "Aid, north",
      "Finish",
      "Estimated or missing",
    ]);
    expect(csv[1]).toEqual([
      "1",
      "1",
      "Runner 1",
      "Finished",
      "0:20:50",
      "0:20:50",
      "+0:00:00",
      "5",
      "0:10:25",
      "0:20:50",
      "",
    ]);
    expect(csv[3]).toEqual(["", "4", "Runner 4", "DNF", "", "", "", "1.8", "", "", ""]);
    expect(formatDuration(3 * 3600 + 5)).toBe("3:00:05");
  });
});
