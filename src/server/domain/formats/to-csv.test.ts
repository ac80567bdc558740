import { describe, expect, it } from "vitest";
import { toCsv } from "./to-csv";

describe("toCsv", () => {
  it("writes the header, ISO times and empty cells for missing values", () => {
    const csv = toCsv([
      {
        ts: Date.UTC(2024, 0, 1),
        lat: 45.1,
        lon: -5.2,
        altitude: 12.5,
        accuracy: 4,
        speedMps: 3.1,
        heading: 270,
        battery: 0.85,
        origin: "app",
        heartRateBpm: 151,
        powerW: 240,
      },
      { ts: Date.UTC(2024, 0, 1, 0, 0, 1, 500), lat: 1e-7, lon: 2, altitude: null, speedMps: Number.NaN },
    ]);
    expect(csv).toBe(
      [
        "timestamp,latitude,longitude,altitude,accuracy,speed_mps,heading,battery,origin,heart_rate_bpm,cadence_rpm,power_w,temperature_c",
        "2024-01-01T00:00:00.000Z,45.1,-5.2,12.5,4,3.1,270,0.85,app,151,,240,",
        "2024-01-01T00:00:01.500Z,0.0000001,2,,,,,,,,,,",
        "",
      ].join("\n"),
    );
  });

  it("quotes text that needs it and defuses spreadsheet formulas", () => {
    // The origin column comes before the four sensor columns (empty here).
    expect(toCsv([{ ts: 0, lat: 1, lon: 1, origin: 'import "a", b' }])).toContain(',"import ""a"", b",,,,\n');
    expect(toCsv([{ ts: 0, lat: 1, lon: 1, origin: "=HYPERLINK(1)" }])).toContain(",'=HYPERLINK(1),,,,\n");
    expect(toCsv([{ ts: 0, lat: 1, lon: 1, origin: "line\nbreak" }])).toContain(',"line\nbreak",,,,\n');
  });

  it("writes only the header for no points", () => {
    expect(toCsv([])).toBe(
      "timestamp,latitude,longitude,altitude,accuracy,speed_mps,heading,battery,origin,heart_rate_bpm,cadence_rpm,power_w,temperature_c\n",
    );
  });
});
