import zlib from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { parseActivityFile } from "./activity-file";
import { InflateBudget, MAX_INFLATED_BYTES_PER_FILE, MAX_INFLATED_BYTES_PER_REQUEST } from "./archive";
import {
  bombZipEntry,
  gpxGzipBomb,
  MB,
  nestedZerosGzip,
  syntheticGpx,
  zipArchive,
  zipEntry,
} from "./bomb-fixtures";
import { detectFormat } from "./detect";
import { FormatError } from "./errors";
import { readFixture } from "./test-helpers";
import { MAX_ZIP_ENTRIES } from "./zip";

const GPX = readFixture("runs-gpx-2067489619.gpx");
const gzip = (bytes: Uint8Array) => new Uint8Array(zlib.gzipSync(bytes));
// One read step of a bomb: 4 KB of DEFLATE at its ≈ 1032:1 ratio.
const STEP = 4.1 * MB;

function refusal(run: () => unknown): FormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof FormatError) return error;
    throw error;
  }
  throw new Error("expected a FormatError");
}

describe("decompression limits", () => {
  // Bombs that look like GPX files: a GPX head, then 1 GB of spaces.
  let gigabyteGzip: Uint8Array;
  let lyingZip: Uint8Array;
  beforeAll(async () => {
    gigabyteGzip = await gpxGzipBomb(1024);
    lyingZip = zipArchive([await bombZipEntry("run.gpx", 1024, { claimedSize: 100, gpx: true })]);
  });

  it("stops a gzip bomb (1 GB in 1 MB) as soon as it passes the per-file limit", () => {
    expect(gigabyteGzip.length).toBeLessThan(1.1 * MB);
    const budget = new InflateBudget();
    const error = refusal(() => parseActivityFile(gigabyteGzip, "bomb.gpx.gz", budget));
    expect(error.message).toBe(
      "bomb.gpx.gz: expands to more than 48 MB once decompressed (the limit for one file)",
    );
    expect(error.file).toBe("bomb.gpx.gz");
    expect(budget.used).toBeLessThanOrEqual(MAX_INFLATED_BYTES_PER_FILE);
    expect(budget.used).toBeGreaterThan(MAX_INFLATED_BYTES_PER_FILE - STEP);
  });

  it("refuses a gzip inside a gzip after its first bytes (1 GB of zeros in 2.5 KB)", async () => {
    const nested = await nestedZerosGzip(1024);
    expect(nested.length).toBeLessThan(4096);
    const budget = new InflateBudget();
    expect(refusal(() => parseActivityFile(nested, "twice.gpx.gz", budget)).message).toBe(
      "twice.gpx.gz: a gzip file inside a gzip file is not accepted (nested archive): upload what it holds instead",
    );
    expect(budget.used).toBeLessThan(STEP);
    expect(() => detectFormat(nested, "twice.gpx.gz")).toThrow("a gzip file inside a gzip file");
  });

  it("does not trust a zip header's size: an entry claiming 100 bytes is stopped at the per-file limit", () => {
    expect(lyingZip.length).toBeLessThan(1.1 * MB);
    const budget = new InflateBudget();
    const error = refusal(() => parseActivityFile(lyingZip, "upload.zip", budget));
    expect(error.message).toBe(
      "run.gpx: expands to more than 48 MB once decompressed (the limit for one file)",
    );
    expect(budget.used).toBeLessThanOrEqual(MAX_INFLATED_BYTES_PER_FILE);
  });

  it("refuses a zip inside a zip, naming the entry, without opening it", () => {
    const outer = zipArchive([zipEntry("run.gpx", GPX), zipEntry("inner.zip", lyingZip, 0)]);
    const budget = new InflateBudget();
    const error = refusal(() => parseActivityFile(outer, "outer.zip", budget));
    expect(error.message).toBe(
      "inner.zip: a zip archive inside a zip archive is not accepted (nested archive): upload what it holds instead",
    );
    expect(error.file).toBe("inner.zip");
    // The GPX, and the stored inner archive's bytes up to the sniffing prefix.
    expect(budget.used).toBeLessThan(GPX.length + lyingZip.length + 1);
  });

  it("refuses a zip inside a gzip, and a gzip inside a gzip inside a zip", () => {
    expect(refusal(() => parseActivityFile(gzip(lyingZip), "export.zip.gz")).message).toBe(
      "export.zip.gz: a zip archive inside a gzip file is not accepted (nested archive): upload what it holds instead",
    );
    const twice = zipArchive([zipEntry("activities/1.gpx.gz", gzip(gzip(GPX)))]);
    expect(refusal(() => parseActivityFile(twice, "export.zip")).message).toMatch(
      /^activities\/1\.gpx\.gz: a gzip file inside a gzip file is not accepted/,
    );
  });

  it("keeps one gzip layer inside a zip (Strava's bulk export)", () => {
    const strava = zipArchive([
      zipEntry("activities/1.gpx.gz", gzip(GPX), 0),
      zipEntry("activities/2.gpx.gz", gzip(GPX)),
    ]);
    expect(parseActivityFile(strava, "export.zip").map((t) => t.points.length)).toEqual([502, 502]);
  });

  it("charges overlapping entries each time: 200 entries sharing one 16 MB kernel stop at the request limit", async () => {
    const overlap = zipArchive([await bombZipEntry("kernel.bin", 16)], { repeat: 200 });
    expect(overlap.length).toBeLessThan(64 * 1024);
    const budget = new InflateBudget();
    // Even sniffing a stray entry costs a read step, and the entries pass the limit that way.
    expect(refusal(() => parseActivityFile(overlap, "overlap.zip", budget)).message).toMatch(
      /^\d+-kernel\.bin: the files of this upload expand to more than 64 MB once decompressed/,
    );
    expect(budget.used).toBeLessThan(MAX_INFLATED_BYTES_PER_REQUEST + STEP);
    // Read whole, a GPX kernel listed 200 times is charged each time.
    const gpxes = zipArchive([zipEntry("run.gpx", GPX)], { repeat: 200 });
    const small = new InflateBudget(0, { request: 2.5 * GPX.length, file: MAX_INFLATED_BYTES_PER_FILE });
    expect(refusal(() => parseActivityFile(gpxes, "overlap.zip", small)).message).toMatch(
      /^2-run\.gpx: the files/,
    );
  });

  it("shares one budget between the entries of a zip: the entry that passes it is named", () => {
    const entries = [1, 2, 3, 4].map((n) => zipEntry(`run-${n}.gpx`, GPX));
    const budget = new InflateBudget(0, { request: 2.5 * GPX.length, file: MAX_INFLATED_BYTES_PER_FILE });
    expect(refusal(() => parseActivityFile(zipArchive(entries), "four.zip", budget)).message).toBe(
      `run-3.gpx: the files of this upload expand to more than ${Math.round((2.5 * GPX.length) / MB)} MB once decompressed (the limit for one upload)`,
    );
  });

  it("shares one budget between the files of a request", () => {
    const budget = new InflateBudget();
    expect(parseActivityFile(gzip(GPX), "a.gpx.gz", budget)).toHaveLength(1);
    expect(budget.used).toBe(GPX.length);
    const afterEarlierFiles = new InflateBudget(MAX_INFLATED_BYTES_PER_REQUEST - MB);
    expect(refusal(() => parseActivityFile(gigabyteGzip, "b.gpx.gz", afterEarlierFiles)).message).toBe(
      "b.gpx.gz: the files of this upload expand to more than 64 MB once decompressed (the limit for one upload)",
    );
    expect(afterEarlierFiles.used).toBeLessThan(MAX_INFLATED_BYTES_PER_REQUEST + STEP);
  });

  it("sniffs the start of a gzip file only", () => {
    // A full gunzip of this would pass the per-file limit and throw.
    const head = new TextEncoder().encode(
      '<?xml version="1.0"?><gpx version="1.1" creator="x"><trk><trkseg>',
    );
    const huge = new Uint8Array(zlib.gzipSync(Buffer.concat([head, Buffer.alloc(200 * MB, 0x20)])));
    expect(detectFormat(huge, "long.gpx.gz")).toBe("gpx");
  });

  it("reads stray zip entries, deflated or stored, no further than their first bytes", async () => {
    const deflated = await bombZipEntry("media/photo.jpg", 40);
    const stored = zipEntry("media/video.mp4", new Uint8Array(40 * MB).fill(0xff), 0);
    const budget = new InflateBudget();
    const archive = zipArchive([deflated, stored, zipEntry("run.gpx", GPX)]);
    expect(parseActivityFile(archive, "export.zip", budget).map((t) => t.points.length)).toEqual([502]);
    expect(budget.used).toBeLessThan(GPX.length + STEP + 64 * 1024);
  });

  it("skips a stray entry it cannot read, and names an activity it cannot read", () => {
    const lzma = { ...zipEntry("media/photo.jpg", GPX, 0), method: 14 };
    const run = zipEntry("run.gpx", GPX);
    expect(parseActivityFile(zipArchive([lzma, run]), "export.zip")).toHaveLength(1);
    expect(() => parseActivityFile(zipArchive([{ ...lzma, name: "other.gpx" }, run]), "export.zip")).toThrow(
      "other.gpx: uses a compression method other than DEFLATE, which is not supported",
    );
    const encrypted = zipArchive([run]);
    new DataView(encrypted.buffer).setUint16(encrypted.length - 22 - 46 - run.name.length + 8, 1, true);
    expect(() => parseActivityFile(encrypted, "secret.zip")).toThrow(
      "run.gpx: encrypted zip entries are not supported",
    );
  });

  it("reads zip64 archives (sizes and offsets in zip64 records)", () => {
    const archive = zipArchive([zipEntry("a.gpx", GPX), zipEntry("b.gpx.gz", gzip(GPX), 0)], { zip64: true });
    expect(parseActivityFile(archive, "export.zip").map((t) => t.points.length)).toEqual([502, 502]);
  });

  it("refuses archives with more entries than accepted", () => {
    const many = zipArchive([zipEntry("a.txt", new Uint8Array(1), 0)], { repeat: MAX_ZIP_ENTRIES + 1 });
    expect(() => parseActivityFile(many, "many.zip")).toThrow(
      `many.zip: zip archive has ${MAX_ZIP_ENTRIES + 1} entries, more than the ${MAX_ZIP_ENTRIES} accepted`,
    );
  });

  it("keeps the sizes in range of real files: a 40,000-point GPX, gzipped, is well within one file's limit", () => {
    const gpx = syntheticGpx(40_000);
    const budget = new InflateBudget();
    expect(parseActivityFile(gzip(gpx), "long.gpx.gz", budget)[0]?.points).toHaveLength(40_000);
    expect(budget.used).toBe(gpx.length);
  });
});
