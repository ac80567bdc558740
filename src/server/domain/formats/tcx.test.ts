import { describe, expect, it } from "vitest";
import { NoTrackPointsError } from "./errors";
import { parseTcx } from "./tcx";
import { readFixtureText } from "./test-helpers";

function tcx(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
  xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2">${body}</TrainingCenterDatabase>`;
}

function trackpoint(time: string, lat?: number, lon?: number, extra = ""): string {
  const position =
    lat === undefined
      ? ""
      : `<Position><LatitudeDegrees>${lat}</LatitudeDegrees><LongitudeDegrees>${lon}</LongitudeDegrees></Position>`;
  return `<Trackpoint><Time>${time}</Time>${position}${extra}</Trackpoint>`;
}

describe("parseTcx", () => {
  it("joins laps and tracks of an activity, skipping trackpoints without a position", () => {
    const xml = tcx(`<Activities><Activity Sport="Biking"><Id>2024-03-01T07:59:58Z</Id>
      <Lap StartTime="2024-03-01T08:00:00Z"><Track>
        ${trackpoint("2024-03-01T08:00:00Z", 48.1, 11.5, "<AltitudeMeters>520.5</AltitudeMeters>")}
        ${trackpoint("2024-03-01T08:00:01Z")}
      </Track><Track>
        ${trackpoint("2024-03-01T08:00:02Z", 48.2, 11.6, "<Extensions><ns3:TPX><ns3:Speed>7.5</ns3:Speed></ns3:TPX></Extensions>")}
      </Track></Lap>
      <Lap StartTime="2024-03-01T08:10:00Z"><Track>${trackpoint("2024-03-01T08:10:00Z", 48.3, 11.7)}</Track></Lap>
    </Activity></Activities>`);
    expect(parseTcx(xml)).toEqual([
      {
        activityType: "bike",
        startTs: Date.UTC(2024, 2, 1, 7, 59, 58),
        points: [
          { ts: Date.UTC(2024, 2, 1, 8), lat: 48.1, lon: 11.5, altitude: 520.5 },
          { ts: Date.UTC(2024, 2, 1, 8, 0, 2), lat: 48.2, lon: 11.6, speedMps: 7.5 },
          { ts: Date.UTC(2024, 2, 1, 8, 10), lat: 48.3, lon: 11.7 },
        ],
      },
    ]);
  });

  it("gives each activity its own track; Running maps to run, Other stays unset", () => {
    const lap = (t: string) => `<Lap StartTime="${t}"><Track>${trackpoint(t, 1, 2)}</Track></Lap>`;
    const xml = tcx(`<Activities>
      <Activity Sport="Running"><Id>2024-01-01T00:00:00Z</Id>${lap("2024-01-01T00:00:00Z")}</Activity>
      <Activity Sport="Other"><Id>2024-01-02T00:00:00Z</Id>${lap("2024-01-02T00:00:00Z")}</Activity>
    </Activities>`);
    expect(parseTcx(xml).map((t) => t.activityType)).toEqual(["run", undefined]);
  });

  it("reads courses as named tracks", () => {
    const xml = tcx(`<Courses><Course><Name>Loop</Name><Track>
      ${trackpoint("2024-01-01T00:00:00Z", 1, 2)}${trackpoint("2024-01-01T00:00:05Z", 1, 2.001)}
    </Track></Course></Courses>`);
    expect(parseTcx(xml).map((t) => [t.name, t.points.length])).toEqual([["Loop", 2]]);
  });

  it("rejects an activity recorded without GPS", () => {
    const xml = tcx(`<Activities><Activity Sport="Running"><Id>2024-01-01T00:00:00Z</Id>
      <Lap StartTime="2024-01-01T00:00:00Z"><Track>${trackpoint("2024-01-01T00:00:00Z")}</Track></Lap>
    </Activity></Activities>`);
    expect(() => parseTcx(xml)).toThrow(NoTrackPointsError);
    expect(() => parseTcx(xml)).toThrow(/no GPS positions/);
  });

  it("rejects a file without activities", () => {
    expect(() => parseTcx(tcx("<Activities/>"))).toThrow("TCX file contains no activity");
  });

  it("parses the real file (1,545 points), despite whitespace before its XML declaration", () => {
    const text = readFixtureText("runs-tcx-6281425038.tcx");
    expect(text.startsWith(" ")).toBe(true);
    const [track, ...rest] = parseTcx(text);
    expect(rest).toHaveLength(0);
    expect(track?.points).toHaveLength(1545);
    expect(track?.activityType).toBe("run");
    expect(track?.startTs).toBe(Date.parse("2016-09-12T11:19:55.000Z"));
    expect(track?.points[0]).toEqual({
      ts: Date.parse("2016-09-12T11:19:56.000Z"),
      lat: 47.19740667,
      lon: -1.59416333,
      altitude: 4.572,
      distanceM: 2.299999952316284,
      heartRateBpm: 85,
    });
    // Polar's export shifts later points by 51 ms after a pause: the fraction must survive.
    expect(track?.points.at(-1)?.ts).toBe(Date.parse("2016-09-12T11:55:58.051Z"));
  });

  it("reads heart rate, cadence (bike and run) and power", () => {
    const xml = tcx(`<Activities><Activity Sport="Biking"><Id>2024-03-01T08:00:00Z</Id>
      <Lap StartTime="2024-03-01T08:00:00Z"><Track>
        ${trackpoint("2024-03-01T08:00:00Z", 48.1, 11.5, "<DistanceMeters>0</DistanceMeters><HeartRateBpm><Value>120</Value></HeartRateBpm><Cadence>90</Cadence><Extensions><ns3:TPX><ns3:Watts>210</ns3:Watts></ns3:TPX></Extensions>")}
        ${trackpoint("2024-03-01T08:00:01Z", 48.1001, 11.5, "<DistanceMeters>11.1</DistanceMeters><Extensions><TPX><RunCadence>82</RunCadence></TPX></Extensions>")}
      </Track></Lap></Activity></Activities>`);
    expect(parseTcx(xml)[0]?.points).toEqual([
      {
        ts: Date.UTC(2024, 2, 1, 8),
        lat: 48.1,
        lon: 11.5,
        distanceM: 0,
        heartRateBpm: 120,
        cadenceRpm: 90,
        powerW: 210,
      },
      { ts: Date.UTC(2024, 2, 1, 8, 0, 1), lat: 48.1001, lon: 11.5, distanceM: 11.1, cadenceRpm: 82 },
    ]);
  });

  it("sums the laps' distance and time as the device's totals", () => {
    const lap = (start: string, seconds: number, meters: number, lat: number) =>
      `<Lap StartTime="${start}"><TotalTimeSeconds>${seconds}</TotalTimeSeconds><DistanceMeters>${meters}</DistanceMeters><Track>${trackpoint(start, lat, 2)}</Track></Lap>`;
    const xml = tcx(`<Activities><Activity Sport="Running"><Id>2024-01-01T00:00:00Z</Id>
      ${lap("2024-01-01T00:00:00Z", 300.5, 1000, 1)}${lap("2024-01-01T00:05:00Z", 250, 1000.25, 1.01)}
    </Activity></Activities>`);
    expect(parseTcx(xml)[0]?.deviceTotals).toEqual({ distanceM: 2000.25, timerSec: 550.5 });
  });

  it("keeps a treadmill run (no position, a distance) as a track of samples", () => {
    const xml = tcx(`<Activities><Activity Sport="Running"><Id>2024-01-01T00:00:00Z</Id>
      <Lap StartTime="2024-01-01T00:00:00Z"><TotalTimeSeconds>2</TotalTimeSeconds><DistanceMeters>6</DistanceMeters><Track>
        ${trackpoint("2024-01-01T00:00:00Z", undefined, undefined, "<DistanceMeters>0</DistanceMeters><HeartRateBpm><Value>100</Value></HeartRateBpm>")}
        ${trackpoint("2024-01-01T00:00:02Z", undefined, undefined, "<DistanceMeters>6</DistanceMeters><HeartRateBpm><Value>104</Value></HeartRateBpm>")}
      </Track></Lap></Activity></Activities>`);
    expect(parseTcx(xml)).toEqual([
      {
        activityType: "run",
        startTs: Date.UTC(2024, 0, 1),
        points: [],
        samples: [
          { ts: Date.UTC(2024, 0, 1), distanceM: 0, heartRateBpm: 100 },
          { ts: Date.UTC(2024, 0, 1, 0, 0, 2), distanceM: 6, heartRateBpm: 104 },
        ],
        deviceTotals: { distanceM: 6, timerSec: 2 },
      },
    ]);
  });

  it.each([
    ["runs-tcx-6281425038.tcx", 5, 4157, 1545],
    ["runs-tcx-1604524853.tcx", 1, 6106.6, 4070],
    ["rides-tcx-6791039036.tcx", 1, 42220.87, 7263.962],
  ])("reads the device's totals of the real file %s (%i laps)", (file, _laps, meters, seconds) => {
    const [track] = parseTcx(readFixtureText(file));
    expect(track?.deviceTotals?.distanceM).toBeCloseTo(meters, 0);
    expect(track?.deviceTotals?.timerSec).toBeCloseTo(seconds, 0);
    expect(track?.points.every((p) => p.heartRateBpm !== undefined)).toBe(true);
  });
});
