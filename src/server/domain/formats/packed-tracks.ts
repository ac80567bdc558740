import type { ParsedPoint, ParsedTrack } from "./types";

/**
 * A parsed track as one Float64Array (ts, lat, lon, altitude, speed, heading: a column of `count` values
 * each, NaN where a point has no value), so that a worker thread hands it over by transferring one buffer
 * instead of cloning a million small objects. Parsed points never hold NaN, so nothing is lost.
 */
export interface PackedTrack {
  name?: string;
  activityType?: ParsedTrack["activityType"];
  startTs?: number;
  count: number;
  columns: Float64Array<ArrayBuffer>;
}

const COLUMNS = 6;

export function packTracks(tracks: ReadonlyArray<ParsedTrack>): {
  tracks: PackedTrack[];
  buffers: ArrayBuffer[];
} {
  const packed = tracks.map((track): PackedTrack => {
    const n = track.points.length;
    const columns = new Float64Array(COLUMNS * n);
    track.points.forEach((p, i) => {
      columns[i] = p.ts;
      columns[n + i] = p.lat;
      columns[2 * n + i] = p.lon;
      columns[3 * n + i] = p.altitude ?? Number.NaN;
      columns[4 * n + i] = p.speedMps ?? Number.NaN;
      columns[5 * n + i] = p.heading ?? Number.NaN;
    });
    const { points: _, ...fields } = track;
    return { ...fields, count: n, columns };
  });
  return { tracks: packed, buffers: packed.map((t) => t.columns.buffer) };
}

export function unpackTracks(packed: ReadonlyArray<PackedTrack>): ParsedTrack[] {
  return packed.map(({ count: n, columns, ...fields }) => {
    const points = new Array<ParsedPoint>(n);
    for (let i = 0; i < n; i++) {
      const point: ParsedPoint = { ts: at(columns, i), lat: at(columns, n + i), lon: at(columns, 2 * n + i) };
      const altitude = at(columns, 3 * n + i);
      const speed = at(columns, 4 * n + i);
      const heading = at(columns, 5 * n + i);
      if (!Number.isNaN(altitude)) point.altitude = altitude;
      if (!Number.isNaN(speed)) point.speedMps = speed;
      if (!Number.isNaN(heading)) point.heading = heading;
      points[i] = point;
    }
    return { ...fields, points };
  });
}

const at = (columns: Float64Array, i: number) => columns[i] ?? Number.NaN;
