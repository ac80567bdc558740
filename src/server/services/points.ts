import type { Queryable } from "~/server/db/client";
import type { TPoint } from "~/server/api/schemas/track";
import { isoOrNull } from "./live-log";

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
    `WITH ins AS (${insertPointsSql()} RETURNING 1) SELECT count(*)::int AS inserted FROM ins`,
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

/** One batch of the live path: the track as the caller read it (`version` = its `xmin`) and its new totals. */
export interface LiveBatch {
  trackId: string;
  eventId: string;
  version: string;
  points: readonly StoredPoint[];
  liveStats: unknown;
}

/**
 * The live path, in one statement for several batches of one event (one track each): locks each track row
 * that is still at its batch's `version` (the `xmin` it had when the caller read it, so that the running
 * totals `liveStats` were computed from the current row), and only then inserts those batches' points and,
 * for each track that got anything new, adds the new rows to its count, stores `liveStats` and appends a live
 * log entry (consecutive seqs, one event row update). Run in autocommit, the events row lock that numbers the
 * entries lasts until the statement's implicit commit, so sequence numbers still follow commit order (see
 * live-log.ts); several batches in one statement take that lock, and wait for the commit, once.
 * Results come in the order of `batches`.
 */
export async function insertLiveBatches<Row>(
  q: Queryable,
  eventId: string,
  batches: readonly LiveBatch[],
): Promise<LiveBatchResult<Row>[]> {
  const bounds = batches.map((batch) => {
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const p of batch.points) {
      if (p.ts < min) min = p.ts;
      if (p.ts > max) max = p.ts;
    }
    return Number.isFinite(min) ? [isoOrNull(min), isoOrNull(max)] : [null, null];
  });
  // One batch (large ones come alone): its track as one parameter; several: every point's track in an array.
  const single = batches.length === 1 ? batches[0] : undefined;
  const points = single
    ? pointParams(single.trackId, single.points)
    : pointParams(
        batches.flatMap((b) => b.points.map(() => b.trackId)),
        batches.flatMap((b) => b.points),
      );
  const insert = single
    ? insertPointsSql("EXISTS (SELECT 1 FROM g)")
    : insertPointsSql("u.track_id IN (SELECT id FROM g)", true);
  // MATERIALIZED: the gate runs once, before anything it guards; a concurrent writer makes it wait for the
  // lock, then re-check xmin on the row's newest version (and find it changed). Rows lock in id order, so two
  // statements never wait on each other's tracks in a cycle.
  const rows = await q.query<
    Row & { _track_id: string; _gated: boolean; _inserted: number; _seq: number | null }
  >(
    `WITH b AS (SELECT * FROM unnest($11::uuid[], $12::text[], $13::text[], $14::timestamptz[], $15::timestamptz[])
                  WITH ORDINALITY AS b (track_id, version, live_stats, min_ts, max_ts, ord)),
          g AS MATERIALIZED (SELECT t.id FROM tracks t JOIN b ON b.track_id = t.id AND t.xmin = b.version::xid
                              ORDER BY t.id FOR UPDATE OF t),
          ins AS (${insert} RETURNING track_id),
          n AS (SELECT track_id, count(*)::int AS inserted FROM ins GROUP BY track_id),
          t AS (UPDATE tracks SET points_count = tracks.points_count + n.inserted, live_stats = b.live_stats::jsonb,
                       updated_at = now()
                  FROM n JOIN b ON b.track_id = n.track_id
                 WHERE tracks.id = n.track_id RETURNING tracks.*),
          log_seq AS (UPDATE events SET live_seq = live_seq + (SELECT count(*) FROM n)::int
                       WHERE id = $16::uuid AND EXISTS (SELECT 1 FROM n) RETURNING live_seq),
          numbered AS (SELECT b.track_id, b.min_ts, b.max_ts,
                              (SELECT live_seq FROM log_seq) - (SELECT count(*) FROM n)::int
                                + (row_number() OVER (ORDER BY b.ord))::int AS seq
                         FROM b JOIN n ON n.track_id = b.track_id),
          log_entry AS (INSERT INTO live_batches (event_id, seq, track_id, kind, min_ts, max_ts)
                        SELECT $16::uuid, seq, track_id, 'points', min_ts, max_ts FROM numbered WHERE seq IS NOT NULL
                        RETURNING seq, track_id)
     SELECT b.track_id AS _track_id, g.id IS NOT NULL AS _gated, coalesce(n.inserted, 0) AS _inserted,
            log_entry.seq AS _seq, t.*
       FROM b LEFT JOIN g ON g.id = b.track_id LEFT JOIN n ON n.track_id = b.track_id
       LEFT JOIN log_entry ON log_entry.track_id = b.track_id LEFT JOIN t ON t.id = b.track_id
      ORDER BY b.ord`,
    [
      ...points,
      batches.map((b) => b.trackId),
      batches.map((b) => b.version),
      batches.map((b) => JSON.stringify(b.liveStats)),
      bounds.map((x) => x[0]),
      bounds.map((x) => x[1]),
      eventId,
    ],
  );
  return batches.map((_, i) => {
    const r = rows[i];
    if (!r) return { gated: false, inserted: 0, row: null, seq: null };
    const { _track_id: _t, _gated: gated, _inserted: inserted, _seq: seq, ...row } = r;
    if (inserted === 0 || seq === null) return { gated, inserted, row: null, seq: null };
    return { gated, inserted, row: row as unknown as Row, seq };
  });
}

/** One batch alone (the locked fallback, tests): see insertLiveBatches. */
export async function insertLiveBatch<Row>(q: Queryable, batch: LiveBatch): Promise<LiveBatchResult<Row>> {
  const [result] = await insertLiveBatches<Row>(q, batch.eventId, [batch]);
  return result ?? { gated: false, inserted: 0, row: null, seq: null };
}

/**
 * The INSERT over the ten column arrays of `pointParams`: $1 is the track (one uuid), or with `perPoint` an
 * array with every point's track (several batches in one statement); rows kept where `where` holds.
 */
function insertPointsSql(where = "true", perPoint = false): string {
  const columns = "ts, lat, lon, altitude, accuracy, speed_mps, heading, battery, origin";
  const arrays = `$2::timestamptz[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[],
                  $8::float8[], $9::float8[], $10::text[]`;
  const rows = perPoint
    ? `SELECT u.* FROM unnest($1::uuid[], ${arrays}) AS u (track_id, ${columns})`
    : `SELECT $1::uuid, u.* FROM unnest(${arrays}) AS u (${columns})`;
  return `
  INSERT INTO points (track_id, ${columns})
  ${rows}
   WHERE ${where}
  ON CONFLICT (track_id, ts) DO NOTHING`;
}

/** The batch as ten column arrays, for unnest(): one parameter per column, whatever the batch size. */
function pointParams(trackId: string | string[], points: readonly StoredPoint[]): unknown[] {
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
