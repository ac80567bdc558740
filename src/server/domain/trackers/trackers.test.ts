import { describe, expect, it } from "vitest";
import { FixError } from "./fix";
import { GPSLOGGER, OSMAND_QUERIES, OWNTRACKS, TRACCAR_ANDROID_QUERY, TRACCAR_JSON } from "./fixtures";
import { parseGpsLogger } from "./gpslogger";
import { parseOsmand } from "./osmand";
import { parseOwnTracks } from "./owntracks";
import { parseTraccarJson } from "./traccar";

const NOW = Date.parse("2026-03-12T08:00:00Z");
const q = (s: string) => new URLSearchParams(s);
const osmand = (s: string) => parseOsmand(q(s), NOW);

describe("OsmAnd protocol (Traccar's decoder)", () => {
  it("reads ISO, millisecond and 'yyyy-MM-dd HH:mm:ss' times, seconds below 2^31", () => {
    expect(osmand(OSMAND_QUERIES.iso).fixes[0]?.ts).toBe(Date.parse("2016-01-27T18:55:47Z"));
    expect(osmand(OSMAND_QUERIES.millis).fixes[0]?.ts).toBe(1442068686579);
    expect(osmand(OSMAND_QUERIES.spaced).fixes[0]?.ts).toBe(Date.parse("2014-06-04T09:10:11Z"));
    expect(osmand(OSMAND_QUERIES.location).fixes[0]?.ts).toBe(1377177267_000);
    expect(osmand(OSMAND_QUERIES.battery).fixes[0]?.ts).toBe(NOW);
  });

  it("takes the token from id or deviceid, and the position from lat/lon or location", () => {
    expect(osmand(OSMAND_QUERIES.spaced).token).toBe("353861053849681");
    expect(osmand(OSMAND_QUERIES.deviceid).token).toBe("123456");
    expect(osmand(OSMAND_QUERIES.location).fixes[0]).toMatchObject({ lat: 60, lon: 30 });
    expect(osmand(OSMAND_QUERIES.noId).token).toBeNull();
  });

  it("converts knots to m/s and percent to 0…1; accuracy 0 is unknown", () => {
    const [v] = osmand(OSMAND_QUERIES.vehicle).fixes;
    expect(v?.speedMps).toBeCloseTo(40 * 0.514444, 4);
    expect(v?.heading).toBeCloseTo(7.19889788244, 8);
    const [b] = osmand(OSMAND_QUERIES.battery).fixes;
    expect(b?.battery).toBeCloseTo(0.87, 10);
    expect(b?.altitude).toBeCloseTo(350.059479, 6);
    const [a] = osmand(TRACCAR_ANDROID_QUERY).fixes;
    // The client sent 2.778 m/s × 1.943844 = 5.399568 knots.
    expect(a?.speedMps).toBeCloseTo(2.7778, 3);
    expect(a).toMatchObject({ heading: 182, altitude: 812, accuracy: null, battery: 0.64 });
  });

  it("stores nothing for valid=false; refuses (0, 0), text for numbers and a missing position", () => {
    expect(osmand("id=1&valid=false&lat=1&lon=1").fixes).toEqual([]);
    expect(osmand("id=1&valid=0&lat=1&lon=1").ignored).toMatch(/no fix/);
    expect(osmand("id=1&valid=1&lat=1&lon=1").fixes).toHaveLength(1);
    expect(() => osmand("id=1&lat=0.0&lon=0&timestamp=1377177267")).toThrow(FixError);
    expect(() => osmand("id=1&lat=abc&lon=1")).toThrow(/lat: expected a number/);
    expect(() => osmand("id=1&lat=45&lon=6&speed=fast")).toThrow(/speed/);
    expect(() => osmand("id=1&lon=6")).toThrow(/lat: required/);
    expect(() => osmand("id=1&lat=45&lon=6&timestamp=yesterday")).toThrow(/timestamp/);
  });
});

