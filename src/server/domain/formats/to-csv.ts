import { finiteOrUndefined, formatDecimal } from "./number-format";

export interface CsvExportPoint {
  ts: number;
  lat: number;
  lon: number;
  altitude?: number | null;
  accuracy?: number | null;
  speedMps?: number | null;
  heading?: number | null;
  battery?: number | null;
  origin?: string | null;
  heartRateBpm?: number | null;
  cadenceRpm?: number | null;
  powerW?: number | null;
  temperatureC?: number | null;
}

/** The API's point fields, in the contract's order, then our sensor fields. */
export const CSV_HEADER =
  "timestamp,latitude,longitude,altitude,accuracy,speed_mps,heading,battery,origin,heart_rate_bpm,cadence_rpm,power_w,temperature_c";

/**
 * One row per point, in the given order: ISO timestamp, then numbers in plain decimal notation; a
 * missing value is an empty cell. Lines end with "\n", the file with a final newline.
 */
export function toCsv(points: ReadonlyArray<CsvExportPoint>): string {
  const lines = [CSV_HEADER];
  for (const p of points) {
    const time = Number.isFinite(p.ts) ? new Date(p.ts).toISOString() : "";
    lines.push(
      [
        time,
        num(p.lat),
        num(p.lon),
        num(p.altitude),
        num(p.accuracy),
        num(p.speedMps),
        num(p.heading),
        num(p.battery),
        csvText(p.origin),
        num(p.heartRateBpm),
        num(p.cadenceRpm),
        num(p.powerW),
        num(p.temperatureC),
      ].join(","),
    );
  }
  lines.push("");
  return lines.join("\n");
}

function num(value: number | null | undefined): string {
  const n = finiteOrUndefined(value);
  return n === undefined ? "" : formatDecimal(n);
}

/** RFC 4180 quoting; a leading formula character is defused so spreadsheets show text, not run it. */
export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
