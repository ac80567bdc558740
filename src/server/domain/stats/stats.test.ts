// Just over 300 lines: the whole computeStats contract in one place, grouped by describe.
import { describe, expect, it } from "vitest";
import {
  gaussian,
  northLine,
  random,
  type Sample,
  T0,
  toPoints,
} from "../../../../tests/fixtures-stats/synthetic";
import { computeStats } from "./stats";

const run = (seconds: number, extra: Partial<Parameters<typeof northLine>[0]> = {}) =>
  northLine({ speedMps: 3, seconds, ...extra });

/** Standing at the origin for `seconds`, each fix off by a normal error of `sigma` metres per axis. */
function standing(seconds: number, sigma: number, seed: number, accuracy: number | null): Sample[] {
  const rand = random(seed);
  return Array.from({ length: seconds + 1 }, (_, t) => ({
    t,
    north: sigma * gaussian(rand),
    east: sigma * gaussian(rand),
    accuracy,
  }));
}

/** No point carries a sensor: every sensor figure is null. */
const NO_SENSORS = {
  avgHeartRateBpm: null,
  maxHeartRateBpm: null,
  avgCadenceRpm: null,
  maxCadenceRpm: null,
  avgPowerW: null,
  maxPowerW: null,
  avgTemperatureC: null,
};

describe("computeStats: degenerate tracks", () => {
  it("returns nulls for an empty track", () => {
    expect(computeStats([], { activity: "run" })).toEqual({
      distanceMeters: null,
      durationSec: null,
      movingTimeSec: null,
      pausedTimeSec: null,
      elevationGainM: null,
      elevationLossM: null,
      meanSpeedMps: null,
      paceSecPerKm: null,
      maxSpeedMps: null,
      maxAltitudeM: null,
      minAltitudeM: null,
      pointsCount: 0,
      ...NO_SENSORS,
    });
  });

  it("returns zeros, and nulls for speeds, for a single point", () => {
    expect(
      computeStats(toPoints([{ t: 0, north: 0, east: 0, altitude: 212 }]), { activity: "walk" }),
    ).toEqual({
      distanceMeters: 0,
      durationSec: 0,
      movingTimeSec: 0,
      pausedTimeSec: 0,
      elevationGainM: 0,
      elevationLossM: 0,
      meanSpeedMps: null,
      paceSecPerKm: null,
      maxSpeedMps: null,
      maxAltitudeM: 212,
      minAltitudeM: 212,
      pointsCount: 1,
      ...NO_SENSORS,
    });
  });

  it("leaves the altitude figures null when no point has an altitude", () => {
    const stats = computeStats(toPoints(run(60)), { activity: "run" });
    expect([stats.elevationGainM, stats.elevationLossM, stats.maxAltitudeM, stats.minAltitudeM]).toEqual([
      null,
      null,
      null,
      null,
    ]);
  });
});

