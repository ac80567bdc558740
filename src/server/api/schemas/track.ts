// Over 300 lines: every REST shape of a track (create, points, list, chart, segments, records) has its home here,
// one zod schema each, shared by tRPC, REST, the browser and the OpenAPI document; the chart shapes are the next to move out.
import { z } from "zod";
import { ACTIVITY_TYPES, TRACK_STATES } from "~/server/domain/activity";
import { SENSOR_FIELDS, SENSOR_RANGES, type SensorField } from "~/server/domain/sensors";
import { STATISTICS, type StatColumn, type StatDescriptor } from "~/server/domain/stats/descriptors";
import { ZLatLon } from "./event";
import { deviceTime, filterBound, numberIn, requiredText, text } from "./common";
import { compiled } from "./compiled";
import { limits } from "./limits";

export { ACTIVITY_TYPES, TRACK_STATES } from "~/server/domain/activity";
export const POINT_ORIGINS = ["foreground", "background", "native"] as const;

/** Ranges of what a phone measures: anything outside is garbage, not data (see docs/statistics.md). */
export const POINT_RANGES = {
  altitude: [-500, 9000],
  accuracy: [0, 100_000],
  speed_mps: [0, 100],
  heading: [0, 360],
  battery: [0, 1],
} as const;
const ranged = (field: keyof typeof POINT_RANGES) => numberIn(POINT_RANGES[field][0], POINT_RANGES[field][1]);

export const ZTrackId = z
  .string()
  .meta({ description: "Track id (UUID)", example: "6f1c1c9e-2f4b-4d7e-9a55-0c1d2e3f4a5b" });

/** Sensor fields of a point (Runify's extension of the contract), from domain/sensors.ts. */
export const SENSOR_API_FIELDS = {
  heartRateBpm: ["heart_rate_bpm", "beats per minute"],
  cadenceRpm: ["cadence_rpm", "revolutions (bike) or one foot's strides (run) per minute"],
  powerW: ["power_w", "watts"],
  temperatureC: ["temperature_c", "°C"],
} as const satisfies Record<SensorField, readonly [string, string]>;
type SensorApiField = (typeof SENSOR_API_FIELDS)[SensorField][0];

function sensorShape<T extends z.ZodType>(
  field: (name: SensorField, range: readonly [number, number], description: string) => T,
) {
  return Object.fromEntries(
    SENSOR_FIELDS.map((f) => {
      const [name, unit] = SENSOR_API_FIELDS[f];
      const [min, max] = SENSOR_RANGES[f];
      return [name, field(f, SENSOR_RANGES[f], `Runify extension: ${unit}, ${min} … ${max}`)];
    }),
  ) as { [K in SensorApiField]: T };
}

/**
 * A point as phones send it; an optional field sent as null is absent (stored as null, never as 0). Parsed
 * 10,000–50,000 times a request: its accepting path is compiled once from this schema (compiled.ts).
 */
export const ZPoint = compiled(
  z.object({
    latitude: numberIn(-90, 90).meta({ example: 48.8566 }),
    longitude: numberIn(-180, 180).meta({ example: 2.3522 }),
    timestamp: deviceTime(),
    altitude: ranged("altitude").nullish().meta({ description: "metres, −500 … 9,000", example: 35.2 }),
    accuracy: ranged("accuracy").nullish().meta({ description: "metres, ≥ 0", example: 4.5 }),
    speed_mps: ranged("speed_mps").nullish().meta({ description: "m/s, 0 … 100", example: 2.9 }),
    heading: ranged("heading").nullish().meta({ description: "degrees, 0 … 360", example: 182 }),
    battery: ranged("battery").nullish().meta({ description: "0 … 1", example: 0.87 }),
    origin: z.enum(POINT_ORIGINS).nullish(),
    ...sensorShape((_field, [min, max], description) => numberIn(min, max).nullish().meta({ description })),
  }),
);
export type TPoint = z.infer<typeof ZPoint>;

export const ZCreateTrackRequest = z.object({
  device_track_id: text(100)
    .min(1)
    .meta({ description: "Unique per event (1–100 characters)", example: "iphone-7f3a-0001" }),
  title: requiredText(500).nullish().meta({ description: "Default: `Sortie du 12 mars à 09h20`" }),
  activity_type: z
    .enum(ACTIVITY_TYPES)
    .nullish()
    .transform((v) => v ?? "run"),
  start_ts: deviceTime().nullish().meta({ description: "Default: now (for /sync: the first point's time)" }),
  user_id: text(255).nullish(),
  image_url: z
    .url({ protocol: /^https?$/, message: "expected an http(s) URL" })
    .max(2000)
    .nullish(),
  notes: text(5000).nullish().meta({ description: "Free text about the track (Runify's addition)" }),
  destination: ZLatLon.nullish().meta({
    description:
      "A solo run's destination (Runnity's deslatitude/deslongtitude): the map shows it, the track its distance left",
  }),
});
export type TCreateTrackRequest = z.infer<typeof ZCreateTrackRequest>;

export const ZCreateTrackResponse = z.object({ id: z.uuid(), device_track_id: z.string() });

