import type {
  TChartResponse,
  TCreateTrackRequest,
  TListTracksRequest,
  TPoint,
  TRecordsResponse,
  TSegmentsResponse,
  TSyncRequest,
  TTrackResponse,
} from "~/server/api/schemas/track";
import type { RecordStat } from "~/server/db/track-queries";
import type { ShownTrack } from "~/server/db/tracks";
import { byColumn, fromColumns, type StatValues } from "~/server/domain/stats/descriptors";
import type { TrackChart, trackRecords } from "~/server/services/track-analysis";
import type { TimeBound, TrackQuery } from "~/server/services/track-list";
import type { trackSegments } from "~/server/services/track-analysis";
import type { TrackInput } from "~/server/services/tracks";
import type { Point } from "~/server/domain/point";
import { liveStatsOf } from "~/server/domain/stats";

/**
 * Where the API's shapes (snake_case, ISO strings: schemas/) and the domain's (camelCase, Dates, epoch ms)
 * meet: requests become service inputs here, and service results become responses.
 */

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Final statistics once computed; while the track runs, the running totals kept batch by batch. */
export function trackStats(track: ShownTrack): TTrackResponse["stats"] {
  const known = track.statsComputedAt ? track : track.liveStats ? liveStatsOf(track.liveStats) : {};
  return { ...byColumn(known), points_count: track.pointsCount };
}

/** `distanceLeftM`: from the last point to a solo run's destination, when the caller looked it up. */
export function toTrackResponse(track: ShownTrack, distanceLeftM: number | null = null): TTrackResponse {
  return {
    id: track.id,
    event_id: track.eventId,
    device_track_id: track.deviceTrackId,
    title: track.title,
    activity_type: track.activityType,
    state: track.state,
    start_ts: track.startTs.toISOString(),
    end_ts: iso(track.endTs),
    image_url: track.imageUrl,
    notes: track.notes,
    user_id: track.userId,
    participant_id: track.participantId,
    destination:
      track.destLat !== null && track.destLon !== null ? { lat: track.destLat, lon: track.destLon } : null,
    distance_left_m: distanceLeftM,
    points_count: track.pointsCount,
    stats: trackStats(track),
    created_at: track.createdAt.toISOString(),
    updated_at: track.updatedAt.toISOString(),
  };
}

export const trackInput = (t: TCreateTrackRequest & { end_ts?: string | null }): TrackInput => ({
  deviceTrackId: t.device_track_id,
  title: t.title ?? undefined,
  activityType: t.activity_type,
  startTs: t.start_ts ? new Date(t.start_ts) : undefined,
  endTs: t.end_ts ? new Date(t.end_ts) : undefined,
  userId: t.user_id ?? undefined,
  imageUrl: t.image_url ?? undefined,
  notes: t.notes ?? undefined,
  destination: t.destination ?? null,
});

/** An API point in domain form: optional fields absent (or null) are stored as null, never as 0. */
export const toPoint = (p: TPoint): Point => ({
  ts: Date.parse(p.timestamp),
  lat: p.latitude,
  lon: p.longitude,
  altitude: p.altitude ?? null,
  accuracy: p.accuracy ?? null,
  speedMps: p.speed_mps ?? null,
  heading: p.heading ?? null,
  battery: p.battery ?? null,
  origin: p.origin ?? null,
  distanceM: null,
  heartRateBpm: p.heart_rate_bpm ?? null,
  cadenceRpm: p.cadence_rpm ?? null,
  powerW: p.power_w ?? null,
  temperatureC: p.temperature_c ?? null,
});

/** Statistics an app sent with /sync, named like the columns. */
export const givenStats = (stats: TSyncRequest["stats"]): Partial<StatValues> => fromColumns(stats ?? {});

/** A date filter as sent: a date alone is a calendar day (of the event's timezone), else an instant. */
export const timeBound = (v: string | undefined): TimeBound | undefined =>
  v === undefined ? undefined : /^\d{4}-\d{2}-\d{2}$/.test(v) ? { date: v } : { at: new Date(v) };

