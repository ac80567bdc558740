import { type Scope, scopeCondition } from "~/server/access/scope";
import type { ActivitySummary } from "~/server/domain/stats";
import { STATISTICS, type StatColumn, type StatKey } from "~/server/domain/stats/descriptors";
import type { Queryable } from "./client";
import { isObject, type ShownTrack, TRACK_ROW, TRACK_SHOWN_COLUMNS, toShownTrack } from "./tracks";

/** Queries over many tracks: the filtered list, duplicates of an import, records. */

export interface TrackFilter {
  eventId: string;
  ownerId?: string;
  /** A participant's personal token lists only that participant's tracks. */
  participantId?: string;
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
): Promise<{ tracks: ShownTrack[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  add((p) => `t.event_id = ${p}`, f.eventId);
  if (f.ownerId) add((p) => `t.event_id IN (SELECT id FROM events WHERE owner_id = ${p})`, f.ownerId);
  if (f.participantId) add((p) => `t.participant_id = ${p}::uuid`, f.participantId);
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
  // One statement, the total riding on each row: on the embedded database statements queue one at a time, and
  // two in parallel per request made 100 listing clients hold 200 places in its queue (bench:fair's 503s).
  // The page is chosen by id first, so that only its rows are read whole (a running track's state is toasted).
  const order = `t.${ORDER_COLUMNS[f.orderBy]} ${direction} NULLS LAST, t.id ${direction}`;
  const rows = await q.rows(
    { ...TRACK_ROW, total_count: "int" },
    `WITH page AS (
       SELECT t.id, count(*) OVER ()::int AS total_count FROM tracks t WHERE ${whereSql}
        ORDER BY ${order} LIMIT ${f.limit} OFFSET ${f.offset})
     SELECT ${TRACK_SHOWN_COLUMNS}, page.total_count FROM page JOIN tracks t ON t.id = page.id ORDER BY ${order}`,
    params,
  );
  const first = rows[0];
  if (first || f.offset === 0) return { tracks: rows.map(toShownTrack), total: first?.total_count ?? 0 };
  // A page past the end has no row to carry the total.
  const counts = await q.rows(
    { total: "int" },
    `SELECT count(*)::int AS total FROM tracks t WHERE ${whereSql}`,
    params,
  );
  return { tracks: [], total: counts[0]?.total ?? 0 };
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
export async function selectRecords(
  q: Queryable,
  scope: Scope,
  stats: readonly RecordStat[],
  only: { eventId?: string; activityType?: string } = {},
) {
  const [scoped, param] = scopeCondition(scope, "event_id", 1);
  // One event and one activity (the track page): the (event_id, start_ts) index bounds the scan to that
  // event instead of every event of the organiser.
  const params: string[] = [param];
  let condition = scoped;
  if (only.eventId) {
    params.push(only.eventId);
    condition += ` AND event_id = $${params.length}`;
  }
  if (only.activityType) {
    params.push(only.activityType);
    condition += ` AND activity_type = $${params.length}`;
  }
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
    params,
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