export const ZAddPointsRequest = z.object({
  id: ZTrackId,
  points: z.array(ZPoint).min(1).max(limits.pointsPerBatch),
});

const ZNotes = text(5000).meta({ description: "Free text about the track (Runify's addition)" });
const ZImageUrl = z.url({ protocol: /^https?$/, message: "expected an http(s) URL" }).max(2000);

export const ZUpdateTrackRequest = z.object({
  id: ZTrackId,
  title: requiredText(500).optional(),
  state: z.enum(TRACK_STATES).optional(),
  end_ts: deviceTime().nullable().optional().meta({ description: "Not before start_ts; null clears it" }),
  notes: ZNotes.nullable().optional().meta({ description: "null clears it" }),
});

/** PUT /tracks/{id}: the descriptive fields, replaced whole (an absent optional one is cleared). */
export const ZReplaceTrackRequest = z.object({
  id: ZTrackId,
  title: requiredText(500),
  activity_type: z.enum(ACTIVITY_TYPES),
  notes: ZNotes.nullish(),
  image_url: ZImageUrl.nullish(),
});
export type TReplaceTrackRequest = z.infer<typeof ZReplaceTrackRequest>;
export type TUpdateTrackRequest = z.infer<typeof ZUpdateTrackRequest>;

/** One field per statistic of domain/stats/descriptors.ts, named like its column. */
function statShape<T extends z.ZodType>(field: (d: StatDescriptor) => T) {
  return Object.fromEntries(STATISTICS.map((d) => [d.column, field(d)])) as { [C in StatColumn]: T };
}

export const ZTrackStats = z.object({
  ...statShape((d) => z.number().nullable().meta({ description: d.description })),
  points_count: z.number().int().nullable().meta({ description: "Points stored" }),
});
export type TTrackStats = z.infer<typeof ZTrackStats>;

export const ZTrackResponse = z.object({
  id: z.uuid(),
  event_id: z.uuid().meta({ description: "The event the track belongs to (the token's)" }),
  device_track_id: z.string(),
  title: z.string(),
  activity_type: z.enum(ACTIVITY_TYPES),
  state: z.enum(TRACK_STATES),
  start_ts: z.string(),
  end_ts: z.string().nullable(),
  image_url: z.string().nullable(),
  notes: z.string().nullable().meta({ description: "Free text about the track (Runify's addition)" }),
  user_id: z.string().nullable(),
  participant_id: z.uuid().nullable().meta({
    description: "The participant whose personal token created the track (null: event token, import)",
  }),
  destination: ZLatLon.nullable().meta({ description: "A solo run's destination, if given" }),
  distance_left_m: z
    .number()
    .nullable()
    .meta({ description: "Straight-line metres from the last point to the destination (null: none)" }),
  points_count: z.number().int(),
  stats: ZTrackStats,
  created_at: z.string(),
  updated_at: z.string(),
});
export type TTrackResponse = z.infer<typeof ZTrackResponse>;

/** Statistics an app may send with /sync: any subset, kept as given, each within its range. */
export const ZSyncStats = z.object({
  ...statShape((d) => numberIn(d.range[0], d.range[1]).nullish()),
  points_count: z.number().int().min(0).max(10_000_000).nullish(),
});

export const ZSyncRequest = z.object({
  track: ZCreateTrackRequest.extend({ end_ts: deviceTime().nullish() }),
  points: z.array(ZPoint).max(limits.pointsPerSync).default([]),
  stats: ZSyncStats.optional(),
});
export type TSyncRequest = z.infer<typeof ZSyncRequest>;

export const ZSyncResponse = z.object({ track_id: z.uuid() });

export const ZListPointsRequest = z.object({
  id: ZTrackId,
  limit: z
    .number()
    .int()
    .min(1)
    .max(limits.pointsPerSync)
    .optional()
    .meta({ description: "Default: all (max 50,000)" }),
  offset: z.number().int().min(0).max(1_000_000_000).default(0),
});

/**
 * A stored point on output: the fields of ZPoint without their range checks, which held on input already;
 * checking them again on 50,000 points per read cost a third of the response time.
 */
export const ZPointOut = z.object({
  latitude: z.number(),
  longitude: z.number(),
  timestamp: z.string().meta({ description: "ISO 8601, UTC, with milliseconds" }),
  altitude: z.number().optional(),
  accuracy: z.number().optional(),
  speed_mps: z.number().optional(),
  heading: z.number().optional(),
  battery: z.number().optional(),
  origin: z.enum(POINT_ORIGINS).optional(),
  ...sensorShape(() => z.number().optional()),
});

export const ZListPointsResponse = z.object({
  track_id: z.uuid(),
  count: z.number().int().meta({ description: "Total number of points of the track" }),
  points: z.array(ZPointOut),
});
export type TListPointsResponse = z.infer<typeof ZListPointsResponse>;

const range = (description: string) => numberIn(0, 1e9).optional().meta({ description });

