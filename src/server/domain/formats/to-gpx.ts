import { finiteOrUndefined, formatDecimal } from "./number-format";

export interface GpxExportTrack {
  name: string;
  activityType?: string;
  points: ReadonlyArray<{
    ts: number;
    lat: number;
    lon: number;
    altitude?: number | null;
    heartRateBpm?: number | null;
    cadenceRpm?: number | null;
    powerW?: number | null;
    temperatureC?: number | null;
  }>;
}

/**
 * Sensors as the devices' own GPX exports write them (so that Garmin Connect, Strava and our own parser read
 * them back): Garmin's TrackPointExtension v1 (atemp, hr, cad, in its schema's order) and PowerExtension v1.
 */
function extensions(p: GpxExportTrack["points"][number]): string {
  const tpx = [
    ["atemp", p.temperatureC],
    ["hr", p.heartRateBpm],
    ["cad", p.cadenceRpm],
  ]
    .flatMap(([name, value]) => {
      const v = finiteOrUndefined(value as number | null | undefined);
      // hr and cad are unsigned integers in the schema.
      const text = v === undefined ? undefined : name === "atemp" ? formatDecimal(v) : String(Math.round(v));
      return text === undefined ? [] : [`<gpxtpx:${name}>${text}</gpxtpx:${name}>`];
    })
    .join("");
  const power = finiteOrUndefined(p.powerW);
  const pwr = power === undefined ? "" : `<pwr:PowerInWatts>${Math.round(power)}</pwr:PowerInWatts>`;
  if (!tpx && !pwr) return "";
  return `<extensions>${tpx ? `<gpxtpx:TrackPointExtension>${tpx}</gpxtpx:TrackPointExtension>` : ""}${pwr}</extensions>`;
}

export function escapeXml(text: string): string {
  return withoutForbiddenChars(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/**
 * XML 1.0 forbids most C0 controls and U+FFFE/U+FFFF even as references, and a lone surrogate cannot
 * be encoded: any of them would make the whole file unreadable.
 */
function withoutForbiddenChars(text: string): string {
  let out = "";
  for (const char of text.toWellFormed()) {
    const code = char.charCodeAt(0);
    const forbidden =
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) || code === 0xfffe || code === 0xffff;
    if (!forbidden) out += char;
  }
  return out;
}

/**
 * A GPX 1.1 document valid against the Topografix schema: one `<trk>` with one `<trkseg>`, points in
 * the given order. Points whose time or position is not a finite number are left out (they cannot be
 * written validly); longitude 180 is written as -180 (the schema's range is [-180, 180)).
 */
export function toGpx(track: GpxExportTrack): string {
  const points = track.points.filter(
    (p) =>
      Number.isFinite(p.ts) &&
      Number.isFinite(p.lat) &&
      Number.isFinite(p.lon) &&
      Math.abs(p.lat) <= 90 &&
      Math.abs(p.lon) <= 180,
  );
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gpx version="1.1" creator="Runify" xmlns="http://www.topografix.com/GPX/1/1"' +
      ' xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"' +
      ' xmlns:pwr="http://www.garmin.com/xmlschemas/PowerExtension/v1"' +
      ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"' +
      ' xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/1/1/gpx.xsd">',
    "  <metadata>",
  ];
  const name = escapeXml(track.name.trim());
  if (name) out.push(`    <name>${name}</name>`);
  const first = points[0];
  if (first) {
    out.push(`    <time>${new Date(first.ts).toISOString()}</time>`);
    out.push(`    ${bounds(points)}`);
  }
  out.push("  </metadata>", "  <trk>");
  if (name) out.push(`    <name>${name}</name>`);
  if (track.activityType) out.push(`    <type>${escapeXml(track.activityType)}</type>`);
  out.push("    <trkseg>");
  for (const p of points) {
    const lon = p.lon === 180 ? -180 : p.lon;
    const altitude = finiteOrUndefined(p.altitude);
    const ele = altitude === undefined ? "" : `<ele>${formatDecimal(altitude)}</ele>`;
    out.push(
      `      <trkpt lat="${formatDecimal(p.lat)}" lon="${formatDecimal(lon)}">${ele}<time>${new Date(p.ts).toISOString()}</time>${extensions(p)}</trkpt>`,
    );
  }
  out.push("    </trkseg>", "  </trk>", "</gpx>", "");
  return out.join("\n");
}

function bounds(points: ReadonlyArray<{ lat: number; lon: number }>): string {
  let minLat = 90;
  let maxLat = -90;
  let minLon = 180;
  let maxLon = -180;
  for (const p of points) {
    const lon = p.lon === 180 ? -180 : p.lon;
    if (p.lat < minLat) minLat = p.lat;
    if (p.lat > maxLat) maxLat = p.lat;
    if (lon < minLon) minLon = lon;
    if (lon > maxLon) maxLon = lon;
  }
  const f = formatDecimal;
  return `<bounds minlat="${f(minLat)}" minlon="${f(minLon)}" maxlat="${f(maxLat)}" maxlon="${f(maxLon)}"/>`;
}
