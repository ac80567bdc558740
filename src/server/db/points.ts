import type { Point } from "~/server/domain/point";
import type { Queryable } from "./client";
import { checkRows, columns } from "./rows";
import { TRACK_ROW, type Track, toTrack } from "./tracks";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Inserts points in one set-based statement. The primary key (track_id, ts) makes a retried batch, or a point
 * repeated inside a batch, a no-op. Returns how many rows were new.
 */
export async function insertPoints(q: Queryable, trackId: string, points: readonly Point[]): Promise<number> {
  if (points.length === 0) return 0;
  const [row] = await q.rows(
    { inserted: "int" },
    `WITH ins AS (${insertPointsSql()} RETURNING 1) SELECT count(*)::int AS inserted FROM ins`,
    pointParams(trackId, points),
  );
  return row?.inserted ?? 0;
}

/** One batch of the live path: the track as the caller read it (`version` = its `xmin`) and its new totals. */
export interface PointsBatch {
  trackId: string;
  eventId: string;
  version: string;
  /** Sorted by time. */
  points: readonly Point[];
  liveStats: unknown;
}

export interface PointsBatchResult {
  /** False when the track row was no longer at `version` (or gone): nothing was written. */
  gated: boolean;
  inserted: number;
  /** The track after the change, or null when nothing was new (a retry) or the gate failed. */
  track: Track | null;
  /** The row version (`xmin`) of `track`: the next batch of the track can be gated on it without a read. */
  version: string | null;
  /** The live log's sequence number of the batch, or null when nothing was written. */
  seq: number | null;
}

const BATCH_ROW = {
  _gated: "bool",
  _inserted: "int",
  _seq: "int?",
  _has_track: "bool",
  _version: "text?",
} as const;

/**
 * The track columns a batch statement returns: all but `live_stats`, which the caller computed and sent (3 kB of
 * JSON a track that PostgreSQL would turn back into text and the driver parse again, per batch).
 */
const { live_stats: _liveStats, ...RETURNED_TRACK_ROW } = TRACK_ROW;
const RETURNED_TRACK_COLUMNS = columns(RETURNED_TRACK_ROW, "tracks");

/**
 * The live path, in one statement for several batches of one event (one track each): locks each track row
 * that is still at its batch's `version` (the `xmin` it had when the caller read it, so that the running
 * totals `liveStats` were computed from the current row), and only then inserts those batches' points and,
 * for each track that got anything new, adds the new rows to its count, stores `liveStats` and appends a live
 * log entry (consecutive seqs, one event row update). Run in autocommit, the events row lock that numbers the
 * entries lasts until the statement's implicit commit, so sequence numbers still follow commit order (see
 * docs/live.md); several batches in one statement take that lock, and wait for the commit, once.
 * Results come in the order of `batches`.
 */
