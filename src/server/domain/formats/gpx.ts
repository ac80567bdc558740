import { FormatError, NoTrackPointsError } from "./errors";
import {
  activityTypeFromText,
  assertSomePlausibleTime,
  buildTrack,
  describeRepairs,
  emptyReport,
  normalizePoints,
  parseDecimal,
  parseIsoTime,
} from "./points";
import type { ParsedPoint, ParsedTrack } from "./types";
import { type XmlElement, attr, child, childText, children, parseXml, rootName } from "./xml";

/**
 * GPX 1.0 and 1.1. Each `<trk>` becomes one track, its `<trkseg>`s joined in order. Routes
 * (`<rte>`) are read only when the file has no `<trk>`, and only their timed points count: a
 * planned route without `<time>` is not a recorded activity. Waypoints are ignored.
 */
export function parseGpx(xml: string): ParsedTrack[] {
  const doc = parseXml(xml);
  const gpx = child(doc, "gpx");
  if (!gpx) throw new FormatError(`not a GPX file: the root element is <${rootName(doc) ?? "?"}>, not <gpx>`);

  // GPX 1.1 keeps the file name in <metadata>, GPX 1.0 directly under <gpx>.
  const fileName = childText(child(gpx, "metadata"), "name") ?? childText(gpx, "name");
  const trks = children(gpx, "trk");
  const rtes = trks.length === 0 ? children(gpx, "rte") : [];
  if (trks.length === 0 && rtes.length === 0) {
    throw new NoTrackPointsError("GPX file contains no track (<trk>)");
  }

  const tracks: ParsedTrack[] = [];
  const fileReport = emptyReport();
  let rawPoints = 0;
  let untimedPoints = 0;
  const readTrack = (element: XmlElement, pointElements: XmlElement[], segmentStarts: number[] = []) => {
    const raw = pointElements.map(readPoint);
    rawPoints += raw.length;
    untimedPoints += raw.filter((p) => Number.isNaN(p.ts)).length;
    const report = emptyReport();
    const points = normalizePoints(raw, report);
    fileReport.implausibleTimes += report.implausibleTimes;
    fileReport.firstImplausible ??= report.firstImplausible;
    if (points.length === 0) return;
    tracks.push(
      buildTrack({
        name: childText(element, "name") ?? fileName,
        activityType: activityTypeFromText(childText(element, "type")),
        startTs: points[0]?.ts,
        points,
        repairs: describeRepairs(report, "points"),
        segmentStarts,
      }),
    );
  };
  for (const trk of trks) {
    const segments = children(trk, "trkseg").map((seg) => children(seg, "trkpt"));
    // Where each <trkseg> after the first begins (its earliest time): the recorder's own pauses or gaps.
    const starts = segments.slice(1).flatMap((seg) => {
      const times = seg.map((pt) => parseIsoTime(childText(pt, "time"))).filter(Number.isFinite);
      return times.length > 0 ? [Math.min(...times)] : [];
    });
    readTrack(trk, segments.flat(), starts);
  }
  for (const rte of rtes) readTrack(rte, children(rte, "rtept"));

  if (tracks.length === 0) {
    assertSomePlausibleTime(0, fileReport, "GPX");
    if (rawPoints > 0 && untimedPoints === rawPoints) {
      const what = rtes.length > 0 ? "route" : "track";
      throw new NoTrackPointsError(
        `GPX ${what} has no timestamps (<time>): it cannot be imported as a recorded activity`,
      );
    }
    throw new NoTrackPointsError();
  }
  return tracks;
}

/** First of the named children of `parent` that reads as a number. */
function firstNumber(parent: XmlElement | undefined, ...names: string[]): number | undefined {
  for (const name of names) {
    const value = parseDecimal(childText(parent, name));
    if (value !== undefined) return value;
  }
  return undefined;
}

function readPoint(pt: XmlElement): ParsedPoint {
  const ext = child(pt, "extensions");
  // Garmin's TrackPointExtension (v1/v2: hr, cad, atemp, wtemp, speed, course); other apps (Strava,
  // ClueTrust gpxdata, Garmin gpxx, PowerExtension) put their values straight in <extensions>.
  const tpx = child(ext, "TrackPointExtension");
  const point: ParsedPoint = {
    ts: parseIsoTime(childText(pt, "time")),
    lat: parseDecimal(attr(pt, "lat")) ?? Number.NaN,
    lon: parseDecimal(attr(pt, "lon")) ?? Number.NaN,
  };
  const fields: Partial<ParsedPoint> = {
    altitude: parseDecimal(childText(pt, "ele")),
    // GPX 1.0 has <speed> and <course> in the point itself.
    speedMps: firstNumber(pt, "speed") ?? firstNumber(tpx, "speed") ?? firstNumber(ext, "speed"),
    heading: firstNumber(pt, "course") ?? firstNumber(tpx, "course") ?? firstNumber(ext, "course", "heading"),
    heartRateBpm: firstNumber(tpx, "hr") ?? firstNumber(ext, "hr", "heartrate"),
    cadenceRpm: firstNumber(tpx, "cad") ?? firstNumber(ext, "cad", "cadence"),
    powerW: firstNumber(tpx, "power") ?? firstNumber(ext, "power", "PowerInWatts"),
    temperatureC:
      firstNumber(tpx, "atemp", "wtemp") ?? firstNumber(ext, "atemp", "Temperature", "temp", "wtemp"),
  };
  for (const [key, value] of Object.entries(fields) as [keyof ParsedPoint, number | undefined][]) {
    if (value !== undefined) point[key] = value;
  }
  return point;
}