describe("computeStats: distance and time", () => {
  it("measures a straight line exactly: 3 m/s for 1000 s is 3 km at 5:33 /km", () => {
    const stats = computeStats(toPoints(run(1000)), { activity: "run" });
    expect(stats.distanceMeters).toBeCloseTo(3000, 3);
    expect(stats.durationSec).toBe(1000);
    expect(stats.movingTimeSec).toBe(1000);
    expect(stats.pausedTimeSec).toBe(0);
    expect(stats.meanSpeedMps).toBeCloseTo(3, 5);
    expect(stats.paceSecPerKm).toBeCloseTo(1000 / 3, 3);
    expect(stats.maxSpeedMps).toBeCloseTo(3, 5);
    expect(stats.pointsCount).toBe(1001);
  });

  it("measures loops: 5 laps of a 50 m radius circle at 4 m/s", () => {
    const r = 50;
    const samples: Sample[] = [];
    const lapSec = (2 * Math.PI * r) / 4;
    for (let t = 0; t <= 5 * lapSec; t++) {
      const angle = (4 * t) / r;
      samples.push({ t, north: r * Math.sin(angle), east: r - r * Math.cos(angle) });
    }
    const stats = computeStats(toPoints(samples), { activity: "run" });
    const expected = 4 * (samples.length - 1);
    expect(Math.abs((stats.distanceMeters ?? 0) / expected - 1)).toBeLessThan(0.002);
  });

  it("counts ~0 m for a phone standing still 10 min with independent 3 m errors (accuracy 5 m)", () => {
    const stats = computeStats(toPoints(standing(600, 3, 1, 5)), { activity: "run" });
    expect(stats.distanceMeters).toBeLessThan(10);
    expect(stats.movingTimeSec).toBeLessThan(10);
    expect(stats.pausedTimeSec).toBeGreaterThan(590);
  });

  it("counts ~0 m for a watch standing still 10 min with 1 m errors and no reported accuracy", () => {
    const stats = computeStats(toPoints(standing(600, 1, 2, null)), { activity: "walk" });
    expect(stats.distanceMeters).toBeLessThan(10);
    expect(stats.movingTimeSec).toBeLessThan(10);
  });

  it("ignores a 600 km/h spike: same distance and max speed as without it, but counted as stored", () => {
    const clean = toPoints(run(600));
    const spiked = clean.map((p, i) => (i === 300 ? { ...p, lon: p.lon + 0.0025 } : p));
    const a = computeStats(clean, { activity: "run" });
    const b = computeStats(spiked, { activity: "run" });
    expect(b.distanceMeters).toBeCloseTo(a.distanceMeters ?? 0, 6);
    expect(b.maxSpeedMps).toBeCloseTo(3, 5);
    expect(b.pointsCount).toBe(a.pointsCount);
  });

  it("does not let one noisy but possible fix set the max speed", () => {
    // 10 m off the line for one second: not an outlier for a runner, but a 10 m/s "sprint" if trusted.
    const points = toPoints(run(600).map((s) => (s.t === 300 ? { ...s, east: 10 } : s)));
    const stats = computeStats(points, { activity: "run" });
    expect(stats.maxSpeedMps).toBeLessThan(3.1);
    expect(stats.distanceMeters).toBeLessThan(1800 + 20);
  });

  // Moving time restarts from the last fix within the noise of a stop, so a start from standstill loses at
  // most jitter radius ÷ speed (here 3 m ÷ 3 m/s = 1 s): the "± 1 s" below.
  it("finds a sustained sprint: 30 s at 5 m/s within a 3 m/s run", () => {
    const samples = [
      ...run(300),
      ...northLine({ speedMps: 5, seconds: 30, startSec: 301, startNorth: 905 }).slice(0),
      ...run(300, { startSec: 332, startNorth: 1058 }),
    ];
    expect(computeStats(toPoints(samples), { activity: "run" }).maxSpeedMps).toBeCloseTo(5, 1);
  });

  it("counts the distance shuffled below the stop speed, without making it a sprint", () => {
    // 10 min at 0.25 m/s (queueing at an aid station: "stopped" for a runner), then running again.
    const samples = [
      ...run(300),
      ...northLine({ speedMps: 0.25, seconds: 600, startSec: 301, startNorth: 900 }),
      ...run(300, { startSec: 902, startNorth: 1050 }),
    ];
    const stats = computeStats(toPoints(samples), { activity: "run" });
    expect(stats.distanceMeters).toBeCloseTo(1950, 0);
    expect(stats.maxSpeedMps).toBeLessThan(3.1);
    // Telling a stop takes the 20 s window, so each change between moving and stopped may be off by
    // up to that much.
    expect(Math.abs((stats.movingTimeSec ?? 0) - 600)).toBeLessThan(40);
  });

  it("takes explicit pauses out of moving time and distance", () => {
    // Runs 300 s, pauses 120 s while walking 150 m away, then runs 300 s more.
    const samples = [...run(300), ...run(300, { startSec: 420, startNorth: 900 + 150 })];
    const pauses = [{ start: T0 + 300_000, end: T0 + 420_000 }];
    const stats = computeStats(toPoints(samples), { activity: "run", pauses });
    expect(stats.distanceMeters).toBeCloseTo(1800, 3);
    expect(stats.durationSec).toBe(720);
    expect(Math.abs((stats.movingTimeSec ?? 0) - 600)).toBeLessThanOrEqual(1);
    expect(Math.abs((stats.pausedTimeSec ?? 0) - 120)).toBeLessThanOrEqual(1);
  });

  it("accepts a pause still open (end: Infinity) at the end of the track", () => {
    const samples = [...run(300), ...run(100, { startSec: 400, startNorth: 1000 })];
    const pauses = [{ start: T0 + 300_000, end: Number.POSITIVE_INFINITY }];
    const stats = computeStats(toPoints(samples), { activity: "run", pauses });
    expect(stats.distanceMeters).toBeCloseTo(900, 3);
    expect(stats.movingTimeSec).toBe(300);
  });

  it("counts a gap without movement as paused, and a gap with movement as moving", () => {
    // 5 min without fixes at the same place (phone in a pocket at a refreshment point)...
    const stopped = [...run(300), ...run(300, { startSec: 600, startNorth: 900 })];
    const a = computeStats(toPoints(stopped), { activity: "run" });
    expect(a.distanceMeters).toBeCloseTo(1800, 3);
    expect(Math.abs((a.movingTimeSec ?? 0) - 600)).toBeLessThanOrEqual(1);
    expect(Math.abs((a.pausedTimeSec ?? 0) - 300)).toBeLessThanOrEqual(1);
    // ...and 60 s without fixes while still running (tunnel): distance and time both count.
    const tunnel = [...run(300), ...run(300, { startSec: 360, startNorth: 1080 })];
    const b = computeStats(toPoints(tunnel), { activity: "run" });
    expect(b.distanceMeters).toBeCloseTo(1980, 3);
    expect(Math.abs((b.movingTimeSec ?? 0) - 660)).toBeLessThanOrEqual(1);
  });

  it("counts a stop at a traffic light, with jitter, as paused", () => {
    const rand = random(7);
    const light = Array.from({ length: 90 }, (_, k) => ({
      t: 301 + k,
      north: 900 + 2 * gaussian(rand),
      east: 2 * gaussian(rand),
      accuracy: 4,
    }));
    const samples = [
      ...run(300, { accuracy: 4 }),
      ...light,
      ...run(300, { startSec: 391, startNorth: 900, accuracy: 4 }),
    ];
    const stats = computeStats(toPoints(samples), { activity: "run" });
    expect(Math.abs((stats.pausedTimeSec ?? 0) - 90)).toBeLessThan(10);
    expect(Math.abs((stats.distanceMeters ?? 0) - 1800)).toBeLessThan(15);
  });

  it("gives the same answer for unsorted input", () => {
    const points = toPoints(run(300, { altitude: (t) => 200 + t / 10 }));
    const shuffled = [...points].sort((a, b) => Math.sin(a.ts) - Math.sin(b.ts));
    expect(computeStats(shuffled, { activity: "run" })).toEqual(computeStats(points, { activity: "run" }));
  });

  it("uses the activity's stop speed: 0.4 m/s moves a hiker but not a runner", () => {
    const slow = toPoints(northLine({ speedMps: 0.4, seconds: 600, intervalSec: 10 }));
    expect(computeStats(slow, { activity: "hike" }).movingTimeSec).toBe(600);
    expect(computeStats(slow, { activity: "run" }).movingTimeSec).toBe(0);
  });
});

