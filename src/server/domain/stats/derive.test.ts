import { describe, expect, it } from "vitest";
import { withDerivedRates } from "./derive";

const base = {
  distanceMeters: null,
  durationSec: null,
  movingTimeSec: null,
  meanSpeedMps: null,
  paceSecPerKm: null,
};

describe("withDerivedRates", () => {
  it("derives mean speed and pace from distance and moving time, else duration", () => {
    expect(
      withDerivedRates({ ...base, distanceMeters: 10_000, movingTimeSec: 3000, durationSec: 3600 }),
    ).toMatchObject({
      meanSpeedMps: 10_000 / 3000,
      paceSecPerKm: 300,
    });
    expect(withDerivedRates({ ...base, distanceMeters: 5000, durationSec: 1500 })).toMatchObject({
      meanSpeedMps: 5000 / 1500,
      paceSecPerKm: 300,
    });
  });

  it("keeps given values and leaves what cannot be derived", () => {
    expect(
      withDerivedRates({ ...base, distanceMeters: 1000, movingTimeSec: 100, meanSpeedMps: 9 }),
    ).toMatchObject({
      meanSpeedMps: 9,
      paceSecPerKm: 100,
    });
    expect(withDerivedRates({ ...base, distanceMeters: 1000 })).toEqual({ ...base, distanceMeters: 1000 });
    expect(withDerivedRates({ ...base, distanceMeters: 0, movingTimeSec: 60 })).toMatchObject({
      meanSpeedMps: 0,
      paceSecPerKm: null,
    });
  });
});
