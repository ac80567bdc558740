import { readFileSync } from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import type { StatPoint } from "~/server/domain/stats";

/** The real recorded activities shared by the project (CI has ../shared beside the repo). */
export const REAL_FIXTURES_DIR = path.resolve(process.cwd(), "../shared/fixtures/real");

/**
 * Minimal GPX reader for the statistics tests only (the application's parser lives elsewhere):
 * every <trkpt> of every <trk>/<trkseg>, in file order.
 */
export function readGpxPoints(fileName: string): StatPoint[] {
  const xml = readFileSync(path.join(REAL_FIXTURES_DIR, fileName), "utf8");
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseTagValue: false,
    isArray: (name) => name === "trk" || name === "trkseg" || name === "trkpt",
  });
  const doc: unknown = parser.parse(xml);
  const points: StatPoint[] = [];
  for (const trk of list(field(field(doc, "gpx"), "trk"))) {
    for (const seg of list(field(trk, "trkseg"))) {
      for (const pt of list(field(seg, "trkpt"))) {
        const ele = text(field(pt, "ele"));
        points.push({
          ts: Date.parse(text(field(pt, "time")) ?? ""),
          lat: Number(text(field(pt, "lat"))),
          lon: Number(text(field(pt, "lon"))),
          altitude: ele === undefined ? null : Number(ele),
        });
      }
    }
  }
  return points;
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
