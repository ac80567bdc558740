import { gzipSync, strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { parseActivityFile } from "./activity-file";
import { detectFormat } from "./detect";
import { FormatError } from "./errors";
import { pathLengthMeters, readFixture } from "./test-helpers";
import type { ParsedTrack } from "./types";

const GPX = "runs-gpx-2067489619.gpx";
const FIT = "runs-fit-2067489619.fit";
const TCX = "runs-tcx-6281425038.tcx";

function only(tracks: ParsedTrack[]): ParsedTrack {
  expect(tracks).toHaveLength(1);
  const [track] = tracks;
  if (!track) throw new Error("no track");
  return track;
}

/** Deterministic noise, so a failure reproduces. */
function pseudoRandomBytes(length: number, seed = 42): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out[i] = x >>> 16;
  }
  return out;
}

describe("detectFormat", () => {
  it("sniffs the content and lets it win over the file name", () => {
    expect(detectFormat(readFixture(GPX), "activity.fit")).toBe("gpx");
    expect(detectFormat(readFixture(TCX))).toBe("tcx");
    expect(detectFormat(readFixture(FIT), "activity.gpx")).toBe("fit");
    expect(detectFormat(zipSync({ "a.gpx": readFixture(GPX) }))).toBe("zip");
    expect(detectFormat(zipSync({}))).toBe("zip");
    expect(detectFormat(gzipSync(readFixture(FIT)), "a.fit.gz")).toBe("fit");
  });

  it("finds the root element after a BOM, comments, a DOCTYPE and prefixes", () => {
    const xml =
      '\uFEFF<?xml version="1.0"?>\n<!-- exported -->\n<!DOCTYPE x [<!ENTITY a "b">]>\n<g:gpx xmlns:g="x"/>';
    expect(detectFormat(strToU8(xml))).toBe("gpx");
    const utf16 = new Uint8Array([
      0xff,
      0xfe,
      ...new Uint8Array(new Uint16Array([..."<gpx/>"].map((c) => c.charCodeAt(0))).buffer),
    ]);
    expect(detectFormat(utf16)).toBe("gpx");
  });

  it("uses the name only when the XML stops before its root element", () => {
    expect(detectFormat(strToU8('<?xml version="1.0"?>\n<!-- cut'), "run.gpx")).toBe("gpx");
    expect(() => detectFormat(strToU8('<?xml version="1.0"?>\n<!-- cut'))).toThrow(FormatError);
  });

  it("rejects other files with a clear message", () => {
    expect(() => detectFormat(pseudoRandomBytes(2000), "x.bin")).toThrow("x.bin: not a GPX, TCX or FIT file");
    expect(() => detectFormat(pseudoRandomBytes(2000), "x.fit")).toThrow(
      "x.fit: not a valid FIT file (missing .FIT header)",
    );
    expect(() => detectFormat(strToU8('<kml xmlns="http://www.opengis.net/kml/2.2"/>'))).toThrow(
      "unsupported XML file: the root element is <kml>, not <gpx> or <TrainingCenterDatabase>",
    );
    expect(() => detectFormat(new Uint8Array())).toThrow("not a GPX, TCX or FIT file");
  });
});

