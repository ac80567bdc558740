import { type Scope, scopeCondition } from "~/server/access/scope";
import { type ActivityType, isActivityType, isTrackState, type TrackState } from "~/server/domain/activity";
import type { AltitudeSource, DeviceTotals, ParsedSample } from "~/server/domain/formats/types";
import { type ActivitySummary, isLiveStatsState, type LiveStatsState } from "~/server/domain/stats";
import {
  STATISTICS,
  type StatColumn,
  type StatKey,
  type StatValues,
} from "~/server/domain/stats/descriptors";
import type { Track as TrackModel } from "~/generated/prisma/client";
import type { Queryable } from "./client";
import { columns, type Row, RowShapeError } from "./rows";

/** A pause the athlete asked for: [start ms, end ms | null while paused]. */
export type Pause = [number, number | null];

/** A track as the services see it: Prisma's model, with its JSON columns typed. */
export type Track = Omit<
  TrackModel,
  | "pauses"
  | "liveStats"
  | "activityType"
  | "state"
  | "deviceTotals"
  | "altitudeSource"
  | "samples"
  | "summary"
> & {
  activityType: ActivityType;
  state: TrackState;
  pauses: Pause[];
  liveStats: LiveStatsState | null;
  deviceTotals: DeviceTotals | null;
  altitudeSource: AltitudeSource | null;
  samples: ParsedSample[] | null;
  summary: ActivitySummary | null;
};

/** The statistics columns, one per entry of domain/stats/descriptors.ts. */
const STAT_ROW = Object.fromEntries(STATISTICS.map((d) => [d.column, "float?"])) as {
  [C in StatColumn]: "float?";
};

export const TRACK_ROW = {
  id: "uuid",
  event_id: "uuid",
  device_track_id: "text",
  title: "text",
  activity_type: "text",
  state: "text",
  start_ts: "timestamp",
  end_ts: "timestamp?",
  image_url: "text?",
  user_id: "text?",
  points_count: "int",
  pauses: "json",
  live_stats: "json?",
  ...STAT_ROW,
  stats_computed_at: "timestamp?",
  device_totals: "json?",
  altitude_source: "text?",
  samples: "json?",
  summary: "json?",
  created_at: "timestamp",
  updated_at: "timestamp",
} as const;
export type TrackRow = Row<typeof TRACK_ROW>;
const TRACK_COLUMNS = columns(TRACK_ROW, "t");

function pausesOf(value: unknown): Pause[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((p): Pause[] =>
    Array.isArray(p) && typeof p[0] === "number" && (typeof p[1] === "number" || p[1] === null)
      ? [[p[0], p[1]]]
      : [],
  );
}