export async function insertPointsBatches(
  q: Queryable,
  eventId: string,
  batches: readonly PointsBatch[],
): Promise<PointsBatchResult[]> {
  const bounds = batches.map((b) =>
    b.points.length
      ? [iso(b.points[0]?.ts ?? null), iso(b.points[b.points.length - 1]?.ts ?? null)]
      : [null, null],
  );
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
  const B = BATCH_PARAMS_FROM;
  // MATERIALIZED: the gate runs once, before anything it guards; a concurrent writer makes it wait for the
  // lock, then re-check xmin on the row's newest version (and find it changed). Rows lock in id order, so two
  // statements never wait on each other's tracks in a cycle.
  const liveStats = batches.map((b) => JSON.stringify(b.liveStats) ?? "null");
  const rows = await q.rows(
    { ...BATCH_ROW, ...nullable(RETURNED_TRACK_ROW) },
    `WITH b AS (SELECT b.*, ls.value AS live_stats
                  FROM unnest($${B}::uuid[], $${B + 1}::text[], $${B + 3}::timestamptz[], $${B + 4}::timestamptz[])
                       WITH ORDINALITY AS b (track_id, version, min_ts, max_ts, ord)
                  JOIN jsonb_array_elements($${B + 2}::jsonb) WITH ORDINALITY AS ls (value, ord) ON ls.ord = b.ord),
          g AS MATERIALIZED (SELECT t.id FROM tracks t JOIN b ON b.track_id = t.id AND t.xmin = b.version::xid
                              ORDER BY t.id FOR UPDATE OF t),
          ins AS (${insert} RETURNING track_id),
          n AS (SELECT track_id, count(*)::int AS inserted FROM ins GROUP BY track_id),
          t AS (UPDATE tracks SET points_count = tracks.points_count + n.inserted, live_stats = b.live_stats,
                       updated_at = now()
                  FROM n JOIN b ON b.track_id = n.track_id
                 WHERE tracks.id = n.track_id RETURNING ${RETURNED_TRACK_COLUMNS}, tracks.xmin::text AS _version),
          log_seq AS (UPDATE events SET live_seq = live_seq + (SELECT count(*) FROM n)::int
                       WHERE id = $${B + 5}::uuid AND EXISTS (SELECT 1 FROM n) RETURNING live_seq),
          numbered AS (SELECT b.track_id, b.min_ts, b.max_ts,
                              (SELECT live_seq FROM log_seq) - (SELECT count(*) FROM n)::int
                                + (row_number() OVER (ORDER BY b.ord))::int AS seq
                         FROM b JOIN n ON n.track_id = b.track_id),
          log_entry AS (INSERT INTO live_batches (event_id, seq, track_id, kind, min_ts, max_ts)
                        SELECT $${B + 5}::uuid, seq, track_id, 'points', min_ts, max_ts FROM numbered WHERE seq IS NOT NULL
                        RETURNING seq, track_id)
     SELECT g.id IS NOT NULL AS _gated, coalesce(n.inserted, 0) AS _inserted, log_entry.seq AS _seq,
            t.id IS NOT NULL AS _has_track, t.*
       FROM b LEFT JOIN g ON g.id = b.track_id LEFT JOIN n ON n.track_id = b.track_id
       LEFT JOIN log_entry ON log_entry.track_id = b.track_id LEFT JOIN t ON t.id = b.track_id
      ORDER BY b.ord`,
    // Array parameters as literals written here, the totals as one JSON array: node-postgres escapes an array
    // element by element, 3 kB of JSON a batch (a tenth of the server's time at 1,000 batches a second).
    [
      ...points,
      arrayLiteral(batches.map((b) => b.trackId)),
      arrayLiteral(batches.map((b) => b.version)),
      `[${liveStats.join(",")}]`,
      arrayLiteral(bounds.map((x) => x[0])),
      arrayLiteral(bounds.map((x) => x[1])),
      eventId,
    ],
  );
  return batches.map((_, i) => {
    const r = rows[i];
    if (!r) return { gated: false, inserted: 0, track: null, seq: null, version: null };
    const { _gated: gated, _inserted: inserted, _seq: seq, _has_track: hasTrack, _version, ...track } = r;
    if (inserted === 0 || seq === null || !hasTrack)
      return { gated, inserted, track: null, seq: null, version: null };
    // The stored totals as a read would give them back: parsed from the JSON that was stored.
    const [checked] = checkRows(
      TRACK_ROW,
      [{ ...track, live_stats: JSON.parse(liveStats[i] ?? "null") }],
      "batch track",
    );
    return { gated, inserted, track: checked ? toTrack(checked) : null, seq, version: _version };
  });
}

/** The columns of a LEFT JOINed row: every one may be null. */
export function nullable<S extends Record<string, string>>(spec: S) {
  return Object.fromEntries(Object.entries(spec).map(([k, v]) => [k, v.endsWith("?") ? v : `${v}?`])) as {
    [K in keyof S]: S[K] extends `${string}?` ? S[K] : `${S[K]}?`;
  };
}

/** The stored point columns, in the order of `pointParams`' arrays ($2 … $15). */
const POINT_COLUMNS =
  "ts, lat, lon, altitude, accuracy, speed_mps, heading, battery, origin, distance_m, heart_rate_bpm, cadence_rpm, power_w, temperature_c";
const POINT_FIELDS = [
  "lat",
  "lon",
  "altitude",
  "accuracy",
  "speedMps",
  "heading",
  "battery",
  "origin",
  "distanceM",
  "heartRateBpm",
  "cadenceRpm",
  "powerW",
  "temperatureC",
] as const satisfies ReadonlyArray<keyof Point>;
const ARRAY_TYPES = ["float8", ...POINT_FIELDS.map((f) => (f === "origin" ? "text" : "float8"))];
/** Parameters of a batch statement after the point arrays ($1 … $15). */
const BATCH_PARAMS_FROM = ARRAY_TYPES.length + 2;
/** The select list over unnest's columns: times come as epoch milliseconds (see pointParams). */
const SELECTED = `to_timestamp(u.ts_ms / 1000.0), ${POINT_COLUMNS.replace("ts, ", "")
  .split(", ")
  .map((c) => `u.${c}`)
  .join(", ")}`;
