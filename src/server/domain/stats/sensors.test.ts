import { describe, expect, it } from "vitest";
import { northLine, toPoints } from "../../../../tests/fixtures-stats/synthetic";
import { chartData } from "./chart";
import { computeStats } from "./stats";
import type { StatPoint } from "./types";

const run = (seconds: number, startSec = 0, startNorth = 0) =>
  toPoints(northLine({ speedMps: 3, seconds, startSec, startNorth }));

describe("computeStats: sensors", () => {
  it("averages heart rate, cadence, power and temperature over moving time, and keeps the maxima", () => {
    const points: StatPoint[] = run(600).map((p, i) => ({
      ...p,
      heartRateBpm: i < 300 ? 140 : 160,
      cadenceRpm: 85,
      powerW: i % 2 === 0 ? 200 : 300,
      temperatureC: 12,
    }));
    const stats = computeStats(points, { activity: "bike" });
    expect(stats.avgHeartRateBpm).toBeCloseTo(150, 0);
    expect(stats.maxHeartRateBpm).toBe(160);
    expect(stats.avgCadenceRpm).toBeCloseTo(85, 6);
    expect(stats.maxCadenceRpm).toBe(85);
    expect(stats.avgPowerW).toBeCloseTo(250, 0);
    expect(stats.maxPowerW).toBe(300);
    expect(stats.avgTemperatureC).toBeCloseTo(12, 6);
  });

  it("leaves a stop out of the averages, but not out of the maxima", () => {
    // 5 min running at 150 bpm, 5 min standing (heart rate falling to 100), 5 min running at 150.
    const standing = Array.from({ length: 300 }, (_, k) => ({ t: 301 + k, north: 900, east: 0 }));
    const points = [...run(300), ...toPoints(standing), ...run(300, 601, 900)].map((p, i) => ({
      ...p,
      heartRateBpm: i > 300 && i <= 600 ? 100 : 150,
      powerW: i === 450 ? 900 : 0,
    }));
    const stats = computeStats(points, { activity: "run" });
    expect(stats.avgHeartRateBpm).toBeGreaterThan(148);
    expect(stats.maxPowerW).toBe(900);
  });

  it("does not count a cadence of 0 (coasting) in its average", () => {
    const points = run(600).map((p, i) => ({ ...p, cadenceRpm: i < 300 ? 90 : 0 }));
    expect(computeStats(points, { activity: "bike" }).avgCadenceRpm).toBeCloseTo(90, 6);
  });

  it("ignores impossible readings, as the parsers do", () => {
    const points = run(60).map((p, i) => ({ ...p, heartRateBpm: i === 30 ? 400 : i === 31 ? 5 : 120 }));
    const stats = computeStats(points, { activity: "run" });
    expect(stats.maxHeartRateBpm).toBe(120);
    expect(stats.avgHeartRateBpm).toBeCloseTo(120, 6);
  });

  it("gives nulls when no point has the sensor, and the plain mean without moving time", () => {
    const stats = computeStats(run(60), { activity: "run" });
    expect([stats.avgHeartRateBpm, stats.maxCadenceRpm, stats.avgPowerW, stats.avgTemperatureC]).toEqual([
      null,
      null,
      null,
      null,
    ]);
    const still = toPoints([0, 1, 2].map((t) => ({ t, north: 0, east: 0 }))).map((p, i) => ({
      ...p,
      heartRateBpm: 60 + i,
    }));
    expect(computeStats(still, { activity: "run" }).avgHeartRateBpm).toBe(61);
  });

  it("puts the readings in the chart, point by point", () => {
    const points = run(20).map((p, i) => ({ ...p, heartRateBpm: 100 + i, powerW: i % 2 === 0 ? 150 : null }));
    const chart = chartData(points, { activity: "run" });
    expect(chart.map((c) => c.heartRateBpm)).toEqual(points.map((p) => p.heartRateBpm));
    expect(chart.slice(0, 3).map((c) => c.powerW)).toEqual([150, null, 150]);
    expect(chart[0]?.cadenceRpm).toBeNull();
  });
});
