import type { Track } from "~/server/db/tracks";
import type { Point } from "~/server/domain/point";
import { computeStats, type TrackStats } from "~/server/domain/stats";
import { type Segment, segmentsOf } from "~/server/domain/stats/segments";
import { AppError } from "~/server/errors";
import { pauseIntervals } from "./tracks";

/** The segments of a track's points: the file's own, the athlete's pauses, long gaps (domain/stats/segments.ts). */
export function trackSegmentsOf(track: Track, points: readonly Point[]): Segment[] {
  const end = points[points.length - 1]?.ts ?? Date.now();
  return segmentsOf(points, { starts: track.segmentStarts ?? [], pauses: pauseIntervals(track.pauses, end) });
}

/** The points of segment `index`, or every point when no segment is asked; a segment that is not there: 404. */
export function pointsOfSegment(track: Track, points: Point[], index: number | undefined): Point[] {
  if (index === undefined) return points;
  const segment = trackSegmentsOf(track, points)[index];
  if (!segment)
    throw new AppError(
      "NOT_FOUND",
      `Segment ${index} not found (the track has ${trackSegmentsOf(track, points).length})`,
    );
  return points.slice(segment.first, segment.last + 1);
}

/** Every segment of a track with its own statistics, computed as a whole track's are. */
export function segmentsWithStats(
  track: Track,
  points: readonly Point[],
): Array<Segment & { stats: TrackStats }> {
  return trackSegmentsOf(track, points).map((segment) => ({
    ...segment,
    stats: computeStats(points.slice(segment.first, segment.last + 1), {
      activity: track.activityType,
      altitudeSource: track.altitudeSource ?? undefined,
    }),
  }));
}