export function toTrack(r: TrackRow): Track {
  if (!isActivityType(r.activity_type) || !isTrackState(r.state))
    throw new RowShapeError(`track ${r.id}: unknown activity "${r.activity_type}" or state "${r.state}"`);
  return {
    id: r.id,
    eventId: r.event_id,
    deviceTrackId: r.device_track_id,
    title: r.title,
    activityType: r.activity_type,
    state: r.state,
    startTs: r.start_ts,
    endTs: r.end_ts,
    imageUrl: r.image_url,
    userId: r.user_id,
    pointsCount: r.points_count,
    pauses: pausesOf(r.pauses),
    liveStats: isLiveStatsState(r.live_stats) ? r.live_stats : null,
    ...statsOfRow(r),
    statsComputedAt: r.stats_computed_at,
    // JSON the server itself wrote (imports): shapes it knows, else none.
    deviceTotals: isObject(r.device_totals) ? (r.device_totals as DeviceTotals) : null,
    altitudeSource:
      r.altitude_source === "barometric" || r.altitude_source === "gps" ? r.altitude_source : null,
    samples: Array.isArray(r.samples) ? (r.samples as ParsedSample[]) : null,
    summary: isObject(r.summary) ? (r.summary as ActivitySummary) : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const finiteOrNull = (v: number | null | undefined) =>
  typeof v === "number" && Number.isFinite(v) ? v : null;
const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);

/** The statistics of a row; rows written before non-finite values were refused may hold them: unknown. */
function statsOfRow(r: TrackRow): StatValues {
  return Object.fromEntries(STATISTICS.map((d) => [d.key, finiteOrNull(r[d.column])])) as StatValues;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => UUID.test(id);

/**
 * The track if the scope may see it, else null; `lock` takes its row lock (FOR UPDATE) for the caller's
 * transaction. The row version (`xmin`) lets a later write check that nobody changed the row meanwhile.
 */
export async function selectTrack(
  q: Queryable,
  scope: Scope,
  id: string,
  lock = false,
): Promise<{ track: Track; version: string } | null> {
  if (!isUuid(id)) return null;
  const [condition, param] = scopeCondition(scope, "t.event_id", 2);
  const rows = await q.rows(
    { ...TRACK_ROW, row_version: "text" },
    `SELECT ${TRACK_COLUMNS}, t.xmin::text AS row_version FROM tracks t
      WHERE t.id = $1 AND ${condition}${lock ? " FOR UPDATE" : ""}`,
    [id, param],
  );
  const row = rows[0];
  return row ? { track: toTrack(row), version: row.row_version } : null;
}

export async function selectTrackById(q: Queryable, id: string): Promise<Track | null> {
  const [row] = await q.rows(TRACK_ROW, `SELECT ${TRACK_COLUMNS} FROM tracks t WHERE t.id = $1`, [id]);
  return row ? toTrack(row) : null;
}

export async function selectEventTracks(q: Queryable, eventId: string): Promise<Track[]> {
  const rows = await q.rows(
    TRACK_ROW,
    `SELECT ${TRACK_COLUMNS} FROM tracks t WHERE t.event_id = $1 ORDER BY t.start_ts, t.id`,
    [eventId],
  );
  return rows.map(toTrack);
}

export interface NewTrack {
  id: string;
  eventId: string;
  deviceTrackId: string;
  title: string;
  activityType: ActivityType;
  state: TrackState;
  startTs: Date;
  endTs: Date | null;
  imageUrl: string | null;
  userId: string | null;
  /** From an imported file. */
  deviceTotals?: DeviceTotals | null;
  altitudeSource?: AltitudeSource | null;
  samples?: ParsedSample[] | null;
}

/** Inserts a track; null when its device_track_id is already used in the event. */
export async function insertTrack(q: Queryable, t: NewTrack): Promise<string | null> {
  const rows = await q.rows(
    { id: "uuid" },
    `INSERT INTO tracks (id, event_id, device_track_id, title, activity_type, state, start_ts, end_ts, image_url,
                         user_id, device_totals, altitude_source, samples, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13::jsonb, now(), now())
     ON CONFLICT (event_id, device_track_id) DO NOTHING RETURNING id`,
    [
      t.id,
      t.eventId,
      t.deviceTrackId,
      t.title,
      t.activityType,
      t.state,
      t.startTs.toISOString(),
      t.endTs?.toISOString() ?? null,
      t.imageUrl,
      t.userId,
      t.deviceTotals ? JSON.stringify(t.deviceTotals) : null,
      t.altitudeSource ?? null,
      t.samples ? JSON.stringify(t.samples) : null,
    ],
  );
  return rows[0]?.id ?? null;
}

/** The id of the event's track with this device_track_id, if any (the 409's answer). */
export async function trackIdByDevice(
  q: Queryable,
  eventId: string,
  deviceTrackId: string,
): Promise<string | null> {
  const [row] = await q.rows(
    { id: "uuid" },
    "SELECT id FROM tracks WHERE event_id = $1 AND device_track_id = $2",
    [eventId, deviceTrackId],
  );
  return row?.id ?? null;
}

export async function updateTrackFields(
  q: Queryable,
  id: string,
  fields: { title: string; state: TrackState; endTs: Date | null; pauses: Pause[] },
): Promise<Track> {
  const [row] = await q.rows(
    TRACK_ROW,
    `UPDATE tracks t SET title = $2, state = $3, end_ts = $4, pauses = $5::jsonb, updated_at = now()
      WHERE t.id = $1 RETURNING ${TRACK_COLUMNS}`,
    [id, fields.title, fields.state, fields.endTs?.toISOString() ?? null, JSON.stringify(fields.pauses)],
  );
  if (!row) throw new Error(`track ${id} vanished under its lock`);
  return toTrack(row);
}

/** Stores final statistics: the track is stopped at `endTs`, with `pointsCount` points. */
export async function storeTrackStats(
  q: Queryable,
  id: string,
  endTs: Date,
  stats: StatValues,
  pointsCount: number,
  summary: ActivitySummary | null,
): Promise<Track> {
  const sets = STATISTICS.map((d, i) => `${d.column} = $${i + 3}`).join(", ");
  const [row] = await q.rows(
    TRACK_ROW,
    `UPDATE tracks t SET ${sets}, points_count = $${STATISTICS.length + 3}, summary = $${STATISTICS.length + 4}::jsonb,
            end_ts = $2, state = 'stopped', stats_computed_at = now(), updated_at = now()
      WHERE t.id = $1 RETURNING ${TRACK_COLUMNS}`,
    // float8 would store Infinity or NaN, and every read of the track would then fail its response schema.
    [
      id,
      endTs.toISOString(),
      ...STATISTICS.map((d) => finiteOrNull(stats[d.key])),
      pointsCount,
      summary === null ? null : JSON.stringify(summary),
    ],
  );
  if (!row) throw new Error(`track ${id} vanished under its lock`);
  return toTrack(row);
}

export async function deleteTrackRow(q: Queryable, id: string): Promise<void> {
  // Points go with the track (ON DELETE CASCADE), in the same statement.
  await q.execute("DELETE FROM tracks WHERE id = $1", [id]);
}

export interface TrackFilter {
  eventId: string;
  ownerId?: string;
  activityType?: string;
  state?: string;
  userId?: string;
  deviceTrackId?: string;
  title?: string;
  from?: Date;
  to?: Date;
  ranges: Array<{
    stat: "distanceMeters" | "durationSec" | "meanSpeedMps" | "maxSpeedMps";
    op: ">=" | "<=";
    value: number;
  }>;
  orderBy: "startTs" | "distanceMeters" | "durationSec" | "meanSpeedMps";
  descending: boolean;
  limit: number;
  offset: number;
}

const columnOf = (key: StatKey): StatColumn => {
  const d = STATISTICS.find((s) => s.key === key);
  if (!d) throw new Error(`no statistic ${key}`);
  return d.column;
};

const ORDER_COLUMNS = {
  startTs: "start_ts",
  distanceMeters: "distance_meters",
  durationSec: "duration_sec",
  meanSpeedMps: "mean_speed_mps",
} as const;

/** A page of an event's tracks, filtered and ordered in SQL (index tracks(event_id, start_ts)), and the total. */
export async function selectTrackPage(
  q: Queryable,
  f: TrackFilter,
): Promise<{ tracks: Track[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  add((p) => `t.event_id = ${p}`, f.eventId);
  if (f.ownerId) add((p) => `t.event_id IN (SELECT id FROM events WHERE owner_id = ${p})`, f.ownerId);
  if (f.activityType) add((p) => `t.activity_type = ${p}`, f.activityType);
  if (f.state) add((p) => `t.state = ${p}`, f.state);
  if (f.userId) add((p) => `t.user_id = ${p}`, f.userId);
  if (f.deviceTrackId) add((p) => `t.device_track_id = ${p}`, f.deviceTrackId);
  if (f.title) add((p) => `t.title ILIKE ${p}`, `%${f.title.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (f.from) add((p) => `t.start_ts >= ${p}`, f.from.toISOString());
  if (f.to) add((p) => `t.start_ts <= ${p}`, f.to.toISOString());
  for (const r of f.ranges) add((p) => `t.${columnOf(r.stat)} ${r.op} ${p}`, r.value);
  const whereSql = where.join(" AND ");
  const direction = f.descending ? "DESC" : "ASC";
  const [rows, counts] = await Promise.all([
    q.rows(
      TRACK_ROW,
      `SELECT ${TRACK_COLUMNS} FROM tracks t WHERE ${whereSql}
        ORDER BY t.${ORDER_COLUMNS[f.orderBy]} ${direction} NULLS LAST, t.id ${direction}
        LIMIT ${f.limit} OFFSET ${f.offset}`,
      params,
    ),
    q.rows({ total: "int" }, `SELECT count(*)::int AS total FROM tracks t WHERE ${whereSql}`, params),
  ]);
  return { tracks: rows.map(toTrack), total: counts[0]?.total ?? 0 };
}

/**
 * Summaries of the event's finished tracks of this participant (user_id; null: none given) whose time
 * overlaps [from, to]: the candidates for "the same activity imported twice".
 */
export async function selectOverlappingSummaries(
  q: Queryable,
  eventId: string,
  userId: string | null,
  from: Date,
  to: Date,
): Promise<Array<{ id: string; title: string; summary: ActivitySummary }>> {
  const rows = await q.rows(
    { id: "uuid", title: "text", summary: "json" },
    `SELECT id, title, summary FROM tracks
      WHERE event_id = $1 AND user_id IS NOT DISTINCT FROM $2 AND summary IS NOT NULL
        AND start_ts <= $4 AND coalesce(end_ts, start_ts) >= $3`,
    [eventId, userId, from.toISOString(), to.toISOString()],
  );
  return rows.flatMap((r) =>
    isObject(r.summary) ? [{ id: r.id, title: r.title, summary: r.summary as ActivitySummary }] : [],
  );
}

export type RecordStat = "paceSecPerKm" | "distanceMeters" | "durationSec" | "elevationGainM" | "maxSpeedMps";

/**
 * The best finished track per activity for each statistic (lowest pace, highest of the others). Paces only
 * count tracks of at least 1 km, so a short sprint is not a record.
 */
export async function selectRecords(q: Queryable, scope: Scope, stats: readonly RecordStat[]) {
  const [condition, param] = scopeCondition(scope, "event_id", 1);
  const parts = stats.map((stat, i) => {
    const column = columnOf(stat);
    const pace = stat === "paceSecPerKm";
    return `(SELECT DISTINCT ON (activity_type) ${i} AS stat, activity_type, ${column} AS value, id, title, start_ts
               FROM tracks WHERE ${condition} AND stats_computed_at IS NOT NULL AND ${column} IS NOT NULL
               ${pace ? "AND distance_meters >= 1000 AND pace_sec_per_km > 0" : `AND ${column} > 0`}
              ORDER BY activity_type, ${column} ${pace ? "ASC" : "DESC"}, start_ts)`;
  });
  const rows = await q.rows(
    { stat: "int", activity_type: "text", value: "float", id: "uuid", title: "text", start_ts: "timestamp" },
    parts.join(" UNION ALL "),
    [param],
  );
  return rows.map((r) => ({
    stat: stats[r.stat] as RecordStat,
    activityType: r.activity_type,
    value: r.value,
    trackId: r.id,
    title: r.title,
    startTs: r.start_ts,
  }));
}
