import { describe, expect, it } from "vitest";
import { trackProfile } from "./profile-data";

const point = (i: number) => ({
  distance_m: i * 3.2,
  elapsed_sec: i,
  elevation_m: i === 1 ? null : 500.123456,
  speed_mps: 3.33333333,
  heart_rate_bpm: 141.6,
  cadence_rpm: null,
  power_w: null,
  temperature_c: 12.5,
  lat: 45.123456789,
  lon: i === 2 ? null : 6.987654321,
  ts: new Date(i * 1000).toISOString(),
});

describe("trackProfile", () => {
  it("turns the chart into rounded columns, keeping nulls where a point has no value", () => {
    const profile = trackProfile({
      points: [0, 1, 2].map(point),
      path: [
        [45.123456789, 6.987654321],
        [45.2, 7.0000004],
      ],
    });
    expect(profile).toEqual({
      distance: [0, 3, 6],
      elevation: [500.1, null, 500.1],
      speedKmh: [12, 12, 12],
      heartRate: [142, 142, 142],
      cadence: [null, null, null],
      power: [null, null, null],
      lat: [45.123457, 45.123457, 45.123457],
      lon: [6.987654, 6.987654, null],
      path: [
        [45.123457, 6.987654],
        [45.2, 7],
      ],
    });
  });

  it("is a fraction of the chart's size at 1,000 points", () => {
    const chart = { points: Array.from({ length: 1000 }, (_, i) => point(i)), path: [] };
    const ratio = JSON.stringify(trackProfile(chart)).length / JSON.stringify(chart).length;
    expect(ratio).toBeLessThan(0.35);
  });
});
