import { describe, expect, it } from "vitest";
import { SEGMENT_GAP_MS, segmentsOf } from "./segments";

const at = (...seconds: number[]) => seconds.map((s) => ({ ts: s * 1000 }));

describe("segmentsOf", () => {
  it("is one segment for a continuous track, none for no points", () => {
    expect(segmentsOf(at(0, 1, 2, 3))).toEqual([{ index: 0, first: 0, last: 3, startTs: 0, endTs: 3000 }]);
    expect(segmentsOf([])).toEqual([]);
  });

  it("cuts at the file's own segments, at the athlete's pauses and at long gaps", () => {
    const gap = SEGMENT_GAP_MS / 1000;
    const points = at(0, 10, 20, 30, 40, 50, 60 + gap, 70 + gap);
    const segments = segmentsOf(points, { starts: [20_000], pauses: [{ start: 35_000, end: 39_000 }] });
    expect(segments.map((s) => [s.first, s.last])).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
    ]);
  });

  it("ignores a file segment start at the very first point", () => {
    expect(segmentsOf(at(0, 1, 2), { starts: [0] })).toHaveLength(1);
  });
});
