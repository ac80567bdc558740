import { describe, expect, it } from "vitest";
import { FormatError, NoTrackPointsError } from "./errors";
import { parseGpx } from "./gpx";
import { readFixtureText } from "./test-helpers";

const GPX11 =
  '<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"' +
  ' xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v2">';

function gpx(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${GPX11}\n${body}\n</gpx>\n`;
}

function trkpt(lat: number, lon: number, time?: string, inner = ""): string {
  return `<trkpt lat="${lat}" lon="${lon}">${time ? `<time>${time}</time>` : ""}${inner}</trkpt>`;
}

describe("parseGpx", () => {
  it("reads a GPX 1.1 track with elevation, time and Garmin speed/course extensions", () => {
    const xml = gpx(`
      <metadata><name>File name</name></metadata>
      <trk><name>Morning Run</name><type>trail_running</type><trkseg>
        <trkpt lat="45.5" lon="5.25"><ele>212.4</ele><time>2024-05-01T08:00:00Z</time>
          <extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>140</gpxtpx:hr>
            <gpxtpx:speed>3.2</gpxtpx:speed><gpxtpx:course>90.5</gpxtpx:course>
          </gpxtpx:TrackPointExtension></extensions></trkpt>
        <trkpt lat="45.5001" lon="5.2501"><ele>213</ele><time>2024-05-01T08:00:01.250Z</time></trkpt>
      </trkseg></trk>`);
    expect(parseGpx(xml)).toEqual([
      {
        name: "Morning Run",
        activityType: "run",
        startTs: Date.UTC(2024, 4, 1, 8),
        points: [
          {
            ts: Date.UTC(2024, 4, 1, 8),
            lat: 45.5,
            lon: 5.25,
            altitude: 212.4,
            speedMps: 3.2,
            heading: 90.5,
            heartRateBpm: 140,
          },
          { ts: Date.UTC(2024, 4, 1, 8, 0, 1, 250), lat: 45.5001, lon: 5.2501, altitude: 213 },
        ],
      },
    ]);
  });

  it("reads GPX 1.0 (name under <gpx>, <speed> and <course> in the point)", () => {
    const xml = `<?xml version="1.0"?>
      <gpx version="1.0" creator="old" xmlns="http://www.topografix.com/GPX/1/0">
        <name>Old file</name>
        <trk><trkseg>
          <trkpt lat="-33.9" lon="151.2"><ele>5</ele><time>2004-01-01T00:00:00Z</time><course>181</course><speed>2.5</speed></trkpt>
        </trkseg></trk>
      </gpx>`;
    const [track] = parseGpx(xml);
    expect(track?.name).toBe("Old file");
    expect(track?.points).toEqual([
      { ts: Date.UTC(2004, 0, 1), lat: -33.9, lon: 151.2, altitude: 5, speedMps: 2.5, heading: 181 },
    ]);
  });

  it("joins the segments of one <trk> and gives each <trk> its own track", () => {
    const xml = gpx(`
      <trk><name>A</name>
        <trkseg>${trkpt(1, 1, "2024-01-01T00:00:00Z")}${trkpt(1, 2, "2024-01-01T00:00:01Z")}</trkseg>
        <trkseg>${trkpt(1, 3, "2024-01-01T00:05:00Z")}</trkseg>
      </trk>
      <trk><name>B</name><type>Cycling</type><trkseg>${trkpt(2, 1, "2024-01-02T00:00:00Z")}</trkseg></trk>`);
    const tracks = parseGpx(xml);
    expect(tracks.map((t) => [t.name, t.activityType, t.points.map((p) => p.lon)])).toEqual([
      ["A", undefined, [1, 2, 3]],
      ["B", "bike", [1]],
    ]);
  });

  it("drops points without a valid time or position, sorts by time and keeps the first of equal times", () => {
    const xml = gpx(`<trk><trkseg>
      ${trkpt(10, 10, "2024-01-01T00:00:02Z")}
      ${trkpt(11, 11, "2024-01-01T00:00:01Z")}
      ${trkpt(12, 12, "2024-01-01T00:00:01Z")}
      ${trkpt(13, 13)}
      ${trkpt(14, 14, "not a date")}
      ${trkpt(91, 15, "2024-01-01T00:00:03Z")}
      ${trkpt(0, 0, "2024-01-01T00:00:04Z")}
      <trkpt lat="" lon="16"><time>2024-01-01T00:00:05Z</time></trkpt>
      <trkpt lon="17"><time>2024-01-01T00:00:06Z</time></trkpt>
    </trkseg></trk>`);
    const [track] = parseGpx(xml);
    expect(track?.points.map((p) => [p.ts - Date.UTC(2024, 0, 1), p.lat])).toEqual([
      [1000, 11],
      [2000, 10],
    ]);
    expect(track?.startTs).toBe(Date.UTC(2024, 0, 1, 0, 0, 1));
  });

  it("reads times with an offset, and times without a zone as UTC", () => {
    const xml = gpx(`<trk><trkseg>
      ${trkpt(1, 1, "2024-01-01T10:00:00+02:00")}
      ${trkpt(1, 2, "2024-01-01T09:00:01")}
    </trkseg></trk>`);
    expect(parseGpx(xml)[0]?.points.map((p) => p.ts)).toEqual([
      Date.UTC(2024, 0, 1, 8),
      Date.UTC(2024, 0, 1, 9, 0, 1),
    ]);
  });

  it("decodes entities and CDATA in names", () => {
    const point = trkpt(1, 1, "2024-01-01T00:00:00Z");
    const xml = gpx(
      `<trk><name>Caf&#233; &amp; &#x1F3C3; &lt;Run&gt;</name><trkseg>${point}</trkseg></trk>` +
        `<trk><name><![CDATA[<Trail> & co]]></name><trkseg>${point}</trkseg></trk>`,
    );
    expect(parseGpx(xml).map((t) => t.name)).toEqual(["Café & 🏃 <Run>", "<Trail> & co"]);
  });

  it("reads timed routes when the file has no track", () => {
    const xml = gpx(`<rte><name>Timed route</name>
      <rtept lat="1" lon="1"><time>2024-01-01T00:00:00Z</time></rtept>
      <rtept lat="1" lon="2"><time>2024-01-01T00:00:10Z</time></rtept>
    </rte>`);
    const [track] = parseGpx(xml);
    expect(track?.name).toBe("Timed route");
    expect(track?.points).toHaveLength(2);
  });

  it("rejects a planned route without times", () => {
    const xml = gpx(`<rte><rtept lat="1" lon="1"/><rtept lat="1" lon="2"/></rte>`);
    expect(() => parseGpx(xml)).toThrow(/GPX route has no timestamps/);
  });

  it("rejects a track whose points have no time", () => {
    const xml = gpx(`<trk><trkseg>${trkpt(1, 1)}${trkpt(1, 2)}</trkseg></trk>`);
    expect(() => parseGpx(xml)).toThrow(/GPX track has no timestamps/);
  });

  it("rejects an empty GPX (no <trk>)", () => {
    const run = () => parseGpx(gpx(`<metadata><name>nothing</name></metadata><wpt lat="1" lon="1"/>`));
    expect(run).toThrow(NoTrackPointsError);
    expect(run).toThrow("GPX file contains no track (<trk>)");
  });

  it("rejects a <trk> without points", () => {
    const run = () => parseGpx(gpx("<trk><name>empty</name><trkseg></trkseg></trk>"));
    expect(run).toThrow(NoTrackPointsError);
    expect(run).toThrow("no track points found");
  });

  it("reports a truncated file with its line", () => {
    const full = readFixtureText("runs-gpx-2067489619.gpx");
    const half = full.slice(0, Math.floor(full.length / 2));
    const lines = half.split("\n").length;
    expect(() => parseGpx(half)).toThrow(FormatError);
    expect(() => parseGpx(half)).toThrow(`truncated XML at line ${lines}`);
    // Cut right after a complete element: the parser alone would accept this silently.
    const afterPoint = full.slice(0, full.indexOf("</trkpt>") + "</trkpt>".length);
    expect(() => parseGpx(afterPoint)).toThrow(/^truncated XML at line \d+: <trkseg> is not closed$/);
  });

  it("reports malformed XML with line and column", () => {
    const xml = gpx(`<trk>\n<trkseg>\n</trk>\n</trkseg>`);
    expect(() => parseGpx(xml)).toThrow(
      /^malformed XML at line 5, column \d+: Expected closing tag 'trkseg'/,
    );
    expect(() => parseGpx("")).toThrow("empty file");
    expect(() => parseGpx("just text")).toThrow(/malformed XML|truncated XML/);
  });

  it("rejects XML that is not GPX", () => {
    expect(() => parseGpx("<TrainingCenterDatabase/>")).toThrow(
      "not a GPX file: the root element is <TrainingCenterDatabase>, not <gpx>",
    );
  });

  it.each([
    ["runs-gpx-2067489619.gpx", 502, "Corenc Running", "run"],
    ["runs-gpx-6782987395.gpx", 4967, "Sloatsburg Course", "run"],
    ["rides-gpx-4108490848.gpx", 1817, "Meylan Road Cycling", "bike"],
    ["sample-gpx-garmin.gpx", 217, undefined, "run"],
  ])("parses the real file %s (%i points)", (file, count, name, activityType) => {
    const tracks = parseGpx(readFixtureText(file));
    expect(tracks).toHaveLength(1);
    const [track] = tracks;
    expect(track?.points).toHaveLength(count);
    expect(track?.name).toBe(name);
    expect(track?.activityType).toBe(activityType);
    const ts = track?.points.map((p) => p.ts) ?? [];
    expect(ts.every((t, i) => i === 0 || t > (ts[i - 1] ?? Number.POSITIVE_INFINITY))).toBe(true);
    expect(track?.points.every((p) => p.altitude !== undefined)).toBe(true);
  });

  it("reads heart rate, cadence, temperature and power from the usual extensions", () => {
    const xml = gpx(`<trk><trkseg>
      ${trkpt(45.5, 5.25, "2024-05-01T08:00:00Z", "<extensions><power>250</power><gpxtpx:TrackPointExtension><gpxtpx:hr>141</gpxtpx:hr><gpxtpx:cad>88</gpxtpx:cad><gpxtpx:atemp>21.5</gpxtpx:atemp></gpxtpx:TrackPointExtension></extensions>")}
      ${trkpt(45.5001, 5.25, "2024-05-01T08:00:01Z", "<extensions><gpxdata:cadence>84</gpxdata:cadence><gpxx:Temperature>22</gpxx:Temperature><gpxdata:hr>150</gpxdata:hr></extensions>")}
      ${trkpt(45.5002, 5.25, "2024-05-01T08:00:02Z", "<extensions><gpxtpx:TrackPointExtension><gpxtpx:wtemp>18</gpxtpx:wtemp></gpxtpx:TrackPointExtension></extensions>")}
    </trkseg></trk>`);
    const points = parseGpx(xml)[0]?.points ?? [];
    expect(
      points.map(({ heartRateBpm, cadenceRpm, powerW, temperatureC }) => ({
        heartRateBpm,
        cadenceRpm,
        powerW,
        temperatureC,
      })),
    ).toEqual([
      { heartRateBpm: 141, cadenceRpm: 88, powerW: 250, temperatureC: 21.5 },
      { heartRateBpm: 150, cadenceRpm: 84, powerW: undefined, temperatureC: 22 },
      { heartRateBpm: undefined, cadenceRpm: undefined, powerW: undefined, temperatureC: 18 },
    ]);
  });

  it("drops impossible sensor values and says so", () => {
    const hr = (bpm: number) =>
      `<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>${bpm}</gpxtpx:hr></gpxtpx:TrackPointExtension></extensions>`;
    const xml = gpx(`<trk><trkseg>
      ${trkpt(45.5, 5.25, "2024-05-01T08:00:00Z", hr(10))}
      ${trkpt(45.5001, 5.25, "2024-05-01T08:00:01Z", hr(140))}
      ${trkpt(45.5002, 5.25, "2024-05-01T08:00:02Z", hr(255))}
    </trkseg></trk>`);
    const [track] = parseGpx(xml);
    expect(track?.points.map((p) => p.heartRateBpm)).toEqual([undefined, 140, undefined]);
    expect(track?.repairs).toEqual(["2 heart-rate values outside 20-250 dropped"]);
  });

  it("leaves out points with an implausible time (year 0000, the far future), saying so", () => {
    const xml = gpx(`<trk><trkseg>
      ${trkpt(45.5, 5.25, "0000-01-01T00:00:00Z")}
      ${trkpt(45.5001, 5.25, "2024-05-01T08:00:01Z")}
      ${trkpt(45.5002, 5.25, "2999-05-01T08:00:02Z")}
    </trkseg></trk>`);
    const [track] = parseGpx(xml);
    expect(track?.points.map((p) => p.ts)).toEqual([Date.UTC(2024, 4, 1, 8, 0, 1)]);
    expect(track?.repairs).toEqual([
      "2 points with an implausible time (0000-01-01T00:00:00Z: before 2000 or in the future) left out",
    ]);
  });

  it("refuses a track whose every time is implausible, naming the first", () => {
    const xml = gpx(
      `<trk><trkseg>${trkpt(45.5, 5.25, "0000-01-01T00:00:00Z")}${trkpt(45.5, 5.26, "0000-01-01T00:00:01Z")}</trkseg></trk>`,
    );
    const run = () => parseGpx(xml);
    expect(run).toThrow(FormatError);
    expect(run).not.toThrow(NoTrackPointsError);
    expect(run).toThrow(
      "GPX file has no plausible time: 2 timed points, the first at 0000-01-01T00:00:00Z (before 2000 or in the future)",
    );
  });

  it("reads the sensors of real files: heart rate and cadence, power from Zwift, temperature", () => {
    const ride = parseGpx(readFixtureText("rides-gpx-6909869014.gpx"))[0]?.points ?? [];
    expect(ride.filter((p) => p.powerW !== undefined)).toHaveLength(ride.length);
    expect(ride.filter((p) => p.heartRateBpm !== undefined)).toHaveLength(ride.length);
    const trail = parseGpx(readFixtureText("runs-gpx-6782987395.gpx"))[0]?.points ?? [];
    expect(trail.filter((p) => p.heartRateBpm !== undefined).length).toBe(4960);
    expect(trail.every((p) => p.cadenceRpm !== undefined && p.temperatureC !== undefined)).toBe(true);
  });
});
