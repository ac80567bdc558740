import { readFileSync } from "node:fs";
import path from "node:path";
import {
  type DeviceInfoMesg,
  Encoder,
  type FileIdMesg,
  Profile,
  type RecordMesg,
  type SessionMesg,
} from "@garmin/fitsdk";
import { afterAll, describe, expect, it } from "vitest";
import { deviceMovingReference } from "../../../../tests/fixtures-stats/device-truth";
import { REAL_FIXTURES_DIR } from "../../../../tests/fixtures-stats/gpx";
import {
  at,
  barometricFlat,
  type MountainRecord,
  mountainRun,
  northLine,
  T0,
} from "../../../../tests/fixtures-stats/synthetic";
import { type ParsedTrack, parseActivityFile } from "../formats";
import { parseFit } from "../formats/fit";
import { computeSampleStats } from "./samples";
import { computeStats } from "./stats";
import type { StatsOptions, TrackStats } from "./types";

/**
 * The device's own totals are the truth (issue 14): on every file that carries them, our distance must be
 * within 2 %, our climb within max(15 %, 10 m) and our moving time within 5 % of the device's moving time
 * (deviceMovingReference: a timer that never paused is no moving time). "GPS only" is the same file
 * without the watch's per-point distance, as its GPX export would be: printed, held to looser bounds.
 */
const BROKEN_DIR = path.resolve(REAL_FIXTURES_DIR, "../broken");
const FILES: [string, string][] = [
  [REAL_FIXTURES_DIR, "runs-fit-2067489619.fit"],
  [REAL_FIXTURES_DIR, "runs-fit-6782987395.fit"],
  [REAL_FIXTURES_DIR, "runs-tcx-1604524853.tcx"],
  [REAL_FIXTURES_DIR, "runs-tcx-6281425038.tcx"],
  [REAL_FIXTURES_DIR, "runs-tcx-6860622916.tcx"],
  [REAL_FIXTURES_DIR, "rides-tcx-6791039036.tcx"],
  [REAL_FIXTURES_DIR, "rides-tcx-6838497277.tcx"],
  [BROKEN_DIR, "broken-start-latlng.fit"],
  [BROKEN_DIR, "broken-dates.fit"],
  [BROKEN_DIR, "inverted-times.fit"],
];

interface Row {
  name: string;
  track: ParsedTrack;
  ours: TrackStats;
  gpsOnly: TrackStats | null;
  moving: { seconds: number; basis: string } | null;
}

function evaluate(name: string, track: ParsedTrack): Row {
  const opts: StatsOptions = { activity: track.activityType ?? "run", altitudeSource: track.altitudeSource };
  if (track.samples)
    return {
      name,
      track,
      ours: computeSampleStats(track.samples, opts),
      gpsOnly: null,
      moving: deviceMovingReference(track),
    };
  const gps = track.points.map(({ distanceM: _distance, ...p }) => p);
  return {
    name,
    track,
    ours: computeStats(track.points, opts),
    gpsOnly: computeStats(gps, opts),
    moving: deviceMovingReference(track),
  };
}

const rows: Row[] = [];
const cell = (ours: number | null | undefined, device: number | undefined) => {
  if (ours === null || ours === undefined || device === undefined) return `${ours?.toFixed(0) ?? "—"} / —`;
  const diff = device === 0 ? "" : ` (${((ours / device - 1) * 100).toFixed(1)} %)`;
  return `${ours.toFixed(0)} / ${device.toFixed(0)}${diff}`;
};

afterAll(() => {
  const lines = rows.map((r) => {
    const d = r.track.deviceTotals ?? {};
    return `| ${r.name} | ${cell(r.ours.distanceMeters, d.distanceM)} | ${cell(r.gpsOnly?.distanceMeters, d.distanceM)} | ${cell(r.ours.elevationGainM, d.ascentM)} | ${cell(r.ours.movingTimeSec, r.moving?.seconds)} ${r.moving ? `[${r.moving.basis}]` : ""} | ${cell(r.gpsOnly?.movingTimeSec, r.moving?.seconds)} |`;
  });
  console.info(
    [
      "| file | distance m, ours / device | GPS only | climb m, ours / device | moving s, ours / device | GPS only |",
      "|---|---|---|---|---|---|",
      ...lines,
    ].join("\n"),
  );
});

const within = (ours: number | null, truth: number, share: number, metres = 0) =>
  Math.abs((ours ?? Number.NaN) - truth) <= Math.max(share * truth, metres);

