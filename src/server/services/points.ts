import type { Queryable } from "~/server/db/client";
import type { TPoint } from "~/server/api/schemas/track";
import { isoOrNull, liveLogCtes } from "./live-log";

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
    `WITH ins AS (${insertPointsSql()}) SELECT count(*)::int AS inserted FROM ins`,
    pointParams(trackId, points),
  );
  return rows[0]?.inserted ?? 0;
}

export interface LiveBatchResult<Row> {
  /** False when the track row was no longer at `version` (or gone): nothing was written. */
  gated: boolean;
  inserted: number;
  /** The track row after the change, or null when nothing was new (a retry) or the gate failed. */
  row: Row | null;
  /** The live log's sequence number of the batch, or null when nothing was written. */
  seq: number | null;
}

/**
 * The live path, in one statement: locks the track row if it is still at `version` (the `xmin` it had when
 * the caller read it, so the running totals `liveStats` were computed from the current row), and only then
 * inserts the batch and, when anything was new, adds the new rows to the track's count, stores `liveStats`
 * and appends the live log entry. Run in autocommit, the events row lock that numbers the entry lasts until
 * the statement's implicit commit, so sequence numbers still follow commit order (see live-log.ts).
 */
export async function insertLiveBatch<Row>(
  q: Queryable,
  batch: {
    trackId: string;
    eventId: string;
    version: string;
    points: readonly StoredPoint[];
    liveStats: unknown;
  },
): Promise<LiveBatchResult<Row>> {
  let minTs = Number.POSITIVE_INFINITY;
  let maxTs = Number.NEGATIVE_INFINITY;
  for (const p of batch.points) {
    if (p.ts < minTs) minTs = p.ts;
    if (p.ts > maxTs) maxTs = p.ts;
  }
  const log = liveLogCtes({
    eventId: "$13::uuid",
    trackId: "$1::uuid",
    kind: "'points'",
    minTs: "$14::timestamptz",
    maxTs: "$15::timestamptz",
    when: "(SELECT inserted FROM n) > 0",
  });
  // MATERIALIZED: the gate runs once, before anything it guards; a concurrent writer makes it wait for the
  // lock, then re-check xmin on the row's newest version (and find it changed).
  const rows = await q.query<Row & { _gated: boolean; _inserted: number; _seq: number | null }>(
    `WITH g AS MATERIALIZED (SELECT id FROM tracks WHERE id = $1 AND xmin = $12::xid FOR UPDATE),
          ins AS (${insertPointsSql("EXISTS (SELECT 1 FROM g)")}),
          n AS (SELECT count(*)::int AS inserted FROM ins),
          t AS (UPDATE tracks SET points_count = points_count + (SELECT inserted FROM n), live_stats = $11::jsonb,
                       updated_at = now()
                 WHERE id = $1 AND (SELECT inserted FROM n) > 0 RETURNING *),
          ${log}
     SELECT EXISTS (SELECT 1 FROM g) AS _gated, n.inserted AS _inserted, (SELECT seq FROM log_entry) AS _seq, t.*
       FROM n LEFT JOIN t ON true`,
    [
      ...pointParams(batch.trackId, batch.points),
      JSON.stringify(batch.liveStats),
      batch.version,
      batch.eventId,
      isoOrNull(Number.isFinite(minTs) ? minTs : null),
      isoOrNull(Number.isFinite(maxTs) ? maxTs : null),
    ],
  );
  const first = rows[0];
  if (!first) return { gated: false, inserted: 0, row: null, seq: null };
  const { _gated: gated, _inserted: inserted, _seq: seq, ...row } = first;
  if (inserted === 0) return { gated, inserted, row: null, seq: null };
  return { gated, inserted, row: row as unknown as Row, seq };
}

/** The batch's INSERT over the ten column arrays of `pointParams`, rows kept where `where` holds. */
function insertPointsSql(where = "true"): string {
  return `
  INSERT INTO points (track_id, ts, lat, lon, altitude, accuracy, speed_mps, heading, battery, origin)
  SELECT $1::uuid, u.* FROM unnest($2::timestamptz[], $3::float8[], $4::float8[], $5::float8[], $6::float8[],
                                   $7::float8[], $8::float8[], $9::float8[], $10::text[]) AS u
   WHERE ${where}
  ON CONFLICT (track_id, ts) DO NOTHING
  RETURNING 1`;
}

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
