import type { ActivityType, ParsedPoint, ParsedTrack } from "./types";

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * ISO 8601 date-time → epoch ms. A time without zone is UTC (the GPX and TCX schemas require UTC;
 * `Date.parse` would read it as local time). Returns NaN when the text is not a date-time.
 */
export function parseIsoTime(text: string | undefined): number {
  if (text === undefined) return Number.NaN;
  const m = ISO_TIME.exec(text.trim());
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) {
    return Number.NaN;
  }
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  let ts = Date.UTC(Number(y), month - 1, day, hour, minute, second, ms);
  if (zone && zone.toUpperCase() !== "Z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const offsetMin = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0");
    ts -= sign * offsetMin * 60_000;
  }
  return ts;
}

/** A decimal number from XML text; undefined for missing, empty or non-finite values. */
export function parseDecimal(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : undefined;
}

function isValidPosition(lat: number, lon: number): boolean {
  if (!Number.isFinite(lat) || !Number.isFinite(lon)) return false;
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return false;
  // Exactly 0,0 is what receivers emit before a fix, not a place anyone runs.
  return !(lat === 0 && lon === 0);
}

/**
 * Drops points without a valid time or position, sorts by time and keeps the first point of each
 * timestamp. Optional fields that are not finite numbers are removed.
 */
export function normalizePoints(raw: ReadonlyArray<ParsedPoint>): ParsedPoint[] {
  const valid: ParsedPoint[] = [];
  let sorted = true;
  let previousTs = Number.NEGATIVE_INFINITY;
  for (const p of raw) {
    if (!Number.isFinite(p.ts) || !isValidPosition(p.lat, p.lon)) continue;
    const point: ParsedPoint = { ts: p.ts, lat: p.lat, lon: p.lon };
    if (p.altitude !== undefined && Number.isFinite(p.altitude)) point.altitude = p.altitude;
    if (p.speedMps !== undefined && Number.isFinite(p.speedMps) && p.speedMps >= 0)
      point.speedMps = p.speedMps;
    if (p.heading !== undefined && Number.isFinite(p.heading))
      point.heading = ((p.heading % 360) + 360) % 360;
    if (p.ts < previousTs) sorted = false;
    previousTs = p.ts;
    valid.push(point);
  }
  // Array#sort is stable, so "keep the first" below means first in file order.
  if (!sorted) valid.sort((a, b) => a.ts - b.ts);
  const unique: ParsedPoint[] = [];
  let lastTs = Number.NaN;
  for (const p of valid) {
    if (p.ts === lastTs) continue;
    unique.push(p);
    lastTs = p.ts;
  }
  return unique;
}

/**
 * Maps free-text activity names (GPX `<type>`, e.g. Garmin "trail_running", "road_biking") to ours.
 * Anything unrecognised stays undefined rather than being guessed.
 */
export function activityTypeFromText(text: string | undefined): ActivityType | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().toLowerCase();
  // Strava's numeric GPX types: 9 is Run (the only code we have seen documented).
  if (t === "9") return "run";
  if (/run|jog/.test(t)) return "run";
  if (/hik|trek/.test(t)) return "hike";
  if (/walk/.test(t)) return "walk";
  if (/bik|cycl|ride|velo/.test(t)) return "bike";
  return undefined;
}

/** A track without `key: undefined` entries (cleaner JSON, exact `toEqual`); blank names are dropped. */
export function buildTrack(fields: {
  name?: string | undefined;
  activityType?: ActivityType | undefined;
  startTs?: number | undefined;
  points: ParsedPoint[];
}): ParsedTrack {
  const track: ParsedTrack = { points: fields.points };
  const name = fields.name?.trim();
  if (name) track.name = name;
  if (fields.activityType !== undefined) track.activityType = fields.activityType;
  if (fields.startTs !== undefined && Number.isFinite(fields.startTs)) track.startTs = fields.startTs;
  return track;
}
