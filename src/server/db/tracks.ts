// Over 300 lines (barely): the tracks table's typed rows and every statement on it; queries over many tracks live in
// track-queries.ts.
import { type Scope, scopeCondition } from "~/server/access/scope";
import { type ActivityType, isActivityType, isTrackState, type TrackState } from "~/server/domain/activity";
import type { AltitudeSource, DeviceTotals, ParsedSample } from "~/server/domain/formats/types";
import {
  type ActivitySummary,
  isLiveStatsState,
  type LiveStatsShown,
  type LiveStatsState,
} from "~/server/domain/stats";
import { STATISTICS, type StatColumn, type StatValues } from "~/server/domain/stats/descriptors";
import type { Track as TrackModel } from "~/generated/prisma/client";
import type { Queryable } from "./client";
import { columns, type Row, RowShapeError } from "./rows";

/** A pause the athlete asked for: [start ms, end ms | null while paused]. */
export type Pause = [number, number | null];

/** A track as the services see it: Prisma's model, with its JSON columns typed. */
export type Track = Omit<
  TrackModel,
  | "pauses"
  | "liveStats"
  | "activityType"
  | "state"
  | "deviceTotals"
  | "altitudeSource"
  | "samples"
  | "summary"
  | "segmentStarts"
  // Which tracker token opened it: read by db/trackers.ts only.
  | "trackerTokenId"
> & {
  activityType: ActivityType;
  state: TrackState;
  pauses: Pause[];
  liveStats: LiveStatsState | null;
  deviceTotals: DeviceTotals | null;
  altitudeSource: AltitudeSource | null;
  samples: ParsedSample[] | null;
  summary: ActivitySummary | null;
  segmentStarts: number[] | null;
};

/** The statistics columns, one per entry of domain/stats/descriptors.ts. */
const STAT_ROW = Object.fromEntries(STATISTICS.map((d) => [d.column, "float?"])) as {
  [C in StatColumn]: "float?";
};

export const TRACK_ROW = {
  id: "uuid",
  event_id: "uuid",
  device_track_id: "text",
  title: "text",
  activity_type: "text",
  state: "text",
  start_ts: "timestamp",
  end_ts: "timestamp?",
  image_url: "text?",
  notes: "text?",
  user_id: "text?",
  participant_id: "uuid?",
  dest_lat: "float?",
  dest_lon: "float?",
  points_count: "int",
  pauses: "json",
  live_stats: "json?",
  ...STAT_ROW,
  stats_computed_at: "timestamp?",
  device_totals: "json?",
  altitude_source: "text?",
  samples: "json?",
  summary: "json?",
  segment_starts: "json?",
  created_at: "timestamp",
  updated_at: "timestamp",
} as const;
export type TrackRow = Row<typeof TRACK_ROW>;
export const TRACK_COLUMNS = columns(TRACK_ROW, "t");

/**
 * A track as reads that only present it see it: a running track's statistics without the engine state they
 * come from (≈ 6 KB a track, the bulk of a row: a list of 100 or a live snapshot of 1,000 read, parse and,
 * on the embedded database, copy between threads no more than they show). Write paths take a Track.
 */
export type ShownTrack = Omit<Track, "liveStats"> & { liveStats: LiveStatsState | LiveStatsShown | null };

/** TRACK_COLUMNS, with only the statistics of a running track's state (the whole state if stored without). */
export const TRACK_SHOWN_COLUMNS = TRACK_COLUMNS.replace(
  "t.live_stats",
  `CASE WHEN t.live_stats -> 'shown' IS NULL THEN t.live_stats
        ELSE jsonb_build_object('shown', t.live_stats -> 'shown') END AS live_stats`,
);

export function toShownTrack(r: TrackRow): ShownTrack {
  const { live_stats, ...rest } = r;
  const shown = isObject(live_stats) ? (live_stats as { shown?: unknown }).shown : undefined;
  if (isLiveStatsState(live_stats) || !isObject(shown)) return toTrack(r);
  return {
    ...toTrack({ ...rest, live_stats: null }),
    liveStats: { shown: shown as LiveStatsShown["shown"] },
  };
}

function pausesOf(value: unknown): Pause[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((p): Pause[] =>
    Array.isArray(p) && typeof p[0] === "number" && (typeof p[1] === "number" || p[1] === null)
      ? [[p[0], p[1]]]
      : [],
  );
}

