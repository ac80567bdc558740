import { describe, expect, it } from "vitest";
import { describePeriod, emptyGroup, fillPeriods } from "./periods";

describe("periods of GET /stats", () => {
  it("names ISO weeks by their Thursday's year, across year ends", () => {
    expect(describePeriod("week", "2020-12-28")).toEqual({ period: "2020-W53", end: "2021-01-03" });
    expect(describePeriod("week", "2024-12-30")).toEqual({ period: "2025-W01", end: "2025-01-05" });
    expect(describePeriod("week", "2016-09-05")).toEqual({ period: "2016-W36", end: "2016-09-11" });
    expect(describePeriod("month", "2024-02-01")).toEqual({ period: "2024-02", end: "2024-02-29" });
    expect(describePeriod("year", "2019-01-01")).toEqual({ period: "2019", end: "2019-12-31" });
  });

  it("fills the periods between the first and the last with empty ones, in order", () => {
    const group = { ...emptyGroup(), tracksCount: 2, activities: [] };
    const filled = fillPeriods("month", [
      { start: "2024-03-01", ...group },
      { start: "2023-12-01", ...group },
    ]);
    expect(filled.map((p) => [p.period, p.tracksCount])).toEqual([
      ["2023-12", 2],
      ["2024-01", 0],
      ["2024-02", 0],
      ["2024-03", 2],
    ]);
    expect(filled[1]?.stats.distance_meters).toBe(0);
    expect(filled[1]?.stats.max_speed_mps).toBeNull();
  });

  it("leaves the gaps out past the limit instead of answering thousands of empty weeks", () => {
    const group = { ...emptyGroup(), tracksCount: 1, activities: [] };
    const filled = fillPeriods("week", [
      { start: "2000-01-03", ...group },
      { start: "2030-01-07", ...group },
    ]);
    expect(filled.map((p) => p.period)).toEqual(["2000-W01", "2030-W02"]);
  });
});
