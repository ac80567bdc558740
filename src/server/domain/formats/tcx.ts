import { cleanDeviceTotals, hasDistance, sumLapTotals } from "./device-totals";
import { FormatError, NoTrackPointsError } from "./errors";
import {
  assertSomePlausibleTime,
  buildTrack,
  describeRepairs,
  emptyReport,
  type NormalizeReport,
  normalizePoints,
  normalizeSamples,
  parseDecimal,
  parseIsoTime,
} from "./points";
import type { ActivityType, DeviceTotals, ParsedPoint, ParsedSample, ParsedTrack } from "./types";
import { type XmlElement, attr, child, childText, children, parseXml, rootName } from "./xml";

/**
 * Only the two sports TCX names map; "Other" stays undefined rather than being guessed from speed
 * (a slow run and a fast walk overlap, and the wrong label is worse than none).
 */
const SPORTS: Record<string, ActivityType> = { running: "run", biking: "bike" };

/**
 * Garmin Training Center (TCX v2). Each `<Activity>` becomes one track (its Laps and Tracks joined),
 * as does each `<Course>`; activities nested in a `<MultiSportSession>` are read too. Trackpoints
 * without `<Position>` (pauses) are skipped; an activity without any position but with a distance
 * (treadmill) becomes a track of `samples`. The laps' DistanceMeters and TotalTimeSeconds, summed,
 * are the device's totals.
 */
export function parseTcx(xml: string): ParsedTrack[] {
  const doc = parseXml(xml);
  const root = child(doc, "TrainingCenterDatabase");
  if (!root) {
    throw new FormatError(
      `not a TCX file: the root element is <${rootName(doc) ?? "?"}>, not <TrainingCenterDatabase>`,
    );
  }
  const activitiesElement = child(root, "Activities");
  const activities = [
    ...children(activitiesElement, "Activity"),
    ...children(activitiesElement, "MultiSportSession").flatMap((session) => [
      ...children(child(session, "FirstSport"), "Activity"),
      ...children(session, "NextSport").flatMap((next) => children(next, "Activity")),
    ]),
  ];
  const courses = children(child(root, "Courses"), "Course");
  if (activities.length === 0 && courses.length === 0) {
    throw new NoTrackPointsError("TCX file contains no activity");
  }

  const fileReport = emptyReport();
  let trackpoints = 0;
  let positioned = 0;
  const read = (tracks: XmlElement[], report: NormalizeReport) => {
    const raw: ParsedPoint[] = [];
    for (const tp of tracks.flatMap((track) => children(track, "Trackpoint"))) {
      trackpoints++;
      const point = readTrackpoint(tp);
      if (Number.isFinite(point.lat)) positioned++;
      raw.push(point);
    }
    const points = normalizePoints(raw, report);
    fileReport.implausibleTimes += report.implausibleTimes;
    fileReport.firstImplausible ??= report.firstImplausible;
    return { raw, points };
  };

  const result: ParsedTrack[] = [];
  for (const activity of activities) {
    const laps = children(activity, "Lap");
    const report = emptyReport();
    const { raw, points } = read(
      laps.flatMap((lap) => children(lap, "Track")),
      report,
    );
    const repairs: string[] = [];
    const deviceTotals = cleanDeviceTotals(sumLapTotals(laps.map(readLap)), repairs);
    // Without any position, the time series is kept when the device measured a distance (treadmill).
    const samples = points.length === 0 ? normalizeSamples(raw, report) : [];
    if (points.length === 0 && !hasDistance(samples, deviceTotals)) continue;
    // <Id> is the activity's start time by convention; the first lap's StartTime says the same.
    const startTs = [
      parseIsoTime(childText(activity, "Id")),
      parseIsoTime(laps[0] && attr(laps[0], "StartTime")),
    ];
    result.push(
      buildTrack({
        activityType: SPORTS[attr(activity, "Sport")?.toLowerCase() ?? ""],
        startTs: startTs.find(Number.isFinite) ?? points[0]?.ts ?? samples[0]?.ts,
        points,
        samples,
        deviceTotals,
        repairs: [...describeRepairs(report, "trackpoints"), ...repairs],
      }),
    );
  }
  for (const course of courses) {
    const report = emptyReport();
    const { points } = read(children(course, "Track"), report);
    if (points.length === 0) continue;
    result.push(
      buildTrack({
        name: childText(course, "Name"),
        startTs: points[0]?.ts,
        points,
        repairs: describeRepairs(report, "trackpoints"),
      }),
    );
  }

  if (result.length === 0) {
    assertSomePlausibleTime(0, fileReport, "TCX");
    if (trackpoints > 0 && positioned === 0) {
      throw new NoTrackPointsError("TCX file has no GPS positions and no distance");
    }
    throw new NoTrackPointsError();
  }
  return result;
}

function readTrackpoint(tp: XmlElement): ParsedPoint {
  const position = child(tp, "Position");
  const tpx = child(child(tp, "Extensions"), "TPX");
  const point: ParsedPoint = {
    ts: parseIsoTime(childText(tp, "Time")),
    lat: parseDecimal(childText(position, "LatitudeDegrees")) ?? Number.NaN,
    lon: parseDecimal(childText(position, "LongitudeDegrees")) ?? Number.NaN,
  };
  const fields: Partial<ParsedSample> = {
    altitude: parseDecimal(childText(tp, "AltitudeMeters")),
    speedMps: parseDecimal(childText(tpx, "Speed")),
    distanceM: parseDecimal(childText(tp, "DistanceMeters")),
    heartRateBpm: parseDecimal(childText(child(tp, "HeartRateBpm"), "Value")),
    // <Cadence> is the bike's (rpm); running watches write the strides per minute in TPX.
    cadenceRpm: parseDecimal(childText(tp, "Cadence")) ?? parseDecimal(childText(tpx, "RunCadence")),
    powerW: parseDecimal(childText(tpx, "Watts")),
  };
  for (const [key, value] of Object.entries(fields) as [keyof ParsedSample, number | undefined][]) {
    if (value !== undefined) point[key] = value;
  }
  return point;
}

function readLap(lap: XmlElement): DeviceTotals {
  const totals: DeviceTotals = {};
  const distance = parseDecimal(childText(lap, "DistanceMeters"));
  const time = parseDecimal(childText(lap, "TotalTimeSeconds"));
  if (distance !== undefined) totals.distanceM = distance;
  if (time !== undefined) totals.timerSec = time;
  return totals;
}
