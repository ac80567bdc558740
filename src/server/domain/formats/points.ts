import { isPlausibleSensorValue, SENSOR_FIELDS, SENSOR_RANGES, type SensorField } from "../sensors";
import { isPlausibleTimestamp } from "../time";
import { FormatError } from "./errors";
import type {
  ActivityType,
  AltitudeSource,
  DeviceTotals,
  ParsedPoint,
  ParsedSample,
  ParsedTrack,
} from "./types";

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * ISO 8601 date-time → epoch ms. A time without zone is UTC (the GPX and TCX schemas require UTC;
 * `Date.parse` would read it as local time). Returns NaN when the text is not a date-time. The year is
 * taken as written (year 0000 stays year 0, not 1900), so isPlausibleTimestamp sees what the file says.
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
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, ms));
  date.setUTCFullYear(Number(y), month - 1, day);
  let ts = date.getTime();
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

type SensorKey = SensorField;
const SENSOR_KEYS = SENSOR_FIELDS;
/** Channels that devices fill with 0 when the sensor is missing; all-zero over a track means "no sensor". */
const ZERO_MEANS_ABSENT: readonly SensorKey[] = ["cadenceRpm", "powerW", "temperatureC"];
const SENSOR_LABELS: Record<SensorKey, string> = {
  heartRateBpm: "heart-rate",
  cadenceRpm: "cadence",
  powerW: "power",
  temperatureC: "temperature",
};

/** What normalizePoints/normalizeSamples left out or repaired, to tell the user (see describeRepairs). */
export interface NormalizeReport {
  implausibleTimes: number;
  firstImplausible?: number;
  invalidPositions: number;
  duplicateTimes: number;
  unsorted: boolean;
  outOfRange: Partial<Record<SensorKey, number>>;
  deadChannels: SensorKey[];
}

export const emptyReport = (): NormalizeReport => ({
  implausibleTimes: 0,
  invalidPositions: 0,
  duplicateTimes: 0,
  unsorted: false,
  outOfRange: {},
  deadChannels: [],
});

const has = (value: number | undefined): value is number => value !== undefined && Number.isFinite(value);

/** The measured fields of `p` that are finite and physically possible; null when its time is unusable. */
function cleanSample(p: ParsedSample, report: NormalizeReport): ParsedSample | null {
  if (!Number.isFinite(p.ts)) return null;
  if (!isPlausibleTimestamp(p.ts)) {
    report.implausibleTimes++;
    report.firstImplausible ??= p.ts;
    return null;
  }
  const out: ParsedSample = { ts: p.ts };
  if (has(p.altitude)) out.altitude = p.altitude;
  if (has(p.speedMps) && p.speedMps >= 0) out.speedMps = p.speedMps;
  if (has(p.distanceM) && p.distanceM >= 0) out.distanceM = p.distanceM;
  for (const key of SENSOR_KEYS) {
    const value = p[key];
    // A heart rate of 0 is how devices write "no strap", not a reading.
    if (!has(value) || (key === "heartRateBpm" && value === 0)) continue;
    if (isPlausibleSensorValue(key, value)) out[key] = value;
    else report.outOfRange[key] = (report.outOfRange[key] ?? 0) + 1;
  }
  return out;
}

function validPosition(lat: number, lon: number): boolean {
  if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return false;
  // Exactly 0,0 is what receivers emit before a fix, not a place anyone runs.
  return !(lat === 0 && lon === 0);
}

/** Sorts by time (stable), keeps the first of each timestamp and drops all-zero sensor channels. */
function finish<T extends ParsedSample>(valid: T[], sorted: boolean, report: NormalizeReport): T[] {
  if (!sorted) {
    report.unsorted = true;
    valid.sort((a, b) => a.ts - b.ts);
  }
  const unique: T[] = [];
  let lastTs = Number.NaN;
  for (const p of valid) {
    if (p.ts === lastTs) {
      report.duplicateTimes++;
      continue;
    }
    unique.push(p);
    lastTs = p.ts;
  }
  for (const key of ZERO_MEANS_ABSENT) {
    const values = unique.filter((p) => p[key] !== undefined);
    if (values.length === 0 || values.some((p) => p[key] !== 0)) continue;
    for (const p of values) delete p[key];
    report.deadChannels.push(key);
  }
  return unique;
}

/**
 * Drops points without a valid, plausible time or a valid position, sorts by time and keeps the first
 * point of each timestamp. Optional fields that are not finite numbers, and sensor values outside
 * SENSOR_RANGES, are removed; `report` counts what was left out.
 */
