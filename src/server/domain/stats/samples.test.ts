import { describe, expect, it } from "vitest";
import { T0 } from "../../../../tests/fixtures-stats/synthetic";
import { parseFit } from "../formats/fit";
import { readBrokenFixture } from "../formats/test-helpers";
import { computeSampleStats, sampleChartData, type StatSample } from "./samples";

/** 10 min on a treadmill at 2.8 m/s, a minute standing on the rails in the middle. */
const treadmill: StatSample[] = Array.from({ length: 661 }, (_, t) => {
  const running = t < 300 ? t : t < 360 ? 300 : t - 60;
  return { ts: T0 + t * 1000, distanceM: 2.8 * running, heartRateBpm: t < 300 || t >= 360 ? 150 : 110 };
});

describe("computeSampleStats (recordings without GPS)", () => {
  it("reads distance, moving time and speeds from the device's distance", () => {
    const stats = computeSampleStats(treadmill, { activity: "run" });
    expect(stats.distanceMeters).toBeCloseTo(1680, 6);
    expect(stats.durationSec).toBe(660);
    expect(Math.abs((stats.movingTimeSec ?? 0) - 600)).toBeLessThan(3);
    expect(stats.maxSpeedMps).toBeCloseTo(2.8, 6);
    expect(stats.avgHeartRateBpm).toBeGreaterThan(148);
  });

  it("gives the chart the same series, without positions", () => {
    const chart = sampleChartData(treadmill, { activity: "run" });
    expect(chart).toHaveLength(661);
    expect(chart.at(-1)?.distanceMeters).toBeCloseTo(1680, 6);
    expect(chart[330]?.speedMps).toBe(0);
    expect(Math.max(...chart.map((c) => c.speedMps ?? 0))).toBeCloseTo(2.8, 6);
    expect(chart[0]).not.toHaveProperty("lat");
  });

  it("agrees with the device on a real indoor ride (broken-dates.fit)", () => {
    const [track] = parseFit(readBrokenFixture("broken-dates.fit"));
    const stats = computeSampleStats(track?.samples ?? [], { activity: "bike" });
    // The session: 3599.62 m, 20 m of climb, 658 s elapsed (its timer is not in the file).
    expect(Math.abs((stats.distanceMeters ?? 0) - 3599.62)).toBeLessThan(1);
    expect(Math.abs((stats.elevationGainM ?? 0) - 20)).toBeLessThan(3);
    expect(stats.movingTimeSec).toBeLessThanOrEqual(658);
    expect(stats.maxHeartRateBpm).toBe(172);
  });
});