/** Filters and ordering of a track list: one schema for `GET /tracks` and the dashboard table. */
export const ZListTracksRequest = z.object({
  event_id: z
    .uuid()
    .optional()
    .meta({ description: "Dashboard only: the organiser's event (a token always lists its own event)" }),
  page: z.number().int().min(1).max(1_000_000).default(1).meta({ description: "From 1" }),
  per_page: z.number().int().min(1).max(100).default(20),
  activity_type: z.enum(ACTIVITY_TYPES).optional(),
  state: z.enum(TRACK_STATES).optional(),
  user_id: text(255).optional().meta({ description: "Participant's user_id" }),
  device_track_id: text(100)
    .optional()
    .meta({ description: "The track of this device_track_id (a phone that lost its 201)" }),
  title: text(500).optional().meta({ description: "Case-insensitive substring of the title" }),
  from: filterBound().optional().meta({
    description:
      "start_ts ≥ from; a date alone means that day in the event's timezone (alias: noEarlierThan)",
  }),
  to: filterBound().optional().meta({
    description: "start_ts ≤ to; a date alone means up to the end of that day (alias: noLaterThan)",
  }),
  distance_min: range("metres"),
  distance_max: range("metres"),
  duration_min: range("seconds"),
  duration_max: range("seconds"),
  speed_min: range("mean speed, m/s"),
  speed_max: range("mean speed, m/s"),
  max_speed_min: range("max speed, m/s"),
  max_speed_max: range("max speed, m/s"),
  order_by: z.enum(["start_ts", "distance", "duration", "mean_speed"]).default("start_ts"),
  order: z.enum(["asc", "desc"]).default("desc"),
});
export type TListTracksRequest = z.infer<typeof ZListTracksRequest>;

export const ZListTracksResponse = z.object({
  tracks: z.array(ZTrackResponse),
  total: z.number().int().meta({ description: "Tracks matching the filters, all pages" }),
  page: z.number().int(),
  per_page: z.number().int(),
});
export type TListTracksResponse = z.infer<typeof ZListTracksResponse>;

/** A track's segment, from 0 (GET /tracks/{id}/segments lists them). */
export const ZSegmentIndex = z
  .number()
  .int()
  .min(0)
  .max(100_000)
  .meta({ description: "Only this segment (from 0; see GET /tracks/{id}/segments)" });

export const ZChartRequest = z.object({
  id: ZTrackId,
  max_points: z
    .number()
    .int()
    .min(2)
    .max(50_000)
    .default(1000)
    .meta({ description: "Series length (downsampled)" }),
  zoom: z.number().min(0).max(22).optional().meta({
    description: "Map zoom the path is for: Douglas–Peucker tolerance ≈ 1 pixel (default: bounds fit)",
  }),
  segment: ZSegmentIndex.optional(),
});

export const ZChartPoint = z.object({
  distance_m: z.number(),
  elapsed_sec: z.number(),
  elevation_m: z.number().nullable().meta({ description: "Smoothed" }),
  speed_mps: z.number().nullable(),
  ...sensorShape(() => z.number().nullable()),
  lat: z.number().nullable().meta({ description: "null for a recording without GPS (treadmill)" }),
  lon: z.number().nullable(),
  ts: z.string(),
});

export const ZSegmentsResponse = z.object({
  track_id: z.uuid(),
  segments: z.array(
    z.object({
      index: z.number().int(),
      start_ts: z.string(),
      end_ts: z.string(),
      points_count: z.number().int(),
      stats: ZTrackStats,
    }),
  ),
});
export type TSegmentsResponse = z.infer<typeof ZSegmentsResponse>;

export const ZSplit = z.object({
  index: z.number().int(),
  distance_m: z.number(),
  duration_sec: z.number(),
  pace_sec_per_km: z.number().nullable(),
  elevation_gain_m: z.number(),
  elevation_loss_m: z.number(),
});

export const ZChartResponse = z.object({
  track_id: z.uuid(),
  points: z
    .array(ZChartPoint)
    .meta({ description: "Per-point series for elevation/speed charts (outliers removed)" }),
  path: z
    .array(z.tuple([z.number(), z.number()]))
    .meta({ description: "Simplified [lat, lon] line for the map" }),
  bounds: z.tuple([z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number()])]).nullable(),
  splits: z.array(ZSplit).meta({ description: "Per-kilometre splits (last one partial)" }),
});
export type TChartResponse = z.infer<typeof ZChartResponse>;

export const ZRecord = z
  .object({ value: z.number(), track_id: z.uuid(), title: z.string(), start_ts: z.string() })
  .nullable();
export const ZRecordsRequest = z.object({
  activity_type: z.enum(ACTIVITY_TYPES).optional().meta({ description: "Only this activity's records" }),
  event_id: z
    .uuid()
    .optional()
    .meta({ description: "Only this event's tracks (an API token only ever sees its own event)" }),
});
export const ZRecordsResponse = z.object({
  records: z.array(
    z.object({
      activity_type: z.enum(ACTIVITY_TYPES),
      fastest_pace_sec_per_km: ZRecord,
      longest_distance_m: ZRecord,
      longest_duration_sec: ZRecord,
      highest_climb_m: ZRecord,
      max_speed_mps: ZRecord,
    }),
  ),
});
export type TRecordsResponse = z.infer<typeof ZRecordsResponse>;
