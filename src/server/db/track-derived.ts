import type { Queryable } from "./client";

/**
 * The track page's derived data, stored once per version of the track (see services/track-analysis.ts):
 * `chart` is the chart series, splits and bounds at `max_points`; `paths` the simplified map paths by key;
 * `segments` the segments with their statistics (null in a row stored before they were).
 * A row whose version is not the track's current one is stale and is replaced.
 */
const DERIVED_ROW = {
  version: "text",
  max_points: "int",
  chart: "json",
  paths: "json",
  segments: "json?",
} as const;

export interface DerivedRow {
  version: string;
  maxPoints: number;
  chart: unknown;
  paths: Record<string, unknown>;
  segments: unknown;
}

export async function selectDerived(q: Queryable, trackId: string): Promise<DerivedRow | null> {
  const [row] = await q.rows(
    DERIVED_ROW,
    "SELECT version, max_points, chart, paths, segments FROM track_derived WHERE track_id = $1",
    [trackId],
  );
  if (!row) return null;
  const paths =
    typeof row.paths === "object" && row.paths !== null ? (row.paths as Record<string, unknown>) : {};
  return {
    version: row.version,
    maxPoints: row.max_points,
    chart: row.chart,
    paths,
    segments: row.segments ?? null,
  };
}

/** The stored segments alone: the page asks for them beside the chart, and need not read the chart twice. */
export async function selectDerivedSegments(
  q: Queryable,
  trackId: string,
): Promise<{ version: string; segments: unknown } | null> {
  const [row] = await q.rows(
    { version: "text", segments: "json?" } as const,
    "SELECT version, segments FROM track_derived WHERE track_id = $1",
    [trackId],
  );
  return row ? { version: row.version, segments: row.segments ?? null } : null;
}

/**
 * Replaces the track's derived data, computed from the track as it was at `basedOn` (its updated_at): if the
 * track has changed since (or was deleted), nothing is stored — a slow computation never overwrites a newer
 * one with an older version.
 */
export async function upsertDerived(
  q: Queryable,
  trackId: string,
  d: {
    version: string;
    maxPoints: number;
    chart: unknown;
    paths: Record<string, unknown>;
    segments: unknown;
    basedOn: Date;
  },
): Promise<void> {
  await q.execute(
    `INSERT INTO track_derived (track_id, version, max_points, chart, paths, segments, computed_at)
     SELECT $1, $2, $3, $4::jsonb, $5::jsonb, $6::jsonb, now()
      WHERE EXISTS (SELECT 1 FROM tracks WHERE id = $1 AND updated_at = $7::timestamptz)
     ON CONFLICT (track_id) DO UPDATE
       SET version = EXCLUDED.version, max_points = EXCLUDED.max_points, chart = EXCLUDED.chart,
           paths = EXCLUDED.paths, segments = EXCLUDED.segments, computed_at = EXCLUDED.computed_at`,
    [
      trackId,
      d.version,
      d.maxPoints,
      JSON.stringify(d.chart),
      JSON.stringify(d.paths),
      JSON.stringify(d.segments),
      d.basedOn.toISOString(),
    ],
  );
}

/** Adds one simplified path to the stored row, if it is still of `version`. */
export async function addDerivedPath(
  q: Queryable,
  trackId: string,
  version: string,
  key: string,
  path: unknown,
): Promise<void> {
  await q.execute(
    `UPDATE track_derived SET paths = paths || jsonb_build_object($3::text, $4::jsonb)
      WHERE track_id = $1 AND version = $2`,
    [trackId, version, key, JSON.stringify(path)],
  );
}
