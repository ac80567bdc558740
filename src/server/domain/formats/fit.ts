import {
  Decoder,
  type DeviceInfoMesg,
  type RecordMesg,
  type SessionMesg,
  Stream,
  Utils,
} from "@garmin/fitsdk";
import { cleanDeviceTotals, hasDistance } from "./device-totals";
import { FormatError, NoTrackPointsError } from "./errors";
import {
  assertSomePlausibleTime,
  buildTrack,
  describeRepairs,
  emptyReport,
  normalizePoints,
  normalizeSamples,
} from "./points";
import type {
  ActivityType,
  AltitudeSource,
  DeviceTotals,
  ParsedPoint,
  ParsedSample,
  ParsedTrack,
} from "./types";

const SEMICIRCLES_TO_DEGREES = 180 / 2 ** 31;
// FIT date_time values below 0x10000000 are seconds since device power-on, not real times.
const MIN_REAL_TIME_MS = Utils.FIT_EPOCH_MS + 0x10000000 * 1000;
/** A hole in the records this long is worth telling: a clock that jumped, or a watch left running. */
const LONG_GAP_MS = 60 * 60 * 1000;

const SPORTS: Record<string, ActivityType> = {
  running: "run",
  cycling: "bike",
  eBiking: "bike",
  walking: "walk",
  hiking: "hike",
  mountaineering: "hike",
};

/**
 * Garmin FIT activity files. The file CRC is checked before decoding; record messages become points.
 * One track per session (a multisport file gives one per leg; legs without GPS, such as a pool
 * swim, are left out); a file without session messages gives one track. A file without any position
 * but with a distance (treadmill, indoor trainer) gives tracks of `samples`. Each track carries its
 * session's totals and, in `repairs`, what was left out of a damaged file.
 */
export function parseFit(bytes: Uint8Array): ParsedTrack[] {
  const stream = Stream.fromByteArray(bytes);
  if (!Decoder.isFIT(stream)) throw new FormatError("not a FIT file (missing .FIT header)");
  const fileRepairs: string[] = [];
  const { messages, errors } = decode(bytes, fileRepairs);
  const records = messages.recordMesgs ?? [];
  if (records.length === 0 && errors[0]) {
    throw new FormatError(`FIT file could not be decoded: ${errors[0].message}`);
  }
  // The CRC held (or could not be checked), yet a message was malformed: what came before it is kept.
  if (errors[0] && fileRepairs.length === 0) {
    fileRepairs.push(
      `decoding stopped early (${errors[0].message}): the ${records.length} records before are kept`,
    );
  }
  const report = emptyReport();
  const raw = records.map(readRecord);
  // Sorted by time, which is what the session split below relies on.
  const points = normalizePoints(raw, report);
  const samples = points.length === 0 ? normalizeSamples(raw, report) : [];
  assertSomePlausibleTime(points.length + samples.length, report, "FIT");
  const series: ParsedSample[] = points.length > 0 ? points : samples;
  const repairs = [...fileRepairs, ...describeRepairs(report, "records"), ...describeLongGaps(series)];
  const altitudeSource = altitudeSourceOf(messages.deviceInfoMesgs ?? []);

  const fallbackSport = messages.sportMesgs?.[0]?.sport;
  const allSessions = messages.sessionMesgs ?? [];
  const sessions = allSessions
    .map((session) => ({ session, start: toEpochMs(session.startTime) }))
    .filter((s) => Number.isFinite(s.start))
    .sort((a, b) => a.start - b.start);

  const track = (session: SessionMesg | undefined, start: number, part: ParsedSample[], extra: string[]) => {
    const notes = [...repairs, ...extra];
    const deviceTotals = session ? cleanDeviceTotals(readTotals(session), notes) : {};
    const positioned = points.length > 0;
    if (!positioned && !hasDistance(part, deviceTotals)) return null;
    return buildTrack({
      activityType: toActivityType(session?.sport ?? fallbackSport),
      startTs: Number.isFinite(start) ? start : part[0]?.ts,
      points: positioned ? (part as ParsedPoint[]) : [],
      samples: positioned ? undefined : part,
      deviceTotals,
      altitudeSource,
      repairs: notes,
    });
  };

  const tracks: ParsedTrack[] = [];
  if (sessions.length <= 1) {
    const session = sessions[0]?.session ?? allSessions[0];
    const start = toEpochMs(session?.startTime);
    const missingStart =
      session && !Number.isFinite(start) && series.length > 0
        ? ["the session has no start time: the first record's time is used"]
        : [];
    const one = track(session, start, series, missingStart);
    if (one) tracks.push(one);
  } else {
    // Each record belongs to the last session that started at or before it (records before the
    // first session start go to the first one).
    let index = 0;
    for (let i = 0; i < sessions.length; i++) {
      const current = sessions[i];
      if (!current) continue;
      const nextStart = sessions[i + 1]?.start ?? Number.POSITIVE_INFINITY;
      const part: ParsedSample[] = [];
      for (let p = series[index]; p !== undefined && p.ts < nextStart; p = series[++index]) part.push(p);
      if (part.length === 0) continue;
      const leg = track(current.session, current.start, part, []);
      if (leg) tracks.push(leg);
    }
  }
  if (tracks.length === 0) {
    throw new NoTrackPointsError(
      points.length === 0 ? "FIT file has no GPS positions and no distance" : undefined,
    );
  }
  return tracks;
}

