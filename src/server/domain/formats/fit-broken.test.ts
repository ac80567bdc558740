import { describe, expect, it } from "vitest";
import { parseFit } from "./fit";
import { readBrokenFixture } from "./test-helpers";

/** Real files that break naive parsers: each gets a clear answer, what was kept or why not. */
describe("parseFit on broken files", () => {
  it("broken-dates.fit: no position, five records a second, a session without times", () => {
    const [track, ...rest] = parseFit(readBrokenFixture("broken-dates.fit"));
    expect(rest).toHaveLength(0);
    expect(track?.points).toEqual([]);
    expect(track?.samples).toHaveLength(657);
    expect(track?.activityType).toBe("bike");
    expect(track?.startTs).toBe(Date.parse("2017-03-20T19:09:28Z"));
    expect(track?.deviceTotals).toEqual({ distanceM: 3599.62, ascentM: 20, elapsedSec: 658.083 });
    expect(track?.repairs).toEqual([
      "2622 records repeating the time of the previous one left out (the first is kept)",
      "131 heart-rate values outside 20-250 dropped",
      "temperature is 0 throughout (no sensor): dropped",
      "the session has no start time: the first record's time is used",
    ]);
  });

  it("broken-start-latlng.fit: records at 0°, 0° before the first fix are left out", () => {
    const [track] = parseFit(readBrokenFixture("broken-start-latlng.fit"));
    expect(track?.points).toHaveLength(6821);
    expect(track?.points[0]?.lat).toBeCloseTo(-15.7493, 4);
    expect(track?.repairs).toEqual([
      "7 records with an impossible position (such as 0°, 0° before a GPS fix) left out",
    ]);
    expect(track?.deviceTotals?.distanceM).toBeCloseTo(56555.83, 2);
  });

  it("empty-activities.fit: a file never finalised (header declares no data) is recovered, saying so", () => {
    const [track] = parseFit(readBrokenFixture("empty-activities.fit"));
    expect(track?.points).toHaveLength(2319);
    expect(track?.repairs).toEqual([
      "the file was never finalised by its recorder (its header declares no data): 2319 records recovered without a CRC check",
    ]);
    const ts = track?.points.map((p) => p.ts) ?? [];
    expect(ts.every((t, i) => i === 0 || t > (ts[i - 1] ?? Number.POSITIVE_INFINITY))).toBe(true);
  });

  it("inverted-times.fit: contradictory session times are ignored, the 5 h hole is named", () => {
    const [track] = parseFit(readBrokenFixture("inverted-times.fit"));
    expect(track?.points).toHaveLength(885);
    expect(track?.deviceTotals).toEqual({ distanceM: 7861.02 });
    expect(track?.repairs).toEqual([
      "no record for 5 h 02 min after 2016-08-08T13:28:29.000Z, 2 m further (a clock jump or a watch left running): counted as a pause",
      "the device's summary is inconsistent (timer time 21680 s exceeds elapsed time 2840 s): its times are ignored",
    ]);
  });
});
