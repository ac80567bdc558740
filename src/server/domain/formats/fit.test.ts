import { Encoder, type FileIdMesg, Profile, type RecordMesg, type SessionMesg } from "@garmin/fitsdk";
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

interface SyntheticSession {
  sport: NonNullable<SessionMesg["sport"]>;
  startOffsetS: number;
  records: Array<{ offsetS: number; lat?: number; lon?: number; altitude?: number; speed?: number }>;
}

/** A FIT activity written with Garmin's own encoder, so the bytes are what a device would produce. */
function encodeActivity(sessions: SyntheticSession[]): Uint8Array {
  const encoder = new Encoder();
  const fileId: FileIdMesg = {
    type: "activity",
    manufacturer: "development",
    product: 1,
    timeCreated: new Date(T0),
  };
  encoder.onMesg(mesgNum("FILE_ID"), fileId);
  for (const session of sessions) {
    for (const r of session.records) {
      const record: RecordMesg = { timestamp: new Date(T0 + r.offsetS * 1000) };
      if (r.lat !== undefined) record.positionLat = Math.round(r.lat * DEGREES_TO_SEMICIRCLES);
      if (r.lon !== undefined) record.positionLong = Math.round(r.lon * DEGREES_TO_SEMICIRCLES);
      if (r.altitude !== undefined) record.altitude = r.altitude;
      if (r.speed !== undefined) record.speed = r.speed;
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

  it("rejects a file without positions", () => {
    const bytes = encodeActivity([{ sport: "running", startOffsetS: 0, records: [{ offsetS: 0 }] }]);
    expect(() => parseFit(bytes)).toThrow(NoTrackPointsError);
    expect(() => parseFit(bytes)).toThrow("FIT file has no GPS positions");
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
});