describe("Traccar Client JSON", () => {
  it("reads the SDK's record: m/s, 0…1 battery, −1 as unknown", () => {
    const still = parseTraccarJson(JSON.parse(TRACCAR_JSON.still));
    expect(still.token).toBe("48241179");
    expect(still.fixes[0]).toMatchObject({
      ts: Date.parse("2025-06-15T13:45:12.862Z"),
      lat: 37.4219983,
      lon: -122.084,
      accuracy: 5,
      speedMps: 0,
      heading: null,
      altitude: 5,
      battery: 1,
    });
    const ios = parseTraccarJson(JSON.parse(TRACCAR_JSON.ios));
    expect(ios.fixes[0]).toMatchObject({ speedMps: null, heading: null, battery: null, altitude: 0 });
    const moving = parseTraccarJson(JSON.parse(TRACCAR_JSON.moving));
    expect(moving.fixes[0]).toMatchObject({ speedMps: 18.67, heading: 63, battery: 0.79, accuracy: 3.8 });
  });

  it("reads the batch form; stores nothing without coords; refuses strings for numbers", () => {
    const one = JSON.parse(TRACCAR_JSON.moving);
    const batch = parseTraccarJson({ device_id: "x", location: [one.location, one.location] });
    expect(batch.fixes).toHaveLength(2);
    expect(
      parseTraccarJson({ device_id: "x", location: { timestamp: "2025-06-15T13:45:12Z" } }).fixes,
    ).toEqual([]);
    const bad = {
      device_id: "x",
      location: { ...one.location, coords: { ...one.location.coords, latitude: "45" } },
    };
    expect(() => parseTraccarJson(bad)).toThrow(/location.coords.latitude: expected a number/);
    expect(() => parseTraccarJson({ device_id: "x", location: {} })).toThrow(/timestamp/);
    expect(() => parseTraccarJson([])).toThrow(/object/);
  });
});

describe("OwnTracks HTTP mode", () => {
  it("reads a location: tst in seconds, vel km/h, batt %", () => {
    const r = parseOwnTracks(JSON.parse(OWNTRACKS.android));
    expect(r.fixes[0]).toMatchObject({
      ts: 1497476456_000,
      lat: 48.85833,
      lon: 2.29513,
      altitude: 161,
      accuracy: 5,
      heading: 271,
      battery: 0.41,
    });
    expect(r.fixes[0]?.speedMps).toBeCloseTo(5, 10);
    expect(parseOwnTracks(JSON.parse(OWNTRACKS.minimal)).fixes[0]).toMatchObject({
      speedMps: null,
      battery: null,
    });
  });

  it("ignores other message types and empty payloads; refuses encrypted ones and bad fields", () => {
    expect(parseOwnTracks(JSON.parse(OWNTRACKS.lwt)).fixes).toEqual([]);
    expect(parseOwnTracks(JSON.parse(OWNTRACKS.transition)).ignored).toMatch(/transition/);
    expect(parseOwnTracks(undefined).fixes).toEqual([]);
    expect(() => parseOwnTracks({ _type: "encrypted", data: "…" })).toThrow(/encrypt/);
    expect(() => parseOwnTracks({ _type: "location", lat: 45, lon: 6 })).toThrow(/tst: required/);
    expect(() => parseOwnTracks({ _type: "location", lat: 45, lon: 6, tst: 1.5 })).toThrow(/tst/);
    expect(() => parseOwnTracks({ _type: "location", lat: "45", lon: 6, tst: 1 })).toThrow(/lat/);
  });
});

describe("GPSLogger custom URL", () => {
  it("reads the app's substituted URL: m/s (or km/h), ISO time, battery %", () => {
    const [up] = parseGpsLogger(q(GPSLOGGER.upstream)).fixes;
    expect(up).toMatchObject({ ts: 1457205869949, lat: 12.193, lon: 19.111, speedMps: 9005, altitude: 45 });
    expect(up).toMatchObject({ accuracy: 8, heading: 359 });
    const [t] = parseGpsLogger(q(`token=rfy_x&${GPSLOGGER.template}`)).fixes;
    expect(t).toMatchObject({ speedMps: 2.8, altitude: 812, accuracy: 4, heading: 271, battery: 0.64 });
    expect(parseGpsLogger(q(`token=rfy_x&${GPSLOGGER.template}`)).token).toBe("rfy_x");
    const kph = parseGpsLogger(q("lat=1&lon=1&time=2026-03-12T08:20:05Z&spd_kph=36")).fixes[0];
    expect(kph?.speedMps).toBeCloseTo(10, 10);
  });

  it("reads %TIMESTAMP seconds; accuracy 0.0 is unknown; refuses a placeholder left as text", () => {
    const [e] = parseGpsLogger(q(GPSLOGGER.epoch)).fixes;
    expect(e).toMatchObject({ ts: 1457205869_000, accuracy: null });
    expect(() => parseGpsLogger(q("lat=%LAT&lon=1&time=2026-03-12T08:20:05Z"))).toThrow(
      /lat: expected a number/,
    );
    expect(() => parseGpsLogger(q("lat=1&lon=1"))).toThrow(/time: required/);
    expect(() => parseGpsLogger(q("lat=0.0&lon=0.0&time=2026-03-12T08:20:05Z"))).toThrow(/\(0, 0\)/);
  });
});
