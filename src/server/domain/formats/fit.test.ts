import {
  CrcCalculator,
  type DeviceInfoMesg,
  Encoder,
  type FileIdMesg,
  Profile,
  type RecordMesg,
  type SessionMesg,
} from "@garmin/fitsdk";
import { describe, expect, it } from "vitest";
import { FormatError, NoTrackPointsError } from "./errors";
import { parseFit } from "./fit";
import { readFixture } from "./test-helpers";

const DEGREES_TO_SEMICIRCLES = 2 ** 31 / 180;

function mesgNum(name: string): number {
  const num = Profile.MesgNum[name];
  if (num === undefined) throw new Error(`unknown FIT message ${name}`);
  return num;
}

const T0 = Date.UTC(2024, 5, 1, 6);

interface SyntheticRecord
  extends Pick<
    RecordMesg,
    "altitude" | "speed" | "distance" | "heartRate" | "cadence" | "power" | "temperature"
  > {
  offsetS: number;
  lat?: number;
  lon?: number;
}

interface SyntheticSession {
  sport: NonNullable<SessionMesg["sport"]>;
  startOffsetS: number;
  records: SyntheticRecord[];
  totals?: Pick<SessionMesg, "totalDistance" | "totalAscent" | "totalDescent" | "totalTimerTime">;
}

/** A FIT activity written with Garmin's own encoder, so the bytes are what a device would produce. */
function encodeActivity(sessions: SyntheticSession[], devices: DeviceInfoMesg[] = []): Uint8Array {
  const encoder = new Encoder();
  const fileId: FileIdMesg = {
    type: "activity",
    manufacturer: "development",
    product: 1,
    timeCreated: new Date(T0),
  };
  encoder.onMesg(mesgNum("FILE_ID"), fileId);
  for (const device of devices) encoder.onMesg(mesgNum("DEVICE_INFO"), device);
  for (const session of sessions) {
    for (const { offsetS, lat, lon, ...fields } of session.records) {
      const record: RecordMesg = { timestamp: new Date(T0 + offsetS * 1000), ...fields };
      if (lat !== undefined) record.positionLat = Math.round(lat * DEGREES_TO_SEMICIRCLES);
      if (lon !== undefined) record.positionLong = Math.round(lon * DEGREES_TO_SEMICIRCLES);
      encoder.onMesg(mesgNum("RECORD"), record);
    }
  }
  for (const session of sessions) {
    const last = session.records.at(-1)?.offsetS ?? session.startOffsetS;
    const summary: SessionMesg = {
      timestamp: new Date(T0 + last * 1000),
      startTime: new Date(T0 + session.startOffsetS * 1000),
      totalElapsedTime: last - session.startOffsetS,
      sport: session.sport,
      ...session.totals,
    };
    encoder.onMesg(mesgNum("SESSION"), summary);
  }
  return encoder.close();
}