describe.each(FILES)("device totals as truth: %s/%s", (dir, file) => {
  const [track] = parseActivityFile(new Uint8Array(readFileSync(path.join(dir, file))), file);
  if (track === undefined) throw new Error(`${file}: no track`);
  const row = evaluate(file, track);
  rows.push(row);
  const totals = track.deviceTotals ?? {};

  it("has the device's distance within 2 % (4 % from GPS alone)", () => {
    const distance = totals.distanceM;
    expect(distance).toBeDefined();
    expect(within(row.ours.distanceMeters, distance ?? 0, 0.02)).toBe(true);
    if (row.gpsOnly) expect(within(row.gpsOnly.distanceMeters, distance ?? 0, 0.04)).toBe(true);
  });

  // Only what the device itself recorded can be checked against it (not every file carries a climb).
  if (totals.ascentM !== undefined)
    it("has the device's climb within max(15 %, 10 m)", () => {
      expect(within(row.ours.elevationGainM, totals.ascentM ?? 0, 0.15, 10)).toBe(true);
    });

  if (row.moving !== null)
    it("has the device's moving time within 5 % (8 % from GPS alone)", () => {
      const reference = row.moving?.seconds ?? 0;
      expect(within(row.ours.movingTimeSec, reference, 0.05)).toBe(true);
      if (row.gpsOnly) expect(within(row.gpsOnly.movingTimeSec, reference, 0.08)).toBe(true);
    });
});

/** The hard cases, written as a watch would write them (Garmin's encoder), with their truth. */
describe("device totals as truth: synthetic recordings", () => {
  const DEGREES_TO_SEMICIRCLES = 2 ** 31 / 180;
  const mesg = (name: string) => Profile.MesgNum[name] ?? Number.NaN;

  function encode(records: MountainRecord[], totals: { distance: number; ascent: number }): Uint8Array {
    const encoder = new Encoder();
    const fileId: FileIdMesg = {
      type: "activity",
      manufacturer: "development",
      product: 1,
      timeCreated: new Date(T0),
    };
    encoder.onMesg(mesg("FILE_ID"), fileId);
    // A barometer in the device list (local device type 4): the altitudes are barometric.
    const barometer: DeviceInfoMesg = { deviceIndex: 1, sourceType: "local", deviceType: 4 };
    encoder.onMesg(mesg("DEVICE_INFO"), barometer);
    for (const r of records) {
      const record: RecordMesg = { timestamp: new Date(T0 + r.t * 1000), distance: r.distanceM };
      if (typeof r.altitude === "number") record.altitude = r.altitude;
      if (r.fix) {
        const { lat, lon } = at(r.north, r.east);
        record.positionLat = Math.round(lat * DEGREES_TO_SEMICIRCLES);
        record.positionLong = Math.round(lon * DEGREES_TO_SEMICIRCLES);
      }
      encoder.onMesg(mesg("RECORD"), record);
    }
    const seconds = records.at(-1)?.t ?? 0;
    const session: SessionMesg = {
      timestamp: new Date(T0 + seconds * 1000),
      startTime: new Date(T0),
      totalElapsedTime: seconds,
      totalTimerTime: seconds,
      totalDistance: totals.distance,
      totalAscent: totals.ascent,
      sport: "running",
    };
    encoder.onMesg(mesg("SESSION"), session);
    return encoder.close();
  }

  it("a steep slow climb with sparse fixes between 1 s records: 1,800 m up in 8 km", () => {
    const { records, truth } = mountainRun({
      climbM: 1800,
      lengthM: 8000,
      upMps: 0.3,
      upVerticalMps: 0.3,
      downMps: 2,
      stopSec: 300,
      fixEverySec: 15,
      seed: 3,
    });
    const [track] = parseFit(encode(records, { distance: truth.distanceM, ascent: truth.climbM }));
    if (track === undefined) throw new Error("no track");
    expect(track.altitudeSource).toBe("barometric");
    const row = evaluate("synthetic mountain run (fix every 15 s)", track);
    rows.push(row);
    expect(within(row.ours.distanceMeters, truth.distanceM, 0.02)).toBe(true);
    expect(within(row.ours.elevationGainM, truth.climbM, 0.15, 10)).toBe(true);
    // The device's timer ran through the 5 minutes at the top; its distance stood still there.
    expect(row.moving?.seconds).toBe(truth.movingSec);
    expect(within(row.ours.movingTimeSec, truth.movingSec, 0.05)).toBe(true);
    expect(within(row.gpsOnly?.movingTimeSec ?? null, truth.movingSec, 0.05)).toBe(true);
  });

  it("flat ground under barometric noise: an hour, no climb", () => {
    const altitude = barometricFlat({ seconds: 3600, seed: 4, wanderM: 0.3 });
    const records: MountainRecord[] = northLine({ speedMps: 3, seconds: 3600 }).map((s) => ({
      ...s,
      altitude: altitude(s.t),
      distanceM: s.north,
      fix: true,
    }));
    const [track] = parseFit(encode(records, { distance: 10_800, ascent: 0 }));
    if (track === undefined) throw new Error("no track");
    const row = evaluate("synthetic flat hour, barometric noise", track);
    rows.push(row);
    expect(within(row.ours.elevationGainM, 0, 0.15, 10)).toBe(true);
    expect(within(row.ours.distanceMeters, 10_800, 0.02)).toBe(true);
  });
});