/**
 * Decodes after checking the file's integrity. A file whose header declares no data at all was never
 * finalised by its recorder (it lost power, or crashed): its messages are read up to where they stop,
 * and `repairs` says so. Any other integrity failure (truncated, CRC mismatch) is a FormatError.
 */
function decode(bytes: Uint8Array, repairs: string[]): ReturnType<Decoder["read"]> {
  const decoder = new Decoder(Stream.fromByteArray(bytes));
  if (decoder.checkIntegrity()) return decoder.read({ mergeHeartRates: false });
  const headerSize = bytes[0] ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataSize = bytes.length >= 8 ? view.getUint32(4, true) : 0;
  if (dataSize !== 0 || bytes.length <= headerSize + 2) {
    throw new FormatError(describeIntegrityFailure(bytes.length, headerSize + dataSize + 2));
  }
  const result = new Decoder(Stream.fromByteArray(bytes.subarray(headerSize))).read({
    dataOnly: true,
    mergeHeartRates: false,
  });
  const count = result.messages.recordMesgs?.length ?? 0;
  repairs.push(
    `the file was never finalised by its recorder (its header declares no data): ${count} records recovered without a CRC check`,
  );
  return result;
}

function readRecord(record: RecordMesg): ParsedPoint {
  const point: ParsedPoint = {
    ts: toEpochMs(record.timestamp),
    lat: typeof record.positionLat === "number" ? record.positionLat * SEMICIRCLES_TO_DEGREES : Number.NaN,
    lon: typeof record.positionLong === "number" ? record.positionLong * SEMICIRCLES_TO_DEGREES : Number.NaN,
  };
  // The enhanced fields have the wider range; the SDK fills them from the plain ones when absent.
  const cadence =
    typeof record.cadence === "number" ? record.cadence + (record.fractionalCadence ?? 0) : undefined;
  const fields: Partial<ParsedPoint> = {
    altitude: record.enhancedAltitude ?? record.altitude,
    speedMps: record.enhancedSpeed ?? record.speed,
    distanceM: record.distance,
    heartRateBpm: record.heartRate,
    cadenceRpm: cadence,
    powerW: record.power,
    temperatureC: record.temperature,
    accuracy: record.gpsAccuracy,
  };
  for (const [key, value] of Object.entries(fields) as [keyof ParsedPoint, unknown][]) {
    if (typeof value === "number") point[key] = value;
  }
  return point;
}

function readTotals(session: SessionMesg): DeviceTotals {
  const totals: DeviceTotals = {};
  const fields: Record<keyof DeviceTotals, unknown> = {
    distanceM: session.totalDistance,
    ascentM: session.totalAscent,
    descentM: session.totalDescent,
    timerSec: session.totalTimerTime,
    elapsedSec: session.totalElapsedTime,
    movingSec: session.totalMovingTime,
  };
  for (const [key, value] of Object.entries(fields) as [keyof DeviceTotals, unknown][]) {
    if (typeof value === "number") totals[key] = value;
  }
  return totals;
}

/** The recorder lists its sensors: with a barometer, its altitudes are barometric; with only a GPS, not. */
function altitudeSourceOf(devices: readonly DeviceInfoMesg[]): AltitudeSource | undefined {
  const types = new Set(devices.map((d) => d.localDeviceType));
  if (types.has("barometer")) return "barometric";
  if (types.has("gps") || types.has("glonass") || types.has("gpsGlonass")) return "gps";
  return undefined;
}

function describeLongGaps(series: readonly ParsedSample[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < series.length; i++) {
    const a = series[i - 1];
    const b = series[i];
    if (!a || !b || b.ts - a.ts < LONG_GAP_MS) continue;
    const minutes = Math.round((b.ts - a.ts) / 60_000);
    const moved =
      a.distanceM !== undefined && b.distanceM !== undefined
        ? `, ${Math.round(b.distanceM - a.distanceM)} m further`
        : "";
    out.push(
      `no record for ${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min after ${new Date(a.ts).toISOString()}${moved} (a clock jump or a watch left running): counted as a pause`,
    );
  }
  return out;
}

function toEpochMs(value: Date | number | string | undefined): number {
  let ms = Number.NaN;
  if (value instanceof Date) ms = value.getTime();
  else if (typeof value === "number") ms = Utils.convertDateTimeToDate(value).getTime();
  return ms >= MIN_REAL_TIME_MS ? ms : Number.NaN;
}

function toActivityType(sport: string | number | undefined): ActivityType | undefined {
  return typeof sport === "string" ? SPORTS[sport] : undefined;
}

function describeIntegrityFailure(length: number, expected: number): string {
  if (length < expected) return `truncated FIT file: ${length} of ${expected} bytes`;
  return "FIT file CRC mismatch (the file is corrupted)";
}
