import { finiteOrUndefined } from "./number-format";

export interface GeoJsonExportTrack {
  id: string;
  name: string;
  activityType?: string;
  points: ReadonlyArray<{ ts: number; lat: number; lon: number; altitude?: number | null }>;
  properties?: Record<string, unknown>;
}

type Position = [number, number] | [number, number, number];

export interface TrackFeature {
  type: "Feature";
  id: string;
  geometry: { type: "LineString"; coordinates: Position[] } | { type: "Point"; coordinates: Position } | null;
  properties: Record<string, unknown> & { name: string; coordTimes: string[] };
}

/**
 * An RFC 7946 Feature. Positions are [lon, lat] plus the elevation where the point has one;
 * `coordTimes` (ISO times, one per position) follows the convention of Mapbox's togeojson, which
 * most tools read. A LineString needs two positions: one point gives a Point, none a null geometry.
 * Caller properties come first so they cannot overwrite name, activityType or coordTimes.
 */
export function toGeoJson(track: GeoJsonExportTrack): TrackFeature {
  const coordinates: Position[] = [];
  const coordTimes: string[] = [];
  for (const p of track.points) {
    if (!Number.isFinite(p.ts) || !Number.isFinite(p.lat) || !Number.isFinite(p.lon)) continue;
    const altitude = finiteOrUndefined(p.altitude);
    coordinates.push(altitude === undefined ? [p.lon, p.lat] : [p.lon, p.lat, altitude]);
    coordTimes.push(new Date(p.ts).toISOString());
  }
  const [first] = coordinates;
  const geometry: TrackFeature["geometry"] =
    coordinates.length >= 2
      ? { type: "LineString", coordinates }
      : first
        ? { type: "Point", coordinates: first }
        : null;
  return {
    type: "Feature",
    id: track.id,
    geometry,
    properties: {
      ...track.properties,
      name: track.name,
      ...(track.activityType === undefined ? {} : { activityType: track.activityType }),
      coordTimes,
    },
  };
}