/** GET /tracks's query in domain form (filters, order, page). */
export function toTrackQuery(q: TListTracksRequest): TrackQuery {
  const ranges: TrackQuery["ranges"] = [];
  const range = (value: number | undefined, stat: TrackQuery["ranges"][number]["stat"], op: ">=" | "<=") => {
    if (value !== undefined) ranges.push({ stat, op, value });
  };
  range(q.distance_min, "distanceMeters", ">=");
  range(q.distance_max, "distanceMeters", "<=");
  range(q.duration_min, "durationSec", ">=");
  range(q.duration_max, "durationSec", "<=");
  range(q.speed_min, "meanSpeedMps", ">=");
  range(q.speed_max, "meanSpeedMps", "<=");
  range(q.max_speed_min, "maxSpeedMps", ">=");
  range(q.max_speed_max, "maxSpeedMps", "<=");
  const orderBy = (
    {
      start_ts: "startTs",
      distance: "distanceMeters",
      duration: "durationSec",
      mean_speed: "meanSpeedMps",
    } as const
  )[q.order_by];
  return {
    eventId: q.event_id,
    activityType: q.activity_type,
    state: q.state,
    userId: q.user_id,
    deviceTrackId: q.device_track_id,
    title: q.title,
    from: timeBound(q.from),
    to: timeBound(q.to),
    ranges,
    orderBy,
    descending: q.order === "desc",
    page: q.page,
    perPage: q.per_page,
  };
}

export function toChartResponse(chart: TrackChart): TChartResponse {
  return {
    track_id: chart.trackId,
    points: chart.points.map((c) => ({
      distance_m: c.distanceMeters,
      elapsed_sec: c.elapsedSec,
      elevation_m: c.elevationM,
      speed_mps: c.speedMps,
      heart_rate_bpm: c.heartRateBpm,
      cadence_rpm: c.cadenceRpm,
      power_w: c.powerW,
      temperature_c: c.temperatureC,
      lat: c.lat,
      lon: c.lon,
      ts: new Date(c.ts).toISOString(),
    })),
    path: chart.path,
    bounds: chart.bounds,
    splits: chart.splits.map((s) => ({
      index: s.index,
      distance_m: s.distanceMeters,
      duration_sec: s.durationSec,
      pace_sec_per_km: s.paceSecPerKm,
      elevation_gain_m: s.elevationGainM,
      elevation_loss_m: s.elevationLossM,
    })),
  };
}

const RECORD_FIELDS = {
  paceSecPerKm: "fastest_pace_sec_per_km",
  distanceMeters: "longest_distance_m",
  durationSec: "longest_duration_sec",
  elevationGainM: "highest_climb_m",
  maxSpeedMps: "max_speed_mps",
} as const satisfies Record<RecordStat, string>;

export function toRecordsResponse(byActivity: Awaited<ReturnType<typeof trackRecords>>): TRecordsResponse {
  return {
    records: byActivity.map(({ activityType, records }) => {
      const entry: TRecordsResponse["records"][number] = {
        activity_type: activityType,
        fastest_pace_sec_per_km: null,
        longest_distance_m: null,
        longest_duration_sec: null,
        highest_climb_m: null,
        max_speed_mps: null,
      };
      for (const [stat, field] of Object.entries(RECORD_FIELDS) as Array<
        [RecordStat, (typeof RECORD_FIELDS)[RecordStat]]
      >) {
        const r = records[stat];
        if (r)
          entry[field] = {
            value: r.value,
            track_id: r.trackId,
            title: r.title,
            start_ts: r.startTs.toISOString(),
          };
      }
      return entry;
    }),
  };
}

export function toSegmentsResponse({
  track,
  segments,
}: Awaited<ReturnType<typeof trackSegments>>): TSegmentsResponse {
  return {
    track_id: track.id,
    segments: segments.map((s) => ({
      index: s.index,
      start_ts: new Date(s.startTs).toISOString(),
      end_ts: new Date(s.endTs).toISOString(),
      points_count: s.last - s.first + 1,
      stats: { ...byColumn(s.stats), points_count: s.stats.pointsCount },
    })),
  };
}
