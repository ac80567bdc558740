import type { ParsedPoint, ParsedTrack } from "./types";

/**
 * A parsed track as one Float64Array (ts, lat, lon, then every optional number of a point: a column of
 * `count` values each, NaN where a point has no value), so that a worker thread hands it over by transferring
 * one buffer instead of cloning a million small objects. Parsed points never hold NaN, so nothing is lost.
 * The track's other fields (samples, device totals, repairs…) are small and cloned as they are.
 */
export interface PackedTrack extends Omit<ParsedTrack, "points"> {
  count: number;
  columns: Float64Array<ArrayBuffer>;
}

/** Every optional number of a ParsedPoint: a field missing here would be lost on the way back. */
const OPTIONAL = [
  "altitude",
  "speedMps",
  "heading",
  "accuracy",
  "distanceM",
  "heartRateBpm",
  "cadenceRpm",
  "powerW",
  "temperatureC",
] as const satisfies ReadonlyArray<keyof ParsedPoint>;
const COLUMNS = 3 + OPTIONAL.length;

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
      OPTIONAL.forEach((field, c) => {
        columns[(3 + c) * n + i] = p[field] ?? Number.NaN;
      });
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
      OPTIONAL.forEach((field, c) => {
        const value = at(columns, (3 + c) * n + i);
        if (!Number.isNaN(value)) point[field] = value;
      });
      points[i] = point;
    }
    return { ...fields, points };
  });
}

const at = (columns: Float64Array, i: number) => columns[i] ?? Number.NaN;