const UNNESTED = POINT_COLUMNS.replace("ts, ", "ts_ms, ");

/**
 * The INSERT over the column arrays of `pointParams`: $1 is the track (one uuid), or with `perPoint` an array
 * with every point's track (several batches in one statement); rows kept where `where` holds. A column sent
 * as NULL (no point has it) is all nulls: unnest pads it.
 */
function insertPointsSql(where = "true", perPoint = false): string {
  const arrays = ARRAY_TYPES.map((type, i) => `$${i + 2}::${type}[]`).join(", ");
  const rows = perPoint
    ? `SELECT u.track_id, ${SELECTED} FROM unnest($1::uuid[], ${arrays}) AS u (track_id, ${UNNESTED})`
    : `SELECT $1::uuid, ${SELECTED} FROM unnest(${arrays}) AS u (${UNNESTED})`;
  return `
  INSERT INTO points (track_id, ${POINT_COLUMNS})
  ${rows}
   WHERE ${where}
  ON CONFLICT (track_id, ts) DO NOTHING`;
}

/** An array literal of values that need no escaping inside double quotes (uuids, xids, ISO times). */
const arrayLiteral = (values: ReadonlyArray<string | null | undefined>) =>
  `{${values.map((v) => (v === null || v === undefined ? "NULL" : `"${v}"`)).join(",")}}`;

/** An array literal of numbers ("{1.5,NULL,2}"), or null when every value is null. */
export function numberArray(values: ReadonlyArray<number | null>): string | null {
  let any = false;
  let finite = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === null || v === undefined) continue;
    any = true;
    if (!Number.isFinite(v)) finite = false;
  }
  if (!any) return null;
  // JSON writes numbers as String() does, in one native pass without a string per element (a fifth of a
  // batch's server time when written one by one), and null as `null`, which PostgreSQL reads as NULL. It
  // writes NaN and ±Infinity as null too: those (no API point has them) keep their own spelling.
  if (finite) return `{${JSON.stringify(values).slice(1, -1)}}`;
  const parts = new Array<string>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    parts[i] = v === null || v === undefined ? "NULL" : String(v);
  }
  return `{${parts.join(",")}}`;
}

/** An array literal of texts, each quoted (backslash and double quote escaped), or null when all are null. */
function textArray(values: ReadonlyArray<string | null>): string | null {
  if (values.every((v) => v === null || v === undefined)) return null;
  const quote = (v: string) => `"${v.replace(/[\\"]/g, "\\$&")}"`;
  return `{${values.map((v) => (v === null || v === undefined ? "NULL" : quote(v))).join(",")}}`;
}

/**
 * The points as one array per column, for unnest(): one parameter per column, whatever the batch size. The
 * arrays go as literals written here (node-postgres escapes an array element by element, which was a tenth of
 * a batch's server time), times as epoch milliseconds (whole ones, as an ISO string would carry them).
 */
function pointParams(trackId: string | string[], points: readonly Point[]): unknown[] {
  const n = points.length;
  const ts = new Array<number>(n);
  const columns = POINT_FIELDS.map(() => new Array<number | string | null>(n));
  for (let i = 0; i < n; i++) {
    const p = points[i] as Point;
    ts[i] = Math.trunc(p.ts);
    for (let c = 0; c < POINT_FIELDS.length; c++)
      (columns[c] as Array<number | string | null>)[i] = p[POINT_FIELDS[c] as (typeof POINT_FIELDS)[number]];
  }
  return [
    typeof trackId === "string" ? trackId : `{${trackId.join(",")}}`,
    numberArray(ts),
    ...columns.map((values, c) =>
      POINT_FIELDS[c] === "origin"
        ? textArray(values as Array<string | null>)
        : numberArray(values as Array<number | null>),
    ),
  ];
}

/** `ts` as epoch milliseconds: parsing 50,000 timestamptz texts into Dates was the read's largest cost. */
const POINT_ROW = {
  ts_ms: "float",
  lat: "float",
  lon: "float",
  altitude: "float?",
  accuracy: "float?",
  speed_mps: "float?",
  heading: "float?",
  battery: "float?",
  origin: "text?",
  distance_m: "float?",
  heart_rate_bpm: "float?",
  cadence_rpm: "float?",
  power_w: "float?",
  temperature_c: "float?",
} as const;

