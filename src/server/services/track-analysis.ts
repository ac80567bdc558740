import type { TChartResponse, TRecordsResponse } from "~/server/api/schemas/track";
import { ACTIVITY_TYPES } from "~/server/api/schemas/track";
import type { Database } from "~/server/db";
import { simplifyIndexes, toleranceForZoom } from "~/server/domain/simplify";
import { type ActivityType, chartData, computeSplits, flagOutliers } from "~/server/domain/stats";
import { AppError } from "~/server/errors";
import { publishTrackChange } from "./live-bus";
import { appendLiveLog } from "./live-log";
import { selectPoints } from "./points";
import { findTrack, pauseIntervals, type TrackScope } from "./tracks";

/** Chart series, simplified map path and splits of a track, computed from its stored points. */
export async function trackChart(
  db: Database,
  scope: TrackScope,
  input: { id: string; max_points: number; zoom?: number },
): Promise<TChartResponse> {
  const track = await findTrack(db, scope, input.id);
  const points = await selectPoints(db, track.id);
  const activity = track.activity_type as ActivityType;
  const last = points[points.length - 1];
  const pauses = pauseIntervals(track.pauses, last?.ts ?? Date.now());
  const outlier = flagOutliers(points, activity);
  const good = points.filter((_, i) => !outlier[i]);
  let bounds: TChartResponse["bounds"] = null;
  if (good.length > 0) {
    let [minLat, minLon, maxLat, maxLon] = [90, 180, -90, -180];
    for (const p of good) {
      minLat = Math.min(minLat, p.lat);
      maxLat = Math.max(maxLat, p.lat);
      minLon = Math.min(minLon, p.lon);
      maxLon = Math.max(maxLon, p.lon);
    }
    bounds = [
      [minLat, minLon],
      [maxLat, maxLon],
    ];
  }
  // Without a zoom, aim at ~1 pixel when the whole track fills ~1000 pixels.
  const spanMeters = bounds
    ? Math.max(bounds[1][0] - bounds[0][0], bounds[1][1] - bounds[0][1]) * 111_000
    : 0;
  const tolerance =
    input.zoom !== undefined
      ? toleranceForZoom(input.zoom, good[0]?.lat ?? 0)
      : Math.max(0.5, spanMeters / 1000);
  const path = simplifyIndexes(good, tolerance).map((i): [number, number] => {
    const p = good[i];
    return p ? [p.lat, p.lon] : [0, 0];
  });
  return {
    track_id: track.id,
    points: chartData(points, { activity, maxPoints: input.max_points, pauses }).map((c) => ({
      distance_m: c.distanceMeters,
      elapsed_sec: c.elapsedSec,
      elevation_m: c.elevationM,
      speed_mps: c.speedMps,
      lat: c.lat,
      lon: c.lon,
      ts: new Date(c.ts).toISOString(),
    })),
    path,
    bounds,
    splits: computeSplits(points, { activity, pauses }).map((s) => ({
      index: s.index,
      distance_m: s.distanceMeters,
      duration_sec: s.durationSec,
      pace_sec_per_km: s.paceSecPerKm,
      elevation_gain_m: s.elevationGainM,
      elevation_loss_m: s.elevationLossM,
    })),
  };
}

export async function deleteTrack(db: Database, scope: TrackScope, id: string): Promise<{ id: string }> {
  const track = await findTrack(db, scope, id);
  const change = await db.transaction(async (tx) => {
    // Points go with the track (ON DELETE CASCADE), in the same statement.
    await tx.query("DELETE FROM tracks WHERE id = $1", [track.id]);
    return appendLiveLog(tx, { eventId: track.event_id, trackId: track.id, kind: "deleted" });
  });
  publishTrackChange(change);
  return { id: track.id };
}

type RecordKey = Exclude<keyof TRecordsResponse["records"][number], "activity_type">;
const RECORDS: Array<[RecordKey, string, "ASC" | "DESC"]> = [
  ["fastest_pace_sec_per_km", "pace_sec_per_km", "ASC"],
  ["longest_distance_m", "distance_meters", "DESC"],
  ["longest_duration_sec", "duration_sec", "DESC"],
  ["highest_climb_m", "elevation_gain_m", "DESC"],
  ["max_speed_mps", "max_speed_mps", "DESC"],
];

/**
 * Best finished tracks per activity: organiser-wide for the dashboard, the token's event for the API (a token
 * never sees other events). Paces only count tracks of at least 1 km so a short sprint is not a record.
 */
export async function trackRecords(db: Database, scope: TrackScope): Promise<TRecordsResponse> {
  const [filter, param] =
    "eventId" in scope
      ? ["event_id = $1", scope.eventId]
      : ["event_id IN (SELECT id FROM events WHERE owner_id = $1)", scope.ownerId];
  const rows = await db.query<{
    key: RecordKey;
    activity_type: string;
    value: number;
    id: string;
    title: string;
    start_ts: Date;
  }>(
    RECORDS.map(
      ([key, column, dir]) =>
        `(SELECT DISTINCT ON (activity_type) '${key}' AS key, activity_type, ${column} AS value, id, title, start_ts
            FROM tracks WHERE ${filter} AND stats_computed_at IS NOT NULL AND ${column} IS NOT NULL
            ${key === "fastest_pace_sec_per_km" ? "AND distance_meters >= 1000 AND pace_sec_per_km > 0" : `AND ${column} > 0`}
           ORDER BY activity_type, ${column} ${dir}, start_ts)`,
    ).join(" UNION ALL "),
    [param],
  );
  if (!rows) throw new AppError("INTERNAL_SERVER_ERROR", "records query failed");
  return {
    records: ACTIVITY_TYPES.map((activity) => {
      const entry: TRecordsResponse["records"][number] = {
        activity_type: activity,
        fastest_pace_sec_per_km: null,
        longest_distance_m: null,
        longest_duration_sec: null,
        highest_climb_m: null,
        max_speed_mps: null,
      };
      for (const r of rows.filter((row) => row.activity_type === activity)) {
        entry[r.key] = {
          value: r.value,
          track_id: r.id,
          title: r.title,
          start_ts: new Date(r.start_ts).toISOString(),
        };
      }
      return entry;
    }).filter((r) => RECORDS.some(([key]) => r[key] !== null)),
  };
}