export function normalizePoints(
  raw: ReadonlyArray<ParsedPoint>,
  report: NormalizeReport = emptyReport(),
): ParsedPoint[] {
  const valid: ParsedPoint[] = [];
  let sorted = true;
  let previousTs = Number.NEGATIVE_INFINITY;
  for (const p of raw) {
    // A missing position (before a fix, during a pause) is normal; a present but impossible one is not.
    if (!Number.isFinite(p.lat) || !Number.isFinite(p.lon)) continue;
    if (!validPosition(p.lat, p.lon)) {
      if (Number.isFinite(p.ts)) report.invalidPositions++;
      continue;
    }
    const sample = cleanSample(p, report);
    if (sample === null) continue;
    const point: ParsedPoint = { ...sample, lat: p.lat, lon: p.lon };
    if (has(p.heading)) point.heading = ((p.heading % 360) + 360) % 360;
    if (has(p.accuracy) && p.accuracy > 0) point.accuracy = p.accuracy;
    if (p.ts < previousTs) sorted = false;
    previousTs = p.ts;
    valid.push(point);
  }
  return finish(valid, sorted, report);
}

/** normalizePoints for a recording without positions: the same rules on time and sensors. */
export function normalizeSamples(
  raw: ReadonlyArray<ParsedSample>,
  report: NormalizeReport = emptyReport(),
): ParsedSample[] {
  const valid: ParsedSample[] = [];
  let sorted = true;
  let previousTs = Number.NEGATIVE_INFINITY;
  for (const p of raw) {
    const sample = cleanSample(p, report);
    if (sample === null) continue;
    if (p.ts < previousTs) sorted = false;
    previousTs = p.ts;
    valid.push(sample);
  }
  return finish(valid, sorted, report);
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The report in words, `what` naming the file's items ("points", "records", "trackpoints"). */
export function describeRepairs(report: NormalizeReport, what: string): string[] {
  const out: string[] = [];
  if (report.implausibleTimes > 0) {
    out.push(
      `${report.implausibleTimes} ${what} with an implausible time (${describeTime(report.firstImplausible)}: before 2000 or in the future) left out`,
    );
  }
  if (report.invalidPositions > 0) {
    out.push(
      `${report.invalidPositions} ${what} with an impossible position (such as 0°, 0° before a GPS fix) left out`,
    );
  }
  if (report.unsorted) out.push(`${what} were out of time order: sorted`);
  if (report.duplicateTimes > 0) {
    out.push(
      `${report.duplicateTimes} ${what} repeating the time of the previous one left out (the first is kept)`,
    );
  }
  for (const key of SENSOR_KEYS) {
    const n = report.outOfRange[key];
    const [lo, hi] = SENSOR_RANGES[key];
    if (n) out.push(`${plural(n, `${SENSOR_LABELS[key]} value`)} outside ${lo}-${hi} dropped`);
  }
  for (const key of report.deadChannels)
    out.push(`${SENSOR_LABELS[key]} is 0 throughout (no sensor): dropped`);
  return out;
}

function describeTime(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return "?";
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? "?" : date.toISOString().replace(".000Z", "Z");
}

/** A file whose every time is implausible is damaged, not empty: a FormatError naming the first time. */
export function assertSomePlausibleTime(kept: number, report: NormalizeReport, format: string): void {
  if (kept > 0 || report.implausibleTimes === 0) return;
  throw new FormatError(
    `${format} file has no plausible time: ${report.implausibleTimes} timed points, the first at ${describeTime(report.firstImplausible)} (before 2000 or in the future)`,
  );
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
  samples?: ParsedSample[] | undefined;
  deviceTotals?: DeviceTotals | undefined;
  altitudeSource?: AltitudeSource | undefined;
  repairs?: readonly string[] | undefined;
  segmentStarts?: readonly number[] | undefined;
}): ParsedTrack {
  const track: ParsedTrack = { points: fields.points };
  const name = fields.name?.trim();
  if (name) track.name = name;
  if (fields.activityType !== undefined) track.activityType = fields.activityType;
  if (fields.startTs !== undefined && isPlausibleTimestamp(fields.startTs)) track.startTs = fields.startTs;
  if (fields.points.length === 0 && fields.samples && fields.samples.length > 0)
    track.samples = fields.samples;
  if (fields.deviceTotals && Object.keys(fields.deviceTotals).length > 0)
    track.deviceTotals = fields.deviceTotals;
  if (fields.altitudeSource !== undefined) track.altitudeSource = fields.altitudeSource;
  if (fields.repairs && fields.repairs.length > 0) track.repairs = [...fields.repairs];
  const first = fields.points[0]?.ts;
  const last = fields.points[fields.points.length - 1]?.ts;
  const starts = (fields.segmentStarts ?? []).filter(
    (ts) => first !== undefined && last !== undefined && ts > first && ts <= last,
  );
  if (starts.length > 0) track.segmentStarts = [...new Set(starts)].sort((a, b) => a - b);
  return track;
}
