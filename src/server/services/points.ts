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
  const rows = await q.query<{ inserted: number }>(
    `WITH ins AS (${INSERT_POINTS_SQL}) SELECT count(*)::int AS inserted FROM ins`,
    pointParams(trackId, points),
  );
  return rows[0]?.inserted ?? 0;
}

/**
 * The live path, in one statement: inserts the batch and, when anything was new, adds the new rows to the
 * track's count and stores its running totals (`liveStats`). Returns the track row after the change, or null
 * when the batch held nothing new (a retry).
 */
export async function insertPointsIntoLiveTrack<Row>(
  q: Queryable,
  trackId: string,
  points: readonly StoredPoint[],
  liveStats: unknown,
): Promise<{ inserted: number; row: Row | null }> {
  const rows = await q.query<Row & { inserted: number }>(
    `WITH ins AS (${INSERT_POINTS_SQL}),
          n AS (SELECT count(*)::int AS inserted FROM ins),
          t AS (UPDATE tracks SET points_count = points_count + (SELECT inserted FROM n), live_stats = $11::jsonb,
                       updated_at = now()
                 WHERE id = $1 AND (SELECT inserted FROM n) > 0 RETURNING *)
     SELECT n.inserted, t.* FROM n LEFT JOIN t ON true`,
    [...pointParams(trackId, points), JSON.stringify(liveStats)],
  );
  const first = rows[0];
  if (!first || first.inserted === 0) return { inserted: 0, row: null };
  const { inserted, ...row } = first;
  return { inserted, row: row as unknown as Row };
}

const INSERT_POINTS_SQL = `
  INSERT INTO points (track_id, ts, lat, lon, altitude, accuracy, speed_mps, heading, battery, origin)
  SELECT $1::uuid, u.* FROM unnest($2::timestamptz[], $3::float8[], $4::float8[], $5::float8[], $6::float8[],
                                   $7::float8[], $8::float8[], $9::float8[], $10::text[]) AS u
  ON CONFLICT (track_id, ts) DO NOTHING
  RETURNING 1`;

/** The batch as ten column arrays, for unnest(): one parameter per column, whatever the batch size. */
function pointParams(trackId: string, points: readonly StoredPoint[]): unknown[] {
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
  return [trackId, ts, cols.lat, cols.lon, alt, acc, spd, hdg, bat, org];
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
