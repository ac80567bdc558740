import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseGpx } from "./gpx";
import { parseActivityFile } from "./activity-file";
import { readFixture } from "./test-helpers";
import { toGpx } from "./to-gpx";
import type { ParsedPoint } from "./types";

const T0 = Date.UTC(2024, 8, 15, 7, 30);

function syntheticPoints(count: number): ParsedPoint[] {
  return Array.from({ length: count }, (_, i) => ({
    ts: T0 + i * 1000,
    lat: 45 + Math.sin(i / 500) * 0.05,
    lon: 5 + Math.cos(i / 500) * 0.05,
    altitude: 200 + Math.sin(i / 50) * 20,
  }));
}

describe("toGpx", () => {
  const xml = toGpx({
    name: 'Trail & <Tour> "24" l\'été\u0001',
    activityType: "run",
    points: [
      { ts: T0, lat: 45.1, lon: 5.2, altitude: 210.5 },
      { ts: T0 + 1500, lat: 45.10001, lon: 5.20001, altitude: null },
      { ts: T0 + 3000, lat: 1e-7, lon: 180 },
      { ts: Number.NaN, lat: 1, lon: 1 },
    ],
  });

  it("writes a GPX 1.1 document in schema order", () => {
    expect(
      xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="Runify"'),
    ).toBe(true);
    expect(xml).toContain(' xmlns="http://www.topografix.com/GPX/1/1"');
    expect(xml).toContain(
      'xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd"',
    );
    const tags = [...xml.matchAll(/<([a-z]+)[ >/]/g)].map((m) => m[1]);
    expect(tags.slice(0, 9)).toEqual([
      "gpx",
      "metadata",
      "name",
      "time",
      "bounds",
      "trk",
      "name",
      "type",
      "trkseg",
    ]);
    expect(xml).toContain(
      `<trkpt lat="45.1" lon="5.2"><ele>210.5</ele><time>${new Date(T0).toISOString()}</time></trkpt>`,
    );
    expect(xml).toContain(
      '<trkpt lat="45.10001" lon="5.20001"><time>2024-09-15T07:30:01.500Z</time></trkpt>',
    );
    expect(xml).toContain("<metadata>\n    <name>Trail &amp; &lt;Tour&gt; &quot;24&quot; l&apos;été</name>");
    expect(xml).toContain("<time>2024-09-15T07:30:00.000Z</time>");
  });

  it("keeps every value inside the schema's types", () => {
    // xsd:decimal has no exponent; longitude must be below 180; non-finite points cannot be written.
    expect(xml).toContain('<trkpt lat="0.0000001" lon="-180">');
    expect(xml).not.toMatch(/\de-?\d/);
    expect(xml.match(/<trkpt /g)).toHaveLength(3);
    expect(xml).not.toContain("\u0001");
    for (const time of xml.match(/<time>[^<]*<\/time>/g) ?? []) {
      expect(time).toMatch(/^<time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z<\/time>$/);
    }
  });

  // xmllint comes from Debian's libxml2-utils, which the test command installs when missing.
  it("is well-formed XML (xmllint)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "runify-gpx-"));
    try {
      const file = path.join(dir, "track.gpx");
      writeFileSync(file, xml);
      expect(() => execFileSync("xmllint", ["--noout", file], { stdio: "pipe" })).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("writes an empty track without metadata time", () => {
    const empty = toGpx({ name: "", points: [] });
    expect(empty).not.toContain("<time>");
    expect(empty).not.toContain("<name>");
    expect(parseGpx.bind(null, empty)).toThrow("no track points found");
  });

  it.each(["runs-gpx-6782987395.gpx", "runs-fit-6782987395.fit", "runs-tcx-6281425038.tcx"])(
    "round-trips %s: parse → toGpx → parse gives the same points",
    (file) => {
      const [original] = parseActivityFile(readFixture(file), file);
      if (!original) throw new Error("no track");
      const written = toGpx({ name: "again", activityType: original.activityType, points: original.points });
      const [again, ...rest] = parseGpx(written);
      expect(rest).toHaveLength(0);
      expect(again?.activityType).toBe(original.activityType);
      const points = again?.points ?? [];
      expect(points.map((p) => p.ts)).toEqual(original.points.map((p) => p.ts));
      expect(points.map((p) => p.altitude)).toEqual(original.points.map((p) => p.altitude));
      let maxDrift = 0;
      original.points.forEach((p, i) => {
        const q = points[i];
        maxDrift = Math.max(maxDrift, Math.abs(p.lat - (q?.lat ?? 0)), Math.abs(p.lon - (q?.lon ?? 0)));
      });
      expect(maxDrift).toBeLessThan(1e-7);
    },
  );

  it("writes and reads back 50,000 points (speed: npm run bench, import of a 50,000-point GPX)", () => {
    const points = syntheticPoints(50_000);
    expect(parseGpx(toGpx({ name: "long", points }))[0]?.points).toEqual(points);
  });

  it("writes heart rate, cadence, temperature and power as the devices do, and reads them back", () => {
    const points: ParsedPoint[] = [
      {
        ts: T0,
        lat: 45.1,
        lon: 5.2,
        altitude: 210,
        heartRateBpm: 151,
        cadenceRpm: 88,
        temperatureC: 21.5,
        powerW: 243,
      },
      { ts: T0 + 1000, lat: 45.10001, lon: 5.20001, heartRateBpm: 152 },
    ];
    const xml = toGpx({ name: "sensors", points });
    expect(xml).toContain(
      "<extensions><gpxtpx:TrackPointExtension><gpxtpx:atemp>21.5</gpxtpx:atemp><gpxtpx:hr>151</gpxtpx:hr><gpxtpx:cad>88</gpxtpx:cad></gpxtpx:TrackPointExtension><pwr:PowerInWatts>243</pwr:PowerInWatts></extensions>",
    );
    expect(parseGpx(xml)[0]?.points).toEqual(points);
  });
});
