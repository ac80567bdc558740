import { FormatError } from "./errors";
import { parseDecimal } from "./points";
import { attr, child, childText, children, decodeXmlBytes, parseXml, rootName, type XmlElement } from "./xml";

/**
 * A planned course as a route file gives it: positions (and altitudes) in order, with or without times.
 * Route planners write GPX tracks or routes without `<time>` and TCX courses, which the activity parsers
 * refuse (a planned route is not a recorded activity); here times do not matter. FIT course files carry
 * timestamps and go through the activity parser (services/race-course.ts tries it first).
 */
export interface RouteFilePoint {
  lat: number;
  lon: number;
  altitude: number | null;
}

const valid = (p: RouteFilePoint) =>
  Number.isFinite(p.lat) && Number.isFinite(p.lon) && Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180;

export function parseRouteXml(bytes: Uint8Array, filename: string): RouteFilePoint[] {
  const doc = parseXml(decodeXmlBytes(bytes));
  const gpx = child(doc, "gpx");
  let points: RouteFilePoint[];
  if (gpx) {
    const trk = children(gpx, "trk")[0];
    const raw = trk
      ? children(trk, "trkseg").flatMap((s) => children(s, "trkpt"))
      : children(gpx, "rte")[0]
        ? children(children(gpx, "rte")[0] as XmlElement, "rtept")
        : [];
    points = raw.map((pt) => ({
      lat: parseDecimal(attr(pt, "lat")) ?? Number.NaN,
      lon: parseDecimal(attr(pt, "lon")) ?? Number.NaN,
      altitude: parseDecimal(childText(pt, "ele")) ?? null,
    }));
  } else {
    const tcx = child(doc, "TrainingCenterDatabase");
    if (!tcx)
      throw new FormatError(`${filename}: not a GPX or TCX route (root <${rootName(doc) ?? "?"}>)`, filename);
    const holder = child(child(tcx, "Courses"), "Course") ?? child(child(tcx, "Activities"), "Activity");
    const tracks = [
      ...children(holder, "Track"),
      ...children(holder, "Lap").flatMap((l) => children(l, "Track")),
    ];
    points = tracks
      .flatMap((t) => children(t, "Trackpoint"))
      .map((tp) => {
        const pos = child(tp, "Position");
        return {
          lat: parseDecimal(childText(pos, "LatitudeDegrees")) ?? Number.NaN,
          lon: parseDecimal(childText(pos, "LongitudeDegrees")) ?? Number.NaN,
          altitude: parseDecimal(childText(tp, "AltitudeMeters")) ?? null,
        };
      });
  }
  const kept = points.filter(valid);
  if (kept.length < 2)
    throw new FormatError(`${filename}: no route in this file (fewer than two positions)`, filename);
  return kept;
}
