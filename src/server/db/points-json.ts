import type { TListPointsResponse } from "~/server/api/schemas/track";
import type { Queryable } from "./client";

/**
 * The optional fields of a point on output, in the order the API has always written them; each column is
 * named as its field. A NULL column leaves its field out (the contract: a point carries the fields sent).
 */
const OPTIONAL = [
  "altitude",
  "accuracy",
  "speed_mps",
  "heading",
  "battery",
  "origin",
  "heart_rate_bpm",
  "cadence_rpm",
  "power_w",
  "temperature_c",
] as const satisfies ReadonlyArray<keyof PointOut>;
type PointOut = TListPointsResponse["points"][number];
/** Compiles only while OPTIONAL names every field of the output schema beyond the three always written. */
type Written<Missing extends never> = Missing;
export type AllFieldsWritten = Written<
  Exclude<keyof PointOut, "latitude" | "longitude" | "timestamp" | (typeof OPTIONAL)[number]>
>;

/**
 * One point as JSON text, written by the database: `concat` skips its NULL arguments, so `',"x":' || x`
 * drops the field with its NULL. Numbers in float8's shortest round-trip form (JSON.stringify's digits; only
 * |x| < 1e-4 is written 1e-05 rather than 0.00001, the same number); times as toISOString writes them
 * (UTC, milliseconds: the column keeps no more); `origin` through to_json, quoted and escaped.
 */
const POINT_JSON = `concat('{"latitude":', lat, ',"longitude":', lon,
  ',"timestamp":"', to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '"',
  ${OPTIONAL.map((c) => `',"${c}":' || ${c === "origin" ? "to_json(origin)" : c}`).join(",\n  ")},
  '}')`;

/**
 * A page of a track's points by timestamp ascending, as the JSON text of the API's `points` array: the
 * database writes it, so that 50,000 points are one string to send rather than 50,000 rows to parse, turn
 * into objects and stringify again (that was two thirds of GET …/points).
 */
export async function selectPointsJson(
  q: Queryable,
  trackId: string,
  page: { limit?: number; offset?: number } = {},
): Promise<string> {
  const [row] = await q.rows(
    { points: "text" },
    // In the page's order without `string_agg(…, ',' ORDER BY ts)`: the aggregate reads the sorted subquery
    // as it comes, nothing (no join, no grouping) stands between them to reorder it, as PostgreSQL's manual
    // requires of that form; re-sorting 50,000 texts cost a quarter of the statement on PostgreSQL 15.
    `SELECT coalesce('[' || string_agg(${POINT_JSON}, ',') || ']', '[]') AS points
       FROM (SELECT * FROM points WHERE track_id = $1 ORDER BY ts LIMIT $2 OFFSET $3) AS page`,
    [trackId, page.limit ?? null, page.offset ?? 0],
  );
  return row?.points ?? "[]";
}
