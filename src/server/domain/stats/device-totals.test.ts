import { describe, expect, it } from "vitest";
import { northLine, toPoints } from "../../../../tests/fixtures-stats/synthetic";
import { deviceMovingTime, preferDeviceTotals } from "./device-totals";
import { computeStats } from "./stats";

const ours = computeStats(
  toPoints(northLine({ speedMps: 3, seconds: 1000, altitude: (t) => 100 + t / 100 })),
  {
    activity: "run",
  },
);

describe("deviceMovingTime", () => {
  it("is the device's moving time, or its timer when the timer paused", () => {
    expect(deviceMovingTime({ movingSec: 900, timerSec: 950, elapsedSec: 1000 }, 1000)).toBe(900);
    expect(deviceMovingTime({ timerSec: 950, elapsedSec: 1000 }, 1000)).toBe(950);
    // TCX laps have no elapsed time: the track's duration stands in.
    expect(deviceMovingTime({ timerSec: 950 }, 1000)).toBe(950);
  });

  it("is unknown when the timer ran through the stops", () => {
    expect(deviceMovingTime({ timerSec: 1000, elapsedSec: 1000.4 }, 1000)).toBeNull();
    expect(deviceMovingTime({ distanceM: 3000 }, 1000)).toBeNull();
  });
});

describe("preferDeviceTotals", () => {
  it("takes the device's distance, climb and descent, and recomputes what follows from them", () => {
    const stats = preferDeviceTotals(ours, { distanceM: 3100, ascentM: 12, descentM: 2, timerSec: 960 });
    expect(stats).toMatchObject({
      distanceMeters: 3100,
      elevationGainM: 12,
      elevationLossM: 2,
      movingTimeSec: 960,
      pausedTimeSec: 40,
      durationSec: 1000,
    });
    expect(stats.meanSpeedMps).toBeCloseTo(3100 / 960, 9);
    expect(stats.paceSecPerKm).toBeCloseTo(960 / 3.1, 9);
    expect(stats.maxSpeedMps).toBeGreaterThanOrEqual(stats.meanSpeedMps ?? 0);
    expect(stats.maxAltitudeM).toBe(ours.maxAltitudeM);
  });

  it("keeps our moving time when the device has none, and everything when it has nothing", () => {
    const stats = preferDeviceTotals(ours, { distanceM: 3030, timerSec: 1000, elapsedSec: 1000 });
    expect(stats.movingTimeSec).toBe(ours.movingTimeSec);
    expect(stats.meanSpeedMps).toBeCloseTo(3030 / (ours.movingTimeSec ?? 1), 9);
    expect(preferDeviceTotals(ours, undefined)).toBe(ours);
    expect(preferDeviceTotals(ours, {})).toEqual(ours);
  });
});
