import { describe, expect, it } from "vitest";
import { parseGpsLogger } from "~/server/domain/trackers/gpslogger";
import { trackerSettings } from "./trackers";

describe("trackerSettings", () => {
  const s = trackerSettings("https://race.example.org/", "rfy_abc-DEF_123");

  it("points every app at its endpoint with the token where the app sends its device id", () => {
    expect(s.traccar).toEqual({
      serverUrl: "https://race.example.org/api/trackers/osmand",
      deviceId: "rfy_abc-DEF_123",
    });
    expect(s.owntracks).toMatchObject({
      url: "https://race.example.org/api/trackers/owntracks",
      password: "rfy_abc-DEF_123",
    });
  });

  it("gives GPSLogger a URL that, once the app fills its placeholders, the server reads", () => {
    // What CustomUrlManager.getFormattedTextblock does: each %NAME replaced by its value.
    const values: Record<string, string> = {
      LAT: "45.1",
      LON: "6.2",
      TIME: "2026-03-12T08:20:05.000Z",
      SPD: "2.8",
      ALT: "812.0",
      ACC: "4.0",
      DIR: "271.0",
      BATT: "64.0",
    };
    const filled = s.gpslogger.url.replace(/%([A-Z]+)/g, (m, name: string) => values[name] ?? m);
    const url = new URL(filled);
    expect(url.pathname).toBe("/api/trackers/gpslogger");
    const read = parseGpsLogger(url.searchParams);
    expect(read.token).toBe("rfy_abc-DEF_123");
    expect(read.fixes[0]).toMatchObject({ lat: 45.1, lon: 6.2, speedMps: 2.8, battery: 0.64, heading: 271 });
  });
});
