import type { Queryable } from "./client";

/**
 * The track page's derived data, stored once per version of the track (see services/track-analysis.ts):
 * `chart` is the chart series, splits and bounds at `max_points`; `paths` the simplified map paths by key.
 * A row whose version is not the track's current one is stale and is replaced.
 */
const DERIVED_ROW = { version: "text", max_points: "int", chart: "json", paths: "json" } as const;

export interface DerivedRow {
  version: string;
  maxPoints: number;
  chart: unknown;
  paths: Record<string, unknown>;
}

export async function selectDerived(q: Queryable, trackId: string): Promise<DerivedRow | null> {
  const [row] = await q.rows(
    DERIVED_ROW,
    "SELECT version, max_points, chart, paths FROM track_derived WHERE track_id = $1",
    [trackId],
  );
  if (!row) return null;
  const paths =
    typeof row.paths === "object" && row.paths !== null ? (row.paths as Record<string, unknown>) : {};
  return { version: row.version, maxPoints: row.max_points, chart: row.chart, paths };
}

/**
 * Replaces the track's derived data, computed from the track as it was at `basedOn` (its updated_at): if the
 * track has changed since (or was deleted), nothing is stored — a slow computation never overwrites a newer
 * one with an older version.
 */
export async function upsertDerived(
  q: Queryable,
  trackId: string,
  d: { version: string; maxPoints: number; chart: unknown; paths: Record<string, unknown>; basedOn: Date },
): Promise<void> {
  await q.execute(
    `INSERT INTO track_derived (track_id, version, max_points, chart, paths, computed_at)
     SELECT $1, $2, $3, $4::jsonb, $5::jsonb, now()
      WHERE EXISTS (SELECT 1 FROM tracks WHERE id = $1 AND updated_at = $6::timestamptz)
     ON CONFLICT (track_id) DO UPDATE
       SET version = EXCLUDED.version, max_points = EXCLUDED.max_points, chart = EXCLUDED.chart,
           paths = EXCLUDED.paths, computed_at = EXCLUDED.computed_at`,
    [
      trackId,
      d.version,
      d.maxPoints,
      JSON.stringify(d.chart),
      JSON.stringify(d.paths),
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
