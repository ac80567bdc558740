import { describe, expect, it } from "vitest";
import { at } from "../../../../tests/fixtures-stats/synthetic";
import { CheckpointError, resolveCheckpoints, snapToCourse } from "./checkpoints";
import { buildCourse, positionAt } from "./course";
import { readRoute } from "./test-tracks";

// 1 km out, 1 km back 8 m to the east: every place of the first kilometre is passed twice.
const outAndBack = buildCourse(
  [
    ...Array.from({ length: 101 }, (_, k) => at(k * 10, 0)),
    ...Array.from({ length: 101 }, (_, k) => at(1000 - k * 10, 8)),
  ],
  { simplifyToleranceM: 0 },
);

describe("checkpoints", () => {
  it("puts start, points, splits and finish in course order", () => {
    const checkpoints = resolveCheckpoints(outAndBack, {
      points: [{ id: "aid", name: "Aid station", distanceM: 1500 }],
      splitEveryM: 500,
    });
    expect(checkpoints.map((c) => [c.id, c.kind, Math.round(c.distanceM)])).toEqual([
      ["start", "start", 0],
      ["split-500", "split", 500],
      ["split-1000", "split", 1000],
      ["aid", "point", 1500],
      ["split-1500", "split", 1500],
      ["split-2000", "split", 2000],
      ["finish", "finish", 2008],
    ]);
    expect(checkpoints.find((c) => c.id === "split-1000")?.name).toBe("1000 m");
  });

  it("snaps a position to the first pass, or to the pass nearest a hint", () => {
    const p = at(300, 6);
    expect(snapToCourse(outAndBack, p)?.passesM.map(Math.round)).toEqual([300, 1708]);
    expect(Math.round(snapToCourse(outAndBack, p)?.distanceM ?? 0)).toBe(300);
    expect(Math.round(snapToCourse(outAndBack, p, 1600)?.distanceM ?? 0)).toBe(1708);
    expect(snapToCourse(outAndBack, p, 1600)?.offsetM).toBeCloseTo(2, 3);
    expect(snapToCourse(outAndBack, at(300, 500))).toBeNull();
  });

  it("repeats a lap checkpoint on every lap, and adds the lap ends", () => {
    const course = buildCourse(readRoute("runs-gpx-6037744996.gpx"), { laps: 3 });
    const where = positionAt(course, 2000);
    const checkpoints = resolveCheckpoints(course, {
      points: [{ id: "bridge", name: "Bridge", position: where, nearM: 2000, everyLap: true }],
    });
    const bridges = checkpoints.filter((c) => c.id.startsWith("bridge@"));
    expect(bridges.map((c) => Math.round(c.distanceM))).toEqual(
      [0, 1, 2].map((k) => Math.round(2000 + k * course.lapLengthM)),
    );
    expect(bridges.map((c) => c.name)).toEqual(["Bridge (lap 1)", "Bridge (lap 2)", "Bridge (lap 3)"]);
    expect(checkpoints.filter((c) => c.kind === "lap").map((c) => c.id)).toEqual(["lap-1", "lap-2"]);
  });

  it("refuses duplicates, distances off the course and positions far from it", () => {
    const dup = { points: [{ id: "start", name: "again", distanceM: 10 }] };
    expect(() => resolveCheckpoints(outAndBack, dup)).toThrow(CheckpointError);
    expect(() =>
      resolveCheckpoints(outAndBack, { points: [{ id: "x", name: "x", distanceM: 5000 }] }),
    ).toThrow(/outside the course/);
    expect(() =>
      resolveCheckpoints(outAndBack, { points: [{ id: "x", name: "x", position: at(0, 900) }] }),
    ).toThrow(/from the course/);
    expect(() => resolveCheckpoints(outAndBack, { points: [{ id: "x", name: "x" }] })).toThrow(
      CheckpointError,
    );
  });
});