describe("computeStats: elevation", () => {
  it("counts ~0 m of climb for 5 m zig-zag noise on flat ground", () => {
    const zigzag = run(600, { altitude: (t) => (t % 2 === 0 ? 300 : 305) });
    const stats = computeStats(toPoints(zigzag), { activity: "run" });
    expect(stats.elevationGainM).toBeLessThan(1);
    expect(stats.elevationLossM).toBeLessThan(1);
    // Raw extremes, as the device recorded them.
    expect(stats.maxAltitudeM).toBe(305);
    expect(stats.minAltitudeM).toBe(300);
  });

  it("counts ~0 m of climb for random GPS altitude noise (σ = 3 m) on flat ground", () => {
    const rand = random(11);
    const noisy = run(1800, { altitude: () => 300 + 3 * gaussian(rand) });
    expect(computeStats(toPoints(noisy), { activity: "run" }).elevationGainM).toBeLessThan(10);
  });

  it("counts a real climb in full: 120 m up then 120 m down, barometric", () => {
    const profile = (t: number) => 500 + 120 * Math.sin((Math.PI * t) / 1200);
    const stats = computeStats(toPoints(run(1200, { altitude: profile })), { activity: "run" });
    expect(stats.elevationGainM).toBeCloseTo(120, 1);
    // The smoothing lags ~6 s: a track ending mid-descent (0.3 m/s here) misses about 2 m of it.
    expect(Math.abs((stats.elevationLossM ?? 0) - 120)).toBeLessThan(2);
  });

  it("counts a real climb within 5 % under GPS noise (σ = 2 m)", () => {
    const rand = random(5);
    const climb = run(1200, { altitude: (t) => 200 + t / 12 + 2 * gaussian(rand) });
    const gain = computeStats(toPoints(climb), { activity: "hike" }).elevationGainM ?? 0;
    expect(Math.abs(gain / 100 - 1)).toBeLessThan(0.05);
  });

  it("counts rollers of 2 m on a barometric profile (0.2 m steps)", () => {
    // 10 rolling bumps of 2 m: a barometer sees them; the climb is 20 m.
    const profile = (t: number) => Math.round((100 + 1 - Math.cos((Math.PI * t) / 60)) * 5) / 5;
    const stats = computeStats(toPoints(run(1200, { altitude: profile })), { activity: "run" });
    expect(Math.abs((stats.elevationGainM ?? 0) - 20)).toBeLessThan(2);
  });

  it("skips points without altitude", () => {
    const profile = (t: number) => (t % 3 === 0 ? null : 100 + t / 10);
    const stats = computeStats(toPoints(run(600, { altitude: profile })), { activity: "run" });
    // 59.9 m climbed; the smoothing's 6 s lag at 0.1 m/s leaves 0.6 m of it after the last point.
    expect(Math.abs((stats.elevationGainM ?? 0) - 59.9)).toBeLessThan(1);
    expect(stats.minAltitudeM).toBeCloseTo(100.1, 6);
  });

  it("adds no climb across a pause (a lift between two runs)", () => {
    const samples = [
      ...run(300, { altitude: () => 1000 }),
      ...run(300, { startSec: 900, startNorth: 900, altitude: () => 1400 }),
    ];
    const pauses = [{ start: T0 + 310_000, end: T0 + 890_000 }];
    const stats = computeStats(toPoints(samples), { activity: "hike", pauses });
    expect(stats.elevationGainM).toBe(0);
  });
});
