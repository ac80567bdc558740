import type { Scope } from "~/server/access/scope";
import type { Database } from "~/server/db";
import { selectPoints } from "~/server/db/points";
import { type RecordStat, selectRecords } from "~/server/db/track-queries";
import { ACTIVITY_TYPES, type ActivityType } from "~/server/domain/activity";
import { simplifyIndexes, toleranceForZoom } from "~/server/domain/simplify";
import {
  type ChartPoint,
  chartData,
  computeSplits,
  flagOutliers,
  type Split,
  sampleChartData,
} from "~/server/domain/stats";
import { pointsOfSegment } from "./segments";
import { findTrack, pauseIntervals } from "./tracks";

export interface TrackChart {
  trackId: string;
  /** lat/lon null for a recording without GPS. */
  points: Array<Omit<ChartPoint, "lat" | "lon"> & { lat: number | null; lon: number | null }>;
  path: Array<[number, number]>;
  bounds: [[number, number], [number, number]] | null;
  splits: Split[];
}

/** Chart series, simplified map path and splits of a track, computed from its stored points. */
export async function trackChart(
  db: Database,
  scope: Scope,
  id: string,
  opts: { maxPoints: number; zoom?: number; segment?: number },
): Promise<TrackChart> {
  const track = await findTrack(db, scope, id);
  const points = pointsOfSegment(track, await selectPoints(db, track.id), opts.segment);
  const activity = track.activityType;
  const last = points[points.length - 1];
  const pauses = pauseIntervals(track.pauses, last?.ts ?? Date.now());
  const options = { activity, pauses, altitudeSource: track.altitudeSource ?? undefined };
  if (points.length === 0 && track.samples) {
    // A recording without GPS: its series, no map.
    const series = sampleChartData(track.samples, { ...options, maxPoints: opts.maxPoints });
    return {
      trackId: track.id,
      points: series.map((c) => ({ ...c, lat: null, lon: null })),
      path: [],
      bounds: null,
      splits: [],
    };
  }
  const outlier = flagOutliers(points, activity);
  const good = points.filter((_, i) => !outlier[i]);
  let bounds: TrackChart["bounds"] = null;
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
    opts.zoom !== undefined
      ? toleranceForZoom(opts.zoom, good[0]?.lat ?? 0)
      : Math.max(0.5, spanMeters / 1000);
  const path = simplifyIndexes(good, tolerance).flatMap((i): Array<[number, number]> => {
    const p = good[i];
    return p ? [[p.lat, p.lon]] : [];
  });
  return {
    trackId: track.id,
    points: chartData(points, { ...options, maxPoints: opts.maxPoints }),
    path,
    bounds,
    splits: computeSplits(points, options),
  };
}

export const RECORD_STATS: readonly RecordStat[] = [
  "paceSecPerKm",
  "distanceMeters",
  "durationSec",
  "elevationGainM",
  "maxSpeedMps",
];

export interface TrackRecord {
  value: number;
  trackId: string;
  title: string;
  startTs: Date;
}

/**
 * Best finished tracks per activity: organiser-wide for the dashboard, the token's event for the API (a token
 * never sees other events). Activities without any record are left out.
 */
export async function trackRecords(
  db: Database,
  scope: Scope,
): Promise<Array<{ activityType: ActivityType; records: Partial<Record<RecordStat, TrackRecord>> }>> {
  const rows = await selectRecords(db, scope, RECORD_STATS);
  return ACTIVITY_TYPES.flatMap((activityType) => {
    const records: Partial<Record<RecordStat, TrackRecord>> = {};
    for (const r of rows)
      if (r.activityType === activityType)
        records[r.stat] = { value: r.value, trackId: r.trackId, title: r.title, startTs: r.startTs };
    return Object.keys(records).length > 0 ? [{ activityType, records }] : [];
  });
}
