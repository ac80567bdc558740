import { describe, expect, it } from "vitest";
import { northLine, T0, toPoints } from "../../../../tests/fixtures-stats/synthetic";
import { computeSplits } from "./splits";
import { computeStats } from "./stats";

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe("computeSplits", () => {
  it("returns no split for an empty or motionless track", () => {
    expect(computeSplits([], { activity: "run" })).toEqual([]);
    expect(computeSplits(toPoints([{ t: 0, north: 0, east: 0 }]), { activity: "run" })).toEqual([]);
  });

  it("cuts every kilometre and keeps the last partial split: 3.5 km at 4 m/s", () => {
    const splits = computeSplits(toPoints(northLine({ speedMps: 4, seconds: 875 })), { activity: "run" });
    expect(splits.map((s) => s.index)).toEqual([0, 1, 2, 3]);
    const expected = [
      [1000, 250],
      [1000, 250],
      [1000, 250],
      [500, 125],
    ];
    splits.forEach((split, i) => {
      expect(split.distanceMeters).toBeCloseTo(expected[i]?.[0] ?? Number.NaN, 6);
      expect(split.durationSec).toBeCloseTo(expected[i]?.[1] ?? Number.NaN, 6);
      expect(split.paceSecPerKm).toBeCloseTo(250, 6);
    });
  });

  it("uses the moving time: a stop inside a kilometre does not slow its pace", () => {
    // 1.5 km at 4 m/s with a 2-minute stop (no fixes) at 600 m.
    const samples = [
      ...northLine({ speedMps: 4, seconds: 150 }),
      ...northLine({ speedMps: 4, seconds: 225, startSec: 270, startNorth: 600 }),
    ];
    const splits = computeSplits(toPoints(samples), { activity: "run" });
    expect(splits).toHaveLength(2);
    expect(Math.abs((splits[0]?.durationSec ?? 0) - 250)).toBeLessThanOrEqual(1);
    expect(splits[1]?.durationSec).toBeCloseTo(125, 6);
  });

  it("puts the climb in the kilometre where it happens", () => {
    // Flat, then 50 m of climb between 1.1 and 1.9 km, then flat again up to 2.5 km.
    const altitude = (t: number) => 300 + Math.min(50, Math.max(0, (4 * t - 1100) / 16));
    const points = toPoints(northLine({ speedMps: 4, seconds: 625, altitude }));
    const splits = computeSplits(points, { activity: "hike" });
    expect(splits.map((s) => Math.round(s.elevationGainM))).toEqual([0, 50, 0]);
    expect(splits.map((s) => Math.round(s.elevationLossM))).toEqual([0, 0, 0]);
  });

  it("supports other split lengths (miles)", () => {
    const splits = computeSplits(toPoints(northLine({ speedMps: 4, seconds: 875 })), {
      activity: "run",
      splitMeters: 1609.344,
    });
    expect(splits.map((s) => Math.round(s.distanceMeters))).toEqual([1609, 1609, 281]);
  });

  it("adds up to the track's statistics, pauses included", () => {
    const altitude = (t: number) => 200 + 30 * Math.sin(t / 120);
    const samples = [
      ...northLine({ speedMps: 3.3, seconds: 700, altitude }),
      ...northLine({ speedMps: 3.3, seconds: 800, startSec: 900, startNorth: 2400, altitude }),
    ];
    const opts = { activity: "run" as const, pauses: [{ start: T0 + 700_000, end: T0 + 900_000 }] };
    const stats = computeStats(toPoints(samples), opts);
    const splits = computeSplits(toPoints(samples), opts);
    expect(splits).toHaveLength(5);
    expect(sum(splits.map((s) => s.distanceMeters))).toBeCloseTo(stats.distanceMeters ?? 0, 6);
    expect(sum(splits.map((s) => s.durationSec))).toBeCloseTo(stats.movingTimeSec ?? 0, 6);
    expect(sum(splits.map((s) => s.elevationGainM))).toBeCloseTo(stats.elevationGainM ?? 0, 6);
    expect(sum(splits.map((s) => s.elevationLossM))).toBeCloseTo(stats.elevationLossM ?? 0, 6);
  });
});
