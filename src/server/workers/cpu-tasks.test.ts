import zlib from "node:zlib";
import bcrypt from "bcryptjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseActivityFile } from "~/server/domain/formats/activity-file";
import { InflateBudget } from "~/server/domain/formats/archive";
import { gpxGzipBomb, syntheticGpx } from "~/server/domain/formats/bomb-fixtures";
import { FormatError, NoTrackPointsError } from "~/server/domain/formats/errors";
import { readFixture } from "~/server/domain/formats/test-helpers";
import { bcryptCompareInWorker, closeCpuPool, parseActivityFileInWorker } from "./cpu-tasks";
import { buildTestBundles } from "./test-bundles";
import { dropSingleton } from "~/server/process-singleton";

const memoryLimit = process.env.WORKER_MAX_MEMORY_MB;
function restoreMemoryLimit() {
  if (memoryLimit === undefined) delete process.env.WORKER_MAX_MEMORY_MB;
  else process.env.WORKER_MAX_MEMORY_MB = memoryLimit;
  dropSingleton("config");
}

beforeAll(async () => {
  await buildTestBundles();
});

afterAll(async () => {
  await closeCpuPool();
  restoreMemoryLimit();
});

describe("parseActivityFileInWorker", () => {
  it("gives what parseActivityFile gives in process, for each real format", async () => {
    for (const file of ["runs-gpx-6782987395.gpx", "runs-fit-6782987395.fit", "runs-tcx-6281425038.tcx"]) {
      const bytes = readFixture(file);
      const inWorker = await parseActivityFileInWorker(bytes, file, new InflateBudget());
      expect(inWorker, file).toEqual(parseActivityFile(bytes, file));
      expect(inWorker[0]?.points.length, file).toBeGreaterThan(1000);
    }
  });

  it("carries the request's budget from one file to the next", async () => {
    const gpx = readFixture("runs-gpx-2067489619.gpx");
    const budget = new InflateBudget();
    await parseActivityFileInWorker(new Uint8Array(zlib.gzipSync(gpx)), "a.gpx.gz", budget);
    expect(budget.used).toBe(gpx.length);
    budget.used = 63 * 1024 * 1024;
    const error = await parseActivityFileInWorker(await gpxGzipBomb(1024), "b.gpx.gz", budget).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(FormatError);
    expect(error).toMatchObject({
      file: "b.gpx.gz",
      message: expect.stringMatching(/^b\.gpx\.gz: the files of this upload expand to more than 64 MB/),
    });
    expect(budget.used).toBeGreaterThan(64 * 1024 * 1024);
  });

  it("gives the parser's errors back as FormatErrors, NoTrackPointsError included", async () => {
    const empty = new TextEncoder().encode('<gpx version="1.1" creator="x"><trk><trkseg/></trk></gpx>');
    const error = await parseActivityFileInWorker(empty, "empty.gpx", new InflateBudget()).catch((e) => e);
    expect(error).toBeInstanceOf(NoTrackPointsError);
    expect(error).toMatchObject({ message: "empty.gpx: no track points found" });
    await expect(
      parseActivityFileInWorker(new Uint8Array(100), "x.fit", new InflateBudget()),
    ).rejects.toThrow("x.fit: not a valid FIT file (missing .FIT header)");
  });

  it("refuses a file that needs more memory than a worker has, and the next file is read", async () => {
    await closeCpuPool();
    process.env.WORKER_MAX_MEMORY_MB = "64";
    // The configuration is read once per process: read it again with this limit.
    dropSingleton("config");
    try {
      const big = syntheticGpx(60_000);
      const error = await parseActivityFileInWorker(big, "big.gpx", new InflateBudget()).catch((e) => e);
      expect(error).toBeInstanceOf(FormatError);
      expect(error).toMatchObject({
        file: "big.gpx",
        message: "big.gpx: too large to read (it needs more than 64 MB of memory)",
      });
      const small = readFixture("runs-gpx-2067489619.gpx");
      expect(await parseActivityFileInWorker(small, "small.gpx", new InflateBudget())).toHaveLength(1);
    } finally {
      await closeCpuPool();
      restoreMemoryLimit();
    }
  });
});

describe("bcryptCompareInWorker", () => {
  it("checks a password against a bcrypt hash", async () => {
    const hash = bcrypt.hashSync("correct horse", 4);
    expect(await bcryptCompareInWorker("correct horse", hash)).toBe(true);
    expect(await bcryptCompareInWorker("wrong horse", hash)).toBe(false);
  });
});