describe("parseActivityFile", () => {
  it.each([
    [GPX, 502],
    [FIT, 502],
    [TCX, 1545],
    ["runs-gpx-6782987395.gpx", 4967],
    ["runs-fit-6782987395.fit", 4967],
    ["rides-gpx-4108490848.gpx", 1817],
    ["sample-gpx-garmin.gpx", 217],
  ])("reads %s (%i points)", (file, count) => {
    expect(only(parseActivityFile(readFixture(file), file)).points).toHaveLength(count);
  });

  it.each([
    ["runs-gpx-2067489619.gpx", "runs-fit-2067489619.fit"],
    ["runs-gpx-6782987395.gpx", "runs-fit-6782987395.fit"],
  ])("reads the same run from %s and %s", (gpxFile, fitFile) => {
    const gpx = only(parseActivityFile(readFixture(gpxFile), gpxFile));
    const fit = only(parseActivityFile(readFixture(fitFile), fitFile));
    expect(gpx.points[0]?.ts).toBe(fit.points[0]?.ts);
    expect(gpx.points.at(-1)?.ts).toBe(fit.points.at(-1)?.ts);
    const gpxLength = pathLengthMeters(gpx.points);
    const fitLength = pathLengthMeters(fit.points);
    expect(gpxLength).toBeGreaterThan(1000);
    expect(Math.abs(gpxLength - fitLength) / fitLength).toBeLessThan(0.01);
  });

  it("reads every activity of a zip archive and ignores the rest", () => {
    const archive = zipSync({
      "export/run.gpx": readFixture(GPX),
      "export/watch.fit": readFixture(FIT),
      "export/notes.txt": strToU8("hello"),
      "export/photos/": new Uint8Array(),
      "__MACOSX/export/._run.gpx": strToU8("junk"),
    });
    const tracks = parseActivityFile(archive, "export.zip");
    expect(tracks.map((t) => t.points.length)).toEqual([502, 502]);
    expect(tracks.map((t) => t.name)).toEqual(["Corenc Running", undefined]);
  });

  it("names the damaged zip entry", () => {
    const gpx = readFixture(GPX);
    const archive = zipSync({ "good.gpx": gpx, "bad.gpx": gpx.slice(0, gpx.length / 2) });
    const run = () => parseActivityFile(archive, "upload.zip");
    expect(run).toThrow(/^bad\.gpx: truncated XML at line \d+/);
    expect(run).toThrow(expect.objectContaining({ name: "FormatError", file: "bad.gpx" }));
  });

  it("skips zip entries with nothing to import, unless no entry has points", () => {
    const empty = strToU8('<gpx version="1.1" creator="x"><trk><trkseg/></trk></gpx>');
    expect(parseActivityFile(zipSync({ "a.gpx": readFixture(GPX), "treadmill.gpx": empty }))).toHaveLength(1);
    expect(() => parseActivityFile(zipSync({ "treadmill.gpx": empty }), "u.zip")).toThrow(
      "treadmill.gpx: no track points found",
    );
    expect(() => parseActivityFile(zipSync({ "readme.txt": strToU8("hi") }), "u.zip")).toThrow(
      "u.zip: zip archive holds no GPX, TCX or FIT file",
    );
  });

  it("honours a single-byte encoding declared in the XML prolog", () => {
    const head = strToU8(
      '<?xml version="1.0" encoding="ISO-8859-1"?><gpx version="1.1" creator="x"><trk><name>Caf',
    );
    const tail = strToU8(
      '</name><trkseg><trkpt lat="1" lon="1"><time>2024-01-01T00:00:00Z</time></trkpt></trkseg></trk></gpx>',
    );
    const latin1 = new Uint8Array([...head, 0xe9, ...tail]); // "é" as one ISO-8859-1 byte
    expect(only(parseActivityFile(latin1, "old.gpx")).name).toBe("Café");
  });

  it("reads gzip-compressed files, alone or inside a zip", () => {
    expect(only(parseActivityFile(gzipSync(readFixture(FIT)), "1.fit.gz")).points).toHaveLength(502);
    const archive = zipSync({ "activities/1.gpx.gz": gzipSync(readFixture(GPX)) });
    expect(only(parseActivityFile(archive)).points).toHaveLength(502);
  });

  it("rejects broken inputs with FormatErrors that say what is wrong", () => {
    const fit = readFixture(FIT);
    const flipped = fit.slice();
    flipped[100] = (flipped[100] ?? 0) ^ 0xff;
    const cases: Array<[Uint8Array, string, RegExp]> = [
      [pseudoRandomBytes(4096), "random.bin", /^random\.bin: not a GPX, TCX or FIT file$/],
      [flipped, "run.fit", /^run\.fit: FIT file CRC mismatch/],
      [
        strToU8('<gpx version="1.1" creator="x"></gpx>'),
        "empty.gpx",
        /^empty\.gpx: GPX file contains no track/,
      ],
      [strToU8("<gpx><trk><trkseg><trkpt"), "cut.gpx", /^cut\.gpx: truncated XML at line 1/],
      [fit.slice(0, 4000), "cut.fit", /^cut\.fit: truncated FIT file/],
      [zipSync({ "a.gpx": readFixture(GPX) }).slice(0, 200), "cut.zip", /^cut\.zip: corrupt zip archive/],
      [gzipSync(fit).slice(0, 100), "cut.fit.gz", /^cut\.fit\.gz: corrupt gzip data/],
    ];
    for (const [bytes, name, message] of cases) {
      expect(() => parseActivityFile(bytes, name), name).toThrow(message);
    }
  });

  it("fails only with FormatErrors on damaged input (truncations and flipped bytes)", () => {
    for (const file of [GPX, FIT, TCX, "sample-gpx-garmin.gpx"]) {
      const bytes = readFixture(file);
      const noise = pseudoRandomBytes(10, file.length);
      for (const [i, r] of noise.entries()) {
        const at = Math.floor((r / 256) * bytes.length);
        const flipped = bytes.slice();
        flipped[at] = (flipped[at] ?? 0) ^ (1 << (i % 8));
        for (const damaged of [bytes.subarray(0, at), flipped]) {
          try {
            parseActivityFile(damaged, file);
          } catch (error) {
            expect(error, `${file} at byte ${at}`).toBeInstanceOf(FormatError);
          }
        }
      }
    }
  });
});
