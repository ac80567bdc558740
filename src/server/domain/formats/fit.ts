import { Decoder, type RecordMesg, type SessionMesg, Stream, Utils } from "@garmin/fitsdk";
import { FormatError, NoTrackPointsError } from "./errors";
import { buildTrack, normalizePoints } from "./points";
import type { ActivityType, ParsedPoint, ParsedTrack } from "./types";

const SEMICIRCLES_TO_DEGREES = 180 / 2 ** 31;
// FIT date_time values below 0x10000000 are seconds since device power-on, not real times.
const MIN_REAL_TIME_MS = Utils.FIT_EPOCH_MS + 0x10000000 * 1000;

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
 * swim, are left out); a file without session messages gives one track.
 */
export function parseFit(bytes: Uint8Array): ParsedTrack[] {
  const stream = Stream.fromByteArray(bytes);
  if (!Decoder.isFIT(stream)) throw new FormatError("not a FIT file (missing .FIT header)");
  const decoder = new Decoder(stream);
  if (!decoder.checkIntegrity()) throw new FormatError(describeIntegrityFailure(bytes));

  const { messages, errors } = decoder.read({ mergeHeartRates: false });
  const records = messages.recordMesgs ?? [];
  if (records.length === 0 && errors[0]) {
    throw new FormatError(`FIT file could not be decoded: ${errors[0].message}`);
  }
  // Points are sorted by time, which is what the session split below relies on.
  const points = normalizePoints(records.map(readRecord));
  if (points.length === 0) throw new NoTrackPointsError("FIT file has no GPS positions");

  const fallbackSport = messages.sportMesgs?.[0]?.sport;
  const sessions = (messages.sessionMesgs ?? [])
    .map((session) => ({ session, start: toEpochMs(session.startTime) }))
    .filter((s) => Number.isFinite(s.start))
    .sort((a, b) => a.start - b.start);

  if (sessions.length <= 1) {
    const session: SessionMesg | undefined = sessions[0]?.session ?? messages.sessionMesgs?.[0];
    return [
      buildTrack({
        activityType: toActivityType(session?.sport ?? fallbackSport),
        startTs: toEpochMs(session?.startTime),
        points,
      }),
    ];
  }

  // Each record belongs to the last session that started at or before it (records before the
  // first session start go to the first one).
  const tracks: ParsedTrack[] = [];
  let index = 0;
  for (let i = 0; i < sessions.length; i++) {
    const current = sessions[i];
    if (!current) continue;
    const nextStart = sessions[i + 1]?.start ?? Number.POSITIVE_INFINITY;
    const sessionPoints: ParsedPoint[] = [];
    while (index < points.length) {
      const point = points[index];
      if (!point || point.ts >= nextStart) break;
      sessionPoints.push(point);
      index++;
    }
    if (sessionPoints.length === 0) continue;
    tracks.push(
      buildTrack({
        activityType: toActivityType(current.session.sport),
        startTs: current.start,
        points: sessionPoints,
      }),
    );
  }
  return tracks;
}

function readRecord(record: RecordMesg): ParsedPoint {
  const point: ParsedPoint = {
    ts: toEpochMs(record.timestamp),
    lat: typeof record.positionLat === "number" ? record.positionLat * SEMICIRCLES_TO_DEGREES : Number.NaN,
    lon: typeof record.positionLong === "number" ? record.positionLong * SEMICIRCLES_TO_DEGREES : Number.NaN,
  };
  // The enhanced fields have the wider range; the SDK fills them from the plain ones when absent.
  const altitude = record.enhancedAltitude ?? record.altitude;
  const speed = record.enhancedSpeed ?? record.speed;
  if (typeof altitude === "number") point.altitude = altitude;
  if (typeof speed === "number") point.speedMps = speed;
  return point;
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

function describeIntegrityFailure(bytes: Uint8Array): string {
  const headerSize = bytes[0] ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dataSize = bytes.length >= 8 ? view.getUint32(4, true) : 0;
  const expected = headerSize + dataSize + 2;
  if (bytes.length < expected) {
    return `truncated FIT file: ${bytes.length} of ${expected} bytes`;
  }
  return "FIT file CRC mismatch (the file is corrupted)";
}
