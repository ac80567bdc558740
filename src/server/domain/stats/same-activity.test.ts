import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REAL_FIXTURES_DIR } from "../../../../tests/fixtures-stats/gpx";
import { parseActivityFile } from "../formats";
import { compareActivities, type ActivitySummary, summarizeActivity } from "./same-activity";

function summaryOf(file: string, shift: { ms?: number; lon?: number; skip?: number } = {}): ActivitySummary {
  const [track] = parseActivityFile(new Uint8Array(readFileSync(path.join(REAL_FIXTURES_DIR, file))), file);
  const points = (track?.points ?? []).slice(shift.skip ?? 0).map((p) => ({
    ts: p.ts + (shift.ms ?? 0),
    lat: p.lat,
    lon: p.lon + (shift.lon ?? 0),
  }));
  const summary = summarizeActivity(points);
  if (summary === null) throw new Error(`${file} has no summary`);
  return summary;
}

describe("compareActivities", () => {
  it.each([
    ["runs-fit-2067489619.fit", "runs-gpx-2067489619.gpx"],
    ["runs-fit-6782987395.fit", "runs-gpx-6782987395.gpx"],
  ])("knows %s and %s for one activity", (fit, gpx) => {
    const verdict = compareActivities(summaryOf(fit), summaryOf(gpx));
    expect(verdict).toMatchObject({ same: true, timeOverlap: 1, pathShare: 1 });
    expect(verdict.compared).toBeGreaterThan(40);
  });

  it("tells different activities apart", () => {
    expect(
      compareActivities(summaryOf("runs-fit-2067489619.fit"), summaryOf("runs-gpx-6782987395.gpx")).same,
    ).toBe(false);
    // The same run an hour later (no common time), or at the same time 300 m away (another runner).
    const run = summaryOf("runs-gpx-6782987395.gpx");
    const later = compareActivities(run, summaryOf("runs-gpx-6782987395.gpx", { ms: 3_600_000 * 2 }));
    expect(later).toMatchObject({ same: false });
    const elsewhere = compareActivities(run, summaryOf("runs-gpx-6782987395.gpx", { lon: 0.004 }));
    expect(elsewhere.same).toBe(false);
    expect(elsewhere.timeOverlap).toBe(1);
  });

  it("sees one activity in a watch and a phone on the same athlete (15 m apart, started later)", () => {
    const watch = summaryOf("runs-gpx-6782987395.gpx");
    const phone = summaryOf("runs-gpx-6782987395.gpx", { lon: 0.00018, skip: 300 });
    expect(compareActivities(watch, phone).same).toBe(true);
  });

  it("compares recordings without positions by time and distance", () => {
    const base = { startTs: 0, endTs: 3_600_000, bbox: null, stepMs: 60_000, positions: [] };
    const a: ActivitySummary = { ...base, distanceM: 10_000 };
    expect(compareActivities(a, { ...base, distanceM: 10_150 }).same).toBe(true);
    expect(compareActivities(a, { ...base, distanceM: 11_000 }).same).toBe(false);
    expect(compareActivities(a, summaryOf("runs-gpx-6782987395.gpx")).same).toBe(false);
  });

  it("keeps summaries small, and refuses to summarise nothing", () => {
    expect(JSON.stringify(summaryOf("runs-fit-6782987395.fit")).length).toBeLessThan(2500);
    expect(summarizeActivity([])).toBeNull();
    expect(summarizeActivity([], { startTs: 0, endTs: 1000, distanceM: 5 })?.bbox).toBeNull();
  });
});
