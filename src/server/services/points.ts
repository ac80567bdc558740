import type { Queryable } from "~/server/db/client";
import type { TPoint } from "~/server/api/schemas/track";

/** A point as stored, columns in JS form. */
export interface StoredPoint {
  ts: number;
  lat: number;
  lon: number;
  altitude: number | null;
  accuracy: number | null;
  speedMps: number | null;
  heading: number | null;
  battery: number | null;
  origin: string | null;
}

export function toStoredPoints(points: readonly TPoint[]): StoredPoint[] {
  return points.map((p) => ({
    ts: Date.parse(p.timestamp),
    lat: p.latitude,
    lon: p.longitude,
    altitude: p.altitude ?? null,
    accuracy: p.accuracy ?? null,
    speedMps: p.speed_mps ?? null,
    heading: p.heading ?? null,
    battery: p.battery ?? null,
    origin: p.origin ?? null,
  }));
}

/**
 * Inserts a batch in one set-based statement. The primary key (track_id, ts) makes a retried batch, or a
 * point repeated inside a batch, a no-op. Returns how many rows were new.
 */
export async function insertPoints(
  q: Queryable,
  trackId: string,
  points: readonly StoredPoint[],
): Promise<number> {
  if (points.length === 0) return 0;
  const n = points.length;
  const ts = new Array<string>(n);
  const cols = { lat: new Array<number>(n), lon: new Array<number>(n) };
  const alt = new Array<number | null>(n);
  const acc = new Array<number | null>(n);
  const spd = new Array<number | null>(n);
  const hdg = new Array<number | null>(n);
  const bat = new Array<number | null>(n);
  const org = new Array<string | null>(n);
  points.forEach((p, i) => {
    ts[i] = new Date(p.ts).toISOString();
    cols.lat[i] = p.lat;
    cols.lon[i] = p.lon;
    alt[i] = p.altitude;
    acc[i] = p.accuracy;
    spd[i] = p.speedMps;
    hdg[i] = p.heading;
    bat[i] = p.battery;
    org[i] = p.origin;
  });
  const rows = await q.query<{ inserted: number }>(
    `WITH ins AS (
       INSERT INTO points (track_id, ts, lat, lon, altitude, accuracy, speed_mps, heading, battery, origin)
       SELECT $1::uuid, u.* FROM unnest($2::timestamptz[], $3::float8[], $4::float8[], $5::float8[], $6::float8[],
                                        $7::float8[], $8::float8[], $9::float8[], $10::text[]) AS u
       ON CONFLICT (track_id, ts) DO NOTHING
       RETURNING 1)
     SELECT count(*)::int AS inserted FROM ins`,
    [trackId, ts, cols.lat, cols.lon, alt, acc, spd, hdg, bat, org],
  );
  return rows[0]?.inserted ?? 0;
}

interface PointRow {
  ts: Date;
  lat: number;
  lon: number;
  altitude: number | null;
  accuracy: number | null;
  speed_mps: number | null;
  heading: number | null;
  battery: number | null;
  origin: string | null;
}

/** Points of a track by timestamp ascending (the primary key's order). */
export async function selectPoints(
  q: Queryable,
  trackId: string,
  page: { limit?: number; offset?: number } = {},
): Promise<StoredPoint[]> {
  const rows = await q.query<PointRow>(
    `SELECT ts, lat, lon, altitude, accuracy, speed_mps, heading, battery, origin
       FROM points WHERE track_id = $1 ORDER BY ts LIMIT $2 OFFSET $3`,
    [trackId, page.limit ?? null, page.offset ?? 0],
  );
  return rows.map((r) => ({
    ts: r.ts instanceof Date ? r.ts.getTime() : Date.parse(String(r.ts)),
    lat: r.lat,
    lon: r.lon,
    altitude: r.altitude,
    accuracy: r.accuracy,
    speedMps: r.speed_mps,
    heading: r.heading,
    battery: r.battery,
    origin: r.origin,
  }));
}
