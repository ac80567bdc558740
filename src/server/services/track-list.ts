import type { TListTracksRequest, TListTracksResponse } from "~/server/api/schemas/track";
import type { Database } from "~/server/db";
import { AppError } from "~/server/errors";
import { type TrackRow, type TrackScope, toTrackResponse } from "./tracks";

const ORDER_COLUMNS = {
  start_ts: "start_ts",
  distance: "distance_meters",
  duration: "duration_sec",
  mean_speed: "mean_speed_mps",
} as const;

/** A page of an event's tracks, filtered and ordered in SQL (index tracks(event_id, start_ts)). */
export async function listTracks(
  db: Database,
  scope: TrackScope,
  input: TListTracksRequest,
): Promise<TListTracksResponse> {
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (p: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  if ("eventId" in scope) {
    add((p) => `event_id = ${p}`, scope.eventId);
  } else {
    if (!input.event_id) throw new AppError("BAD_REQUEST", "event_id is required");
    add((p) => `event_id = ${p}`, input.event_id);
    add((p) => `event_id IN (SELECT id FROM events WHERE owner_id = ${p})`, scope.ownerId);
  }
  if (input.activity_type) add((p) => `activity_type = ${p}`, input.activity_type);
  if (input.state) add((p) => `state = ${p}`, input.state);
  if (input.user_id) add((p) => `user_id = ${p}`, input.user_id);
  if (input.title) add((p) => `title ILIKE ${p}`, `%${input.title.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  if (input.from) add((p) => `start_ts >= ${p}`, new Date(input.from).toISOString());
  if (input.to) add((p) => `start_ts <= ${p}`, new Date(input.to).toISOString());
  const ranges: Array<[number | undefined, string, ">=" | "<="]> = [
    [input.distance_min, "distance_meters", ">="],
    [input.distance_max, "distance_meters", "<="],
    [input.duration_min, "duration_sec", ">="],
    [input.duration_max, "duration_sec", "<="],
    [input.speed_min, "mean_speed_mps", ">="],
    [input.speed_max, "mean_speed_mps", "<="],
  ];
  for (const [value, column, op] of ranges)
    if (value !== undefined) add((p) => `${column} ${op} ${p}`, value);
  const whereSql = where.join(" AND ");
  const column = ORDER_COLUMNS[input.order_by];
  const direction = input.order === "asc" ? "ASC" : "DESC";
  const offset = (input.page - 1) * input.per_page;
  const [rows, counts] = await Promise.all([
    db.query<TrackRow>(
      `SELECT * FROM tracks WHERE ${whereSql}
        ORDER BY ${column} ${direction} NULLS LAST, id ${direction}
        LIMIT ${input.per_page} OFFSET ${offset}`,
      params,
    ),
    db.query<{ total: number }>(`SELECT count(*)::int AS total FROM tracks WHERE ${whereSql}`, params),
  ]);
  return {
    tracks: rows.map(toTrackResponse),
    total: counts[0]?.total ?? 0,
    page: input.page,
    per_page: input.per_page,
  };
}