/** Points of a track by timestamp ascending (the primary key's order), optionally one page of them. */
export async function selectPoints(
  q: Queryable,
  trackId: string,
  page: { limit?: number; offset?: number } = {},
): Promise<Point[]> {
  const rows = await q.rows(
    POINT_ROW,
    `SELECT (extract(epoch FROM ts) * 1000)::float8 AS ts_ms, ${POINT_COLUMNS.replace("ts, ", "")}
       FROM points WHERE track_id = $1 ORDER BY ts LIMIT $2 OFFSET $3`,
    [trackId, page.limit ?? null, page.offset ?? 0],
  );
  return rows.map((r) => ({
    ts: r.ts_ms,
    lat: r.lat,
    lon: r.lon,
    altitude: r.altitude,
    accuracy: r.accuracy,
    speedMps: r.speed_mps,
    heading: r.heading,
    battery: r.battery,
    origin: r.origin,
    distanceM: r.distance_m,
    heartRateBpm: r.heart_rate_bpm,
    cadenceRpm: r.cadence_rpm,
    powerW: r.power_w,
    temperatureC: r.temperature_c,
  }));
}

/** A position as live views need it. */
export interface Position {
  ts: number;
  lat: number;
  lon: number;
  altitude: number | null;
}

/**
 * Positions of some tracks (or of a whole event) by track, in time order, optionally only up to `until`, after
 * `after`, or within [from, to] (one batch's range).
 */
export async function selectPositions(
  q: Queryable,
  where: { trackIds: readonly string[] } | { eventId: string },
  range: { until?: number; after?: number; from?: number; to?: number } = {},
): Promise<Map<string, Position[]>> {
  const [filter, key] =
    "trackIds" in where
      ? ["p.track_id = ANY($1::uuid[])", where.trackIds]
      : ["p.track_id IN (SELECT id FROM tracks WHERE event_id = $1)", where.eventId];
  const rows = await q.rows(
    { track_id: "uuid", ts: "timestamp", lat: "float", lon: "float", altitude: "float?" },
    `SELECT p.track_id, p.ts, p.lat, p.lon, p.altitude FROM points p
      WHERE ${filter} AND ($2::timestamptz IS NULL OR p.ts <= $2) AND ($3::timestamptz IS NULL OR p.ts > $3)
        AND ($4::timestamptz IS NULL OR p.ts >= $4) AND ($5::timestamptz IS NULL OR p.ts <= $5)
      ORDER BY p.track_id, p.ts`,
    [key, iso(range.until ?? null), iso(range.after ?? null), iso(range.from ?? null), iso(range.to ?? null)],
  );
  const out = new Map<string, Position[]>();
  for (const r of rows) {
    let list = out.get(r.track_id);
    if (!list) {
      list = [];
      out.set(r.track_id, list);
    }
    list.push({ ts: r.ts.getTime(), lat: r.lat, lon: r.lon, altitude: r.altitude });
  }
  return out;
}

/**
 * The positions of each of `ranges` (a track, device times from..to inclusive), in its order: one statement
 * for a live catch-up's thousands of batches, which were three queries each.
 */
export async function selectPositionRanges(
  q: Queryable,
  ranges: ReadonlyArray<{ trackId: string; from: number; to: number }>,
): Promise<Position[][]> {
  const out: Position[][] = ranges.map(() => []);
  if (ranges.length === 0) return out;
  const rows = await q.rows(
    { i: "int", ts: "timestamp", lat: "float", lon: "float", altitude: "float?" },
    `SELECT (r.i - 1)::int AS i, p.ts, p.lat, p.lon, p.altitude
      FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) WITH ORDINALITY AS r(track_id, from_ts, to_ts, i)
      JOIN points p ON p.track_id = r.track_id AND p.ts >= r.from_ts AND p.ts <= r.to_ts
      ORDER BY r.i, p.ts`,
    [ranges.map((r) => r.trackId), ranges.map((r) => iso(r.from)), ranges.map((r) => iso(r.to))],
  );
  for (const r of rows) out[r.i]?.push({ ts: r.ts.getTime(), lat: r.lat, lon: r.lon, altitude: r.altitude });
  return out;
}

/** The track's last position by device time (a solo run's distance left), null without points. */
export async function selectLastPosition(
  q: Queryable,
  trackId: string,
): Promise<{ lat: number; lon: number } | null> {
  const [row] = await q.rows(
    { lat: "float", lon: "float" },
    "SELECT lat, lon FROM points WHERE track_id = $1 ORDER BY ts DESC LIMIT 1",
    [trackId],
  );
  return row ?? null;
}