describe("parseFit", () => {
  it("converts semicircles to degrees and reads altitude and speed", () => {
    const bytes = encodeActivity([
      {
        sport: "running",
        startOffsetS: 0,
        records: [
          { offsetS: 0, lat: 45.2, lon: 5.78, altitude: 230, speed: 2.5 },
          { offsetS: 1, lat: 45.2001, lon: 5.7801, altitude: 231 },
          { offsetS: 2 }, // no fix yet: dropped
        ],
      },
    ]);
    const [track, ...rest] = parseFit(bytes);
    expect(rest).toHaveLength(0);
    expect(track?.activityType).toBe("run");
    expect(track?.startTs).toBe(T0);
    expect(track?.points).toHaveLength(2);
    expect(track?.points[0]?.ts).toBe(T0);
    expect(track?.points[0]?.lat).toBeCloseTo(45.2, 7);
    expect(track?.points[0]?.lon).toBeCloseTo(5.78, 7);
    expect(track?.points[0]?.altitude).toBeCloseTo(230, 1);
    expect(track?.points[0]?.speedMps).toBeCloseTo(2.5, 3);
  });

  it("splits a multisport file into one track per session, leaving out legs without GPS", () => {
    const bytes = encodeActivity([
      { sport: "swimming", startOffsetS: 0, records: [{ offsetS: 0 }, { offsetS: 600 }] },
      {
        sport: "cycling",
        startOffsetS: 700,
        records: [
          { offsetS: 700, lat: 1, lon: 1 },
          { offsetS: 701, lat: 1, lon: 1.0001 },
        ],
      },
      { sport: "running", startOffsetS: 800, records: [{ offsetS: 800, lat: 1, lon: 1.0002 }] },
    ]);
    const tracks = parseFit(bytes);
    expect(tracks.map((t) => [t.activityType, t.startTs, t.points.length])).toEqual([
      ["bike", T0 + 700_000, 2],
      ["run", T0 + 800_000, 1],
    ]);
  });

  it("rejects a file without positions nor distance", () => {
    const bytes = encodeActivity([{ sport: "running", startOffsetS: 0, records: [{ offsetS: 0 }] }]);
    expect(() => parseFit(bytes)).toThrow(NoTrackPointsError);
    expect(() => parseFit(bytes)).toThrow("FIT file has no GPS positions and no distance");
  });

  it("reads heart rate, cadence, power, temperature and the device's distance of each record", () => {
    const bytes = encodeActivity([
      {
        sport: "cycling",
        startOffsetS: 0,
        records: [
          {
            offsetS: 0,
            lat: 45.2,
            lon: 5.78,
            distance: 0,
            heartRate: 120,
            cadence: 85,
            power: 230,
            temperature: 18,
          },
          {
            offsetS: 1,
            lat: 45.2001,
            lon: 5.78,
            distance: 11.2,
            heartRate: 0,
            cadence: 86,
            power: 240,
            temperature: 18,
          },
        ],
      },
    ]);
    expect(parseFit(bytes)[0]?.points.map(({ ts, lat, lon, ...rest }) => rest)).toEqual([
      { distanceM: 0, heartRateBpm: 120, cadenceRpm: 85, powerW: 230, temperatureC: 18 },
      // A heart rate of 0 is "no strap": no value.
      { distanceM: 11.2, cadenceRpm: 86, powerW: 240, temperatureC: 18 },
    ]);
  });

  // Local device types: 0 GPS, 4 barometer (FIT profile, local_device_type).
  it("reads the session's totals and knows a barometric recorder from its device list", () => {
    const records = [
      { offsetS: 0, lat: 45.2, lon: 5.78, altitude: 230 },
      { offsetS: 600, lat: 45.21, lon: 5.78, altitude: 260 },
    ];
    const totals = { totalDistance: 1112.5, totalAscent: 31, totalDescent: 2, totalTimerTime: 590 };
    const session: SyntheticSession = { sport: "running", startOffsetS: 0, records, totals };
    const baro = parseFit(
      encodeActivity([session], [{ deviceIndex: 1, sourceType: "local", deviceType: 4 }]),
    )[0];
    expect(baro?.deviceTotals).toEqual({
      distanceM: 1112.5,
      ascentM: 31,
      descentM: 2,
      timerSec: 590,
      elapsedSec: 600,
    });
    expect(baro?.altitudeSource).toBe("barometric");
    const gps = parseFit(
      encodeActivity([session], [{ deviceIndex: 2, sourceType: "local", deviceType: 0 }]),
    )[0];
    expect(gps?.altitudeSource).toBe("gps");
    expect(parseFit(encodeActivity([session]))[0]?.altitudeSource).toBeUndefined();
  });

  it("keeps a treadmill run (foot pod distance, no position) as samples with the device's totals", () => {
    const records = Array.from({ length: 601 }, (_, t) => ({
      offsetS: t,
      distance: 2.8 * t,
      heartRate: 100 + Math.floor(t / 10),
      cadence: 84,
    }));
    const totals = { totalDistance: 1680, totalTimerTime: 600 };
    const [track, ...rest] = parseFit(
      encodeActivity([{ sport: "running", startOffsetS: 0, records, totals }]),
    );
    expect(rest).toHaveLength(0);
    expect(track?.points).toEqual([]);
    expect(track?.samples).toHaveLength(601);
    expect(track?.samples?.[10]).toEqual({
      ts: T0 + 10_000,
      distanceM: 28,
      heartRateBpm: 101,
      cadenceRpm: 84,
    });
    expect(track?.deviceTotals).toEqual({ distanceM: 1680, timerSec: 600, elapsedSec: 600 });
    expect(track).toMatchObject({ activityType: "run", startTs: T0 });
    expect(track?.repairs).toBeUndefined();
  });

  it("rejects a file with a flipped byte (CRC mismatch)", () => {
    const bytes = readFixture("runs-fit-2067489619.fit");
    const damaged = bytes.slice();
    const at = Math.floor(damaged.length / 2);
    damaged[at] = (damaged[at] ?? 0) ^ 0x01;
    expect(() => parseFit(damaged)).toThrow(FormatError);
    expect(() => parseFit(damaged)).toThrow("FIT file CRC mismatch (the file is corrupted)");
  });

  it("rejects a truncated file and a file that is not FIT", () => {
    const bytes = readFixture("runs-fit-2067489619.fit");
    expect(() => parseFit(bytes.slice(0, 1000))).toThrow(`truncated FIT file: 1000 of ${bytes.length} bytes`);
    expect(() => parseFit(new TextEncoder().encode("<gpx/>"))).toThrow("not a FIT file");
  });

  it.each([
    ["runs-fit-2067489619.fit", 502, "2017-10-08T14:54:11.000Z", "2017-10-08T15:41:09.000Z"],
    ["runs-fit-6782987395.fit", 4967, "2019-06-15T09:42:23.000Z", "2019-06-15T11:05:32.000Z"],
  ])("parses the real file %s (%i points with a position)", (file, count, first, last) => {
    const [track, ...rest] = parseFit(readFixture(file));
    expect(rest).toHaveLength(0);
    expect(track?.activityType).toBe("run");
    expect(track?.points).toHaveLength(count);
    expect(track?.startTs).toBe(Date.parse(first));
    expect(track?.points[0]?.ts).toBe(Date.parse(first));
    expect(track?.points.at(-1)?.ts).toBe(Date.parse(last));
    expect(track?.points.every((p) => p.altitude !== undefined && p.speedMps !== undefined)).toBe(true);
  });

  it("reads the device's totals and sensors of the real files", () => {
    const [trail] = parseFit(readFixture("runs-fit-6782987395.fit"));
    expect(trail?.deviceTotals).toEqual({
      distanceM: 14004.85,
      ascentM: 347,
      descentM: 371,
      timerSec: 4989.112,
      elapsedSec: 4989.112,
    });
    expect(trail?.altitudeSource).toBe("barometric");
    expect(trail?.points.filter((p) => p.heartRateBpm !== undefined)).toHaveLength(4960);
    expect(trail?.points.every((p) => p.temperatureC !== undefined && p.distanceM !== undefined)).toBe(true);
    expect(trail?.repairs).toBeUndefined();
  });
});

describe("parseFit on a file with a sound CRC but a malformed message", () => {
  it("keeps the records before it, saying so", () => {
    const records = Array.from({ length: 10 }, (_, t) => ({ offsetS: t, lat: 45.2 + t * 1e-5, lon: 5.78 }));
    const good = encodeActivity([{ sport: "running", startOffsetS: 0, records }]);
    const headerSize = good[0] ?? 14;
    // A data message of local type 15, which nothing defined, appended to the data; sizes and CRC fixed.
    const bytes = new Uint8Array(good.length + 2);
    bytes.set(good.subarray(0, good.length - 2));
    bytes.set([0x0f, 0x00], good.length - 2);
    const view = new DataView(bytes.buffer);
    view.setUint32(4, bytes.length - headerSize - 2, true);
    if (headerSize === 14) view.setUint16(12, 0, true);
    view.setUint16(bytes.length - 2, CrcCalculator.calculateCRC(bytes, 0, bytes.length - 2), true);
    const [track] = parseFit(bytes);
    expect(track?.points).toHaveLength(10);
    expect(track?.repairs?.[0]).toMatch(/^decoding stopped early \(.+\): the 10 records before are kept$/);
  });
});
