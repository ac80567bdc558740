import { FormatError, NoTrackPointsError } from "./errors";
import { buildTrack, normalizePoints, parseDecimal, parseIsoTime } from "./points";
import type { ActivityType, ParsedPoint, ParsedTrack } from "./types";
import { type XmlElement, attr, child, childText, children, parseXml, rootName } from "./xml";

/**
 * Only the two sports TCX names map; "Other" stays undefined rather than being guessed from speed
 * (a slow run and a fast walk overlap, and the wrong label is worse than none).
 */
const SPORTS: Record<string, ActivityType> = { running: "run", biking: "bike" };

/**
 * Garmin Training Center (TCX v2). Each `<Activity>` becomes one track (its Laps and Tracks joined),
 * as does each `<Course>`; activities nested in a `<MultiSportSession>` are read too. Trackpoints
 * without `<Position>` (pauses, treadmill) are skipped.
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

  let trackpoints = 0;
  let positioned = 0;
  const readPoints = (tracks: XmlElement[]): ParsedPoint[] => {
    const raw: ParsedPoint[] = [];
    for (const tp of tracks.flatMap((track) => children(track, "Trackpoint"))) {
      trackpoints++;
      const position = child(tp, "Position");
      if (!position) continue;
      positioned++;
      const point: ParsedPoint = {
        ts: parseIsoTime(childText(tp, "Time")),
        lat: parseDecimal(childText(position, "LatitudeDegrees")) ?? Number.NaN,
        lon: parseDecimal(childText(position, "LongitudeDegrees")) ?? Number.NaN,
      };
      const altitude = parseDecimal(childText(tp, "AltitudeMeters"));
      const speed = parseDecimal(childText(child(child(tp, "Extensions"), "TPX"), "Speed"));
      if (altitude !== undefined) point.altitude = altitude;
      if (speed !== undefined) point.speedMps = speed;
      raw.push(point);
    }
    return normalizePoints(raw);
  };

  const result: ParsedTrack[] = [];
  for (const activity of activities) {
    const laps = children(activity, "Lap");
    const points = readPoints(laps.flatMap((lap) => children(lap, "Track")));
    if (points.length === 0) continue;
    // <Id> is the activity's start time by convention; the first lap's StartTime says the same.
    const startTs = [
      parseIsoTime(childText(activity, "Id")),
      parseIsoTime(laps[0] && attr(laps[0], "StartTime")),
    ];
    result.push(
      buildTrack({
        activityType: SPORTS[attr(activity, "Sport")?.toLowerCase() ?? ""],
        startTs: startTs.find(Number.isFinite) ?? points[0]?.ts,
        points,
      }),
    );
  }
  for (const course of courses) {
    const points = readPoints(children(course, "Track"));
    if (points.length === 0) continue;
    result.push(buildTrack({ name: childText(course, "Name"), startTs: points[0]?.ts, points }));
  }

  if (result.length === 0) {
    if (trackpoints > 0 && positioned === 0) {
      throw new NoTrackPointsError("TCX file has no GPS positions (indoor or treadmill recording?)");
    }
    throw new NoTrackPointsError();
  }
  return result;
}