export function toTrack(r: TrackRow): Track {
  if (!isActivityType(r.activity_type) || !isTrackState(r.state))
    throw new RowShapeError(`track ${r.id}: unknown activity "${r.activity_type}" or state "${r.state}"`);
  return {
    id: r.id,
    eventId: r.event_id,
    deviceTrackId: r.device_track_id,
    title: r.title,
    activityType: r.activity_type,
    state: r.state,
    startTs: r.start_ts,
    endTs: r.end_ts,
    imageUrl: r.image_url,
    notes: r.notes,
    userId: r.user_id,
    participantId: r.participant_id,
    destLat: r.dest_lat,
    destLon: r.dest_lon,
    pointsCount: r.points_count,
    pauses: pausesOf(r.pauses),
    liveStats: isLiveStatsState(r.live_stats) ? r.live_stats : null,
    ...statsOfRow(r),
    statsComputedAt: r.stats_computed_at,
    // JSON the server itself wrote (imports): shapes it knows, else none.
    deviceTotals: isObject(r.device_totals) ? (r.device_totals as DeviceTotals) : null,
    altitudeSource:
      r.altitude_source === "barometric" || r.altitude_source === "gps" ? r.altitude_source : null,
    samples: Array.isArray(r.samples) ? (r.samples as ParsedSample[]) : null,
    summary: isObject(r.summary) ? (r.summary as ActivitySummary) : null,
    segmentStarts: Array.isArray(r.segment_starts)
      ? r.segment_starts.filter((v): v is number => typeof v === "number")
      : null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const finiteOrNull = (v: number | null | undefined) =>
  typeof v === "number" && Number.isFinite(v) ? v : null;
export const isObject = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);

/** The statistics of a row; rows written before non-finite values were refused may hold them: unknown. */
function statsOfRow(r: TrackRow): StatValues {
  return Object.fromEntries(STATISTICS.map((d) => [d.key, finiteOrNull(r[d.column])])) as StatValues;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (id: string) => UUID.test(id);

/**
 * The track if the scope may see it, else null; `lock` takes its row lock (FOR UPDATE) for the caller's
 * transaction. The row version (`xmin`) lets a later write check that nobody changed the row meanwhile.
 */
export async function selectTrack(
  q: Queryable,
  scope: Scope,
  id: string,
  lock = false,
): Promise<{ track: Track; version: string } | null> {
  if (!isUuid(id)) return null;
  const [condition, param] = scopeCondition(scope, "t.event_id", 2);
  const rows = await q.rows(
    { ...TRACK_ROW, row_version: "text" },
    `SELECT ${TRACK_COLUMNS}, t.xmin::text AS row_version FROM tracks t
      WHERE t.id = $1 AND ${condition}${lock ? " FOR UPDATE" : ""}`,
    [id, param],
  );
  const row = rows[0];
  return row ? { track: toTrack(row), version: row.row_version } : null;
}

export async function selectTrackById(q: Queryable, id: string): Promise<Track | null> {
  const [row] = await q.rows(TRACK_ROW, `SELECT ${TRACK_COLUMNS} FROM tracks t WHERE t.id = $1`, [id]);
  return row ? toTrack(row) : null;
}

/** Tracks by id, in no particular order (a live catch-up completes its changes' tracks in one read). */
export async function selectTracksByIds(q: Queryable, ids: readonly string[]): Promise<Track[]> {
  if (ids.length === 0) return [];
  const rows = await q.rows(TRACK_ROW, `SELECT ${TRACK_COLUMNS} FROM tracks t WHERE t.id = ANY($1::uuid[])`, [
    ids,
  ]);
  return rows.map(toTrack);
}

/** The event's tracks, as shown (a live snapshot, an export). */
export async function selectEventTracks(q: Queryable, eventId: string): Promise<ShownTrack[]> {
  const rows = await q.rows(
    TRACK_ROW,
    `SELECT ${TRACK_SHOWN_COLUMNS} FROM tracks t WHERE t.event_id = $1 ORDER BY t.start_ts, t.id`,
    [eventId],
  );
  return rows.map(toShownTrack);
}

export interface NewTrack {
  id: string;
  eventId: string;
  deviceTrackId: string;
  title: string;
  activityType: ActivityType;
  state: TrackState;
  startTs: Date;
  endTs: Date | null;
  imageUrl: string | null;
  notes: string | null;
  userId: string | null;
  /** Set when a participant's personal token creates the track. */
  participantId?: string | null;
  /** A solo run's destination. */
  destination?: { lat: number; lon: number } | null;
  /** From an imported file. */
  deviceTotals?: DeviceTotals | null;
  altitudeSource?: AltitudeSource | null;
  samples?: ParsedSample[] | null;
  segmentStarts?: number[] | null;
}

/** Inserts a track; null when its device_track_id is already used in the event. */
export async function insertTrack(q: Queryable, t: NewTrack): Promise<string | null> {
  const rows = await q.rows(
    { id: "uuid" },
    `INSERT INTO tracks (id, event_id, device_track_id, title, activity_type, state, start_ts, end_ts, image_url,
                         user_id, device_totals, altitude_source, samples, notes, segment_starts, participant_id,
                         dest_lat, dest_lon, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13::jsonb, $14, $15::jsonb, $16, $17, $18,
             now(), now())
     ON CONFLICT (event_id, device_track_id) DO NOTHING RETURNING id`,
    [
      t.id,
      t.eventId,
      t.deviceTrackId,
      t.title,
      t.activityType,
      t.state,
      t.startTs.toISOString(),
      t.endTs?.toISOString() ?? null,
      t.imageUrl,
      t.userId,
      t.deviceTotals ? JSON.stringify(t.deviceTotals) : null,
      t.altitudeSource ?? null,
      t.samples ? JSON.stringify(t.samples) : null,
      t.notes,
      t.segmentStarts?.length ? JSON.stringify(t.segmentStarts) : null,
      t.participantId ?? null,
      t.destination?.lat ?? null,
      t.destination?.lon ?? null,
    ],
  );
  return rows[0]?.id ?? null;
}

/** The id of the event's track with this device_track_id, if any (the 409's answer). */
export async function trackIdByDevice(
  q: Queryable,
  eventId: string,
  deviceTrackId: string,
  participantId: string | null = null,
): Promise<string | null> {
  const [row] = await q.rows(
    { id: "uuid" },
    `SELECT id FROM tracks WHERE event_id = $1 AND device_track_id = $2
        AND ($3::uuid IS NULL OR participant_id = $3::uuid)`,
    [eventId, deviceTrackId, participantId],
  );
  return row?.id ?? null;
}

export async function updateTrackFields(
  q: Queryable,
  id: string,
  fields: {
    title: string;
    state: TrackState;
    endTs: Date | null;
    pauses: Pause[];
    notes: string | null;
    activityType: ActivityType;
    imageUrl: string | null;
  },
): Promise<Track> {
  const [row] = await q.rows(
    TRACK_ROW,
    `UPDATE tracks t SET title = $2, state = $3, end_ts = $4, pauses = $5::jsonb, notes = $6, activity_type = $7,
            image_url = $8, updated_at = now()
      WHERE t.id = $1 RETURNING ${TRACK_COLUMNS}`,
    [
      id,
      fields.title,
      fields.state,
      fields.endTs?.toISOString() ?? null,
      JSON.stringify(fields.pauses),
      fields.notes,
      fields.activityType,
      fields.imageUrl,
    ],
  );
  if (!row) throw new Error(`track ${id} vanished under its lock`);
  return toTrack(row);
}

/** Stores final statistics: the track is stopped at `endTs`, with `pointsCount` points. */
export async function storeTrackStats(
  q: Queryable,
  id: string,
  endTs: Date,
  stats: StatValues,
  pointsCount: number,
  summary: ActivitySummary | null,
): Promise<Track> {
  const sets = STATISTICS.map((d, i) => `${d.column} = $${i + 3}`).join(", ");
  const [row] = await q.rows(
    TRACK_ROW,
    `UPDATE tracks t SET ${sets}, points_count = $${STATISTICS.length + 3}, summary = $${STATISTICS.length + 4}::jsonb,
            end_ts = $2, state = 'stopped', stats_computed_at = now(), updated_at = now()
      WHERE t.id = $1 RETURNING ${TRACK_COLUMNS}`,
    // float8 would store Infinity or NaN, and every read of the track would then fail its response schema.
    [
      id,
      endTs.toISOString(),
      ...STATISTICS.map((d) => finiteOrNull(stats[d.key])),
      pointsCount,
      summary === null ? null : JSON.stringify(summary),
    ],
  );
  if (!row) throw new Error(`track ${id} vanished under its lock`);
  return toTrack(row);
}

export async function deleteTrackRow(q: Queryable, id: string): Promise<void> {
  // Points go with the track (ON DELETE CASCADE), in the same statement.
  await q.execute("DELETE FROM tracks WHERE id = $1", [id]);
}
