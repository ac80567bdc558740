import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REAL_FIXTURES_DIR } from "../../../../tests/fixtures-stats/gpx";
import { northLine, T0, toPoints } from "../../../../tests/fixtures-stats/synthetic";
import { parseActivityFile } from "../formats";
import { chartData } from "./chart";
import { computeStats } from "./stats";

describe("chartData", () => {
  it("returns nothing for an empty track", () => {
    expect(chartData([], { activity: "run" })).toEqual([]);
  });

  it("gives one entry per good point, outliers left out, with distance, time and speed", () => {
    const points = toPoints(northLine({ speedMps: 3, seconds: 300, altitude: () => 250 }));
    const spiked = points.map((p, i) => (i === 100 ? { ...p, lat: p.lat + 0.01 } : p));
    const chart = chartData(spiked, { activity: "run" });
    expect(chart).toHaveLength(300);
    expect(chart.some((c) => c.ts === spiked[100]?.ts)).toBe(false);
    const first = chart[0];
    const last = chart[chart.length - 1];
    expect(first).toMatchObject({ distanceMeters: 0, elapsedSec: 0, ts: T0, elevationM: 250 });
    expect(last?.elapsedSec).toBe(300);
    expect(last?.distanceMeters).toBeCloseTo(
      computeStats(spiked, { activity: "run" }).distanceMeters ?? 0,
      6,
    );
    expect(chart[150]?.speedMps).toBeCloseTo(3, 6);
  });

  it("thins long tracks evenly to maxPoints, keeping the first and last points", () => {
    const points = toPoints(northLine({ speedMps: 3, seconds: 9999 }));
    const chart = chartData(points, { activity: "run", maxPoints: 500 });
    expect(chart).toHaveLength(500);
    expect(chart[0]?.ts).toBe(points[0]?.ts);
    expect(chart[499]?.ts).toBe(points[9999]?.ts);
    for (let i = 1; i < chart.length; i++) {
      expect(chart[i]?.distanceMeters ?? 0).toBeGreaterThanOrEqual(chart[i - 1]?.distanceMeters ?? 0);
    }
  });

  it("smooths the elevation without lag, and leaves it null where a point has none", () => {
    const altitude = (t: number) => (t === 50 ? null : 100 + (t % 2 === 0 ? 2 : -2) + t / 10);
    const chart = chartData(toPoints(northLine({ speedMps: 3, seconds: 100, altitude })), {
      activity: "run",
    });
    expect(chart[50]?.elevationM).toBeNull();
    // The ±2 m zig-zag is mostly gone, and the trend is where it belongs (no shift).
    for (const i of [20, 60, 80])
      expect(Math.abs((chart[i]?.elevationM ?? 0) - (100 + i / 10))).toBeLessThan(0.6);
  });

  it("shows 0 while stopped", () => {
    const stopped = Array.from({ length: 120 }, (_, k) => ({ t: 301 + k, north: 900, east: 0 }));
    const points = toPoints([...northLine({ speedMps: 3, seconds: 300 }), ...stopped]);
    const chart = chartData(points, { activity: "run" });
    expect(chart.at(-1)?.speedMps).toBe(0);
    expect(chart[200]?.speedMps).toBeCloseTo(3, 6);
  });
});

/** The statistics and the chart beside them come from one run of the pipeline: they must agree. */
describe.each([
  "runs-fit-2067489619.fit",
  "runs-fit-6782987395.fit",
  "runs-gpx-6782987395.gpx",
  "rides-tcx-6838497277.tcx",
  "runs-tcx-1604524853.tcx",
  "sample-gpx-garmin.gpx",
])("chartData and computeStats on %s", (file) => {
  const [track] = parseActivityFile(new Uint8Array(readFileSync(path.join(REAL_FIXTURES_DIR, file))), file);
  const points = track?.points ?? [];
  const opts = { activity: track?.activityType ?? "run" } as const;
  const stats = computeStats(points, opts);
  const chart = chartData(points, opts);
  const speeds = chart.map((c) => c.speedMps);

  it("have the same max speed, thinned or not", () => {
    expect(Math.max(...speeds.map((v) => v ?? 0))).toBe(stats.maxSpeedMps);
    const few = chartData(points, { ...opts, maxPoints: 100 }).map((c) => c.speedMps ?? 0);
    expect(Math.max(...few)).toBe(stats.maxSpeedMps);
  });

  it("give every point a speed, and a mean speed no higher than the max", () => {
    expect(speeds.filter((v) => v === null)).toHaveLength(0);
    expect(stats.meanSpeedMps ?? 0).toBeLessThanOrEqual(stats.maxSpeedMps ?? 0);
    expect(chart.at(-1)?.distanceMeters).toBe(stats.distanceMeters);
  });
});

describe("chartData on a track shorter than the speed window", () => {
  it("uses the mean speed, as computeStats does for its max", () => {
    const points = toPoints(northLine({ speedMps: 3, seconds: 6 }));
    const stats = computeStats(points, { activity: "run" });
    const chart = chartData(points, { activity: "run" });
    expect(chart.every((c) => c.speedMps === stats.maxSpeedMps)).toBe(true);
    expect(stats.meanSpeedMps).toBe(stats.maxSpeedMps);
  });
});
