import { describe, expect, it } from "vitest";
import {
  gaussian,
  mountainRun,
  northLine,
  random,
  toPoints,
  wanderingGpsAltitude,
} from "../../../../tests/fixtures-stats/synthetic";
import { computeStats } from "./stats";
import type { StatPoint } from "./types";

const relative = (ours: number | null, truth: number) => Math.abs((ours ?? Number.NaN) / truth - 1);

/** The mountain run: 1,800 m up switchbacks at 0.3 m/s forward and 0.3 m/s up, 8 km in all. */
const mountain = (fixEverySec: number) =>
  mountainRun({
    climbM: 1800,
    lengthM: 8000,
    upMps: 0.3,
    upVerticalMps: 0.3,
    downMps: 2,
    stopSec: 300,
    fixEverySec,
    seed: 1,
  });

describe("computeStats: a steep slow climb", () => {
  it.each([1, 10, 20])("counts it as moving, from GPS alone, with a fix every %i s", (every) => {
    const { records, truth } = mountain(every);
    const stats = computeStats(toPoints(records.filter((r) => r.fix)), { activity: "run" });
    // Horizontally the climber is "stopped" for a runner (0.3 m/s): only the height gained tells.
    expect(relative(stats.movingTimeSec, truth.movingSec)).toBeLessThan(0.01);
    expect(relative(stats.distanceMeters, truth.distanceM)).toBeLessThan(0.025);
    expect(relative(stats.elevationGainM, truth.climbM)).toBeLessThan(0.01);
    // The 5 minutes at the top are a stop.
    expect(Math.abs((stats.pausedTimeSec ?? 0) - 300)).toBeLessThan(30);
  });

  it("measures the way between sparse fixes with the watch's own distance", () => {
    const { records, truth } = mountain(20);
    const fixes = records.filter((r) => r.fix);
    const points = toPoints(fixes).map((p, i) => ({ ...p, distanceM: fixes[i]?.distanceM }));
    const stats = computeStats(points, { activity: "run", altitudeSource: "barometric" });
    expect(relative(stats.distanceMeters, truth.distanceM)).toBeLessThan(0.001);
    expect(relative(stats.movingTimeSec, truth.movingSec)).toBeLessThan(0.005);
    expect(stats.maxSpeedMps).toBeCloseTo(2, 2);
  });

  it("does not take a wandering GPS altitude for climbing while standing still", () => {
    for (const seed of [1, 2, 3]) {
      const altitude = wanderingGpsAltitude({ sigmaM: 3, correlationSec: 10, seed });
      const rand = random(seed + 10);
      const samples = Array.from({ length: 601 }, (_, t) => ({
        t,
        north: 2 * gaussian(rand),
        east: 2 * gaussian(rand),
        altitude: altitude(),
        accuracy: 4,
      }));
      for (const activity of ["run", "hike"] as const) {
        const stats = computeStats(toPoints(samples), { activity });
        // Under 5 % of the 10 minutes, and a few of the fixes' 8 m jitter radius, slip through.
        expect(stats.movingTimeSec).toBeLessThan(30);
        expect(stats.distanceMeters).toBeLessThan(50);
      }
    }
  });
});

describe("computeStats: the device's own distance", () => {
  const withDistance = (points: StatPoint[], distance: (i: number) => number | null) =>
    points.map((p, i) => ({ ...p, distanceM: distance(i) }));

  it("is used where it agrees with the positions", () => {
    // Fixes every 30 s along a winding path: the straight lines between them are 10 % short.
    const points = withDistance(
      toPoints(northLine({ speedMps: 2.7, seconds: 600, intervalSec: 30 })),
      (i) => i * 90,
    );
    const stats = computeStats(points, { activity: "run" });
    expect(stats.distanceMeters).toBeCloseTo(1800, 6);
    expect(stats.movingTimeSec).toBe(600);
  });

  it("is ignored where it cannot be the way: shorter than the straight line, impossible, or reset", () => {
    const line = toPoints(northLine({ speedMps: 3, seconds: 600, intervalSec: 30 }));
    const gpsOnly = computeStats(line, { activity: "run" }).distanceMeters ?? 0;
    const cases: ((i: number) => number | null)[] = [
      (i) => i * 30, // 30 m between fixes 90 m apart
      (i) => i * 1200, // 40 m/s for a runner
      (i) => (i < 10 ? i * 90 : (i - 10) * 90), // back to 0 halfway
    ];
    for (const distance of cases) {
      const stats = computeStats(withDistance(line, distance), { activity: "run" });
      expect(Math.abs((stats.distanceMeters ?? 0) - gpsOnly)).toBeLessThan(20);
    }
  });

  it("tells a stop when it stands still, and adds nothing while it does", () => {
    const samples = [
      ...northLine({ speedMps: 3, seconds: 300 }),
      // Two minutes at a light, the fixes hopping by metres, the watch's distance still.
      ...Array.from({ length: 120 }, (_, k) => ({ t: 301 + k, north: 900 + (k % 2) * 4, east: 0 })),
      ...northLine({ speedMps: 3, seconds: 300, startSec: 421, startNorth: 900 }),
    ];
    const points = withDistance(toPoints(samples), (i) => Math.min(i, 300) * 3 + Math.max(0, i - 421) * 3);
    const stats = computeStats(points, { activity: "run" });
    expect(stats.distanceMeters).toBeCloseTo(1800, 3);
    expect(Math.abs((stats.pausedTimeSec ?? 0) - 120)).toBeLessThan(22);
  });
});
