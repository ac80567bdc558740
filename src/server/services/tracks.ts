import { randomUUID } from "node:crypto";
import type { Scope } from "~/server/access/scope";
import type { Database, Queryable } from "~/server/db";
import { insertPoints, selectLastPosition, selectPoints } from "~/server/db/points";
import { selectPointsJson } from "~/server/db/points-json";
import {
  deleteTrackRow,
  insertTrack,
  type Pause,
  selectTrack,
  storeTrackStats,
  type Track,
  trackIdByDevice,
  updateTrackFields,
} from "~/server/db/tracks";
import type { ActivityType, TrackState } from "~/server/domain/activity";
import type { AltitudeSource, DeviceTotals, ParsedSample } from "~/server/domain/formats/types";
import type { Point } from "~/server/domain/point";
import {
  computeSampleStats,
  computeStats,
  type PauseInterval,
  preferDeviceTotals,
  summarizeActivity,
} from "~/server/domain/stats";
import { STAT_KEYS, type StatValues } from "~/server/domain/stats/descriptors";
import { withDerivedRates } from "~/server/domain/stats/derive";
import { autoTrackTitle } from "~/server/domain/title";
import { AppError, notFound } from "~/server/errors";
import { withTrackChange } from "~/server/live/change";
import { distanceLeft } from "~/server/live/messages";

export interface EventRef {
  id: string;
  timezone: string;
  /** A participant's personal token: the tracks it creates are bound to that participant. */
  participantId?: string | null;
}

/** A new track as the services take it (the REST fields, in domain form). */
export interface TrackInput {
  deviceTrackId: string;
  title?: string;
  activityType: ActivityType;
  startTs?: Date;
  endTs?: Date;
  userId?: string;
  /** A solo run's destination (Runnity's deslatitude/deslongtitude). */
  destination?: { lat: number; lon: number } | null;
  imageUrl?: string;
  notes?: string;
  /** The language of the automatic title (the contract's: French). */
  titleLocale?: "fr" | "en";
  /** What an imported file adds: the device's totals, where its altitudes come from, samples without GPS. */
  file?: {
    deviceTotals?: DeviceTotals;
    altitudeSource?: AltitudeSource;
    samples?: ParsedSample[] | null;
    segmentStarts?: number[];
  };
}

/** The track if the scope may see it, else NOT_FOUND (another event's track is not found, never forbidden). */
export async function findTrack(q: Queryable, scope: Scope, id: string, lock = false): Promise<Track> {
  const found = await selectTrack(q, scope, id, lock);
  if (!found) throw notFound();
  return found.track;
}

/** Inserts the track row; a device_track_id already used in the event is a CONFLICT naming the existing track. */
export async function insertNewTrack(
  q: Queryable,
  event: EventRef,
  input: TrackInput,
  state: TrackState,
  conflict?: string,
) {
  const start = input.startTs ?? new Date();
  const id = await insertTrack(q, {
    id: randomUUID(),
    eventId: event.id,
    deviceTrackId: input.deviceTrackId,
    title: input.title ?? autoTrackTitle(start, event.timezone, input.titleLocale),
    activityType: input.activityType,
    state,
    startTs: start,
    endTs: input.endTs ?? null,
    imageUrl: input.imageUrl ?? null,
    notes: input.notes ?? null,
    userId: input.userId ?? null,
    participantId: event.participantId ?? null,
    destination: input.destination ?? null,
    deviceTotals: input.file?.deviceTotals,
    altitudeSource: input.file?.altitudeSource,
    samples: input.file?.samples,
    segmentStarts: input.file?.segmentStarts,
  });
  if (id) return id;
  // Another participant's track is not named: a personal token sees only its own.
  const existing = await trackIdByDevice(q, event.id, input.deviceTrackId, event.participantId ?? null);
  throw new AppError(
    "CONFLICT",
    conflict ?? `device_track_id "${input.deviceTrackId}" is already used in this event`,
    {
      details: existing
        ? { id: existing, track_id: existing, device_track_id: input.deviceTrackId }
        : undefined,
    },
  );
}

export async function createTrack(db: Database, event: EventRef, input: TrackInput): Promise<Track> {
  return withTrackChange(db, async (tx) => {
    const id = await insertNewTrack(tx, event, input, "running");
    const track = await findTrack(tx, { eventId: event.id }, id);
    return { value: track, changes: [{ eventId: event.id, trackId: id, kind: "created", track }] };
  });
}

export function getTrack(db: Database, scope: Scope, id: string): Promise<Track> {
  return findTrack(db, scope, id);
}

/** The track and, for a solo run with a destination, the straight-line metres left from its last point. */
export async function getTrackWithDistanceLeft(
  db: Database,
  scope: Scope,
  id: string,
): Promise<{ track: Track; distanceLeftM: number | null }> {
  const track = await findTrack(db, scope, id);
  if (track.destLat === null || track.destLon === null) return { track, distanceLeftM: null };
  return { track, distanceLeftM: distanceLeft(track, await selectLastPosition(db, track.id)) };
}

/** Pause intervals follow state changes: paused opens one, running (or stopped) closes it. */
function nextPauses(pauses: Pause[], from: TrackState, to: TrackState, at: number): Pause[] {
  const open = pauses.length > 0 && pauses[pauses.length - 1]?.[1] === null;
  if (to === "paused" && !open) return [...pauses, [at, null]];
  if (to !== "paused" && open && from === "paused")
    return pauses.map((p, i): Pause => (i === pauses.length - 1 ? [p[0], at] : p));
  return pauses;
}

export interface TrackChanges {
  title?: string;
  state?: TrackState;
  /** null clears it (this and the next two). */
  endTs?: Date | null;
  notes?: string | null;
  imageUrl?: string | null;
  activityType?: ActivityType;
}

export async function updateTrack(
  db: Database,
  scope: Scope,
  id: string,
  changes: TrackChanges,
): Promise<Track> {
  return withTrackChange(db, async (tx) => {
    const track = await findTrack(tx, scope, id, true);
    if (changes.endTs && changes.endTs < track.startTs)
      throw new AppError("BAD_REQUEST", "end_ts must not be before start_ts", {
        issues: [{ path: ["end_ts"], message: `before start_ts ${track.startTs.toISOString()}` }],
      });
    const state = changes.state ?? track.state;
    const activityType = changes.activityType ?? track.activityType;
    let updated = await updateTrackFields(tx, track.id, {
      title: changes.title ?? track.title,
      state,
      endTs: changes.endTs === undefined ? track.endTs : changes.endTs,
      pauses: nextPauses(track.pauses, track.state, state, Date.now()),
      notes: changes.notes === undefined ? track.notes : changes.notes,
      imageUrl: changes.imageUrl === undefined ? track.imageUrl : changes.imageUrl,
      activityType,
    });
    // Another sport has other speed limits: final statistics follow it.
    if (activityType !== track.activityType && updated.statsComputedAt) {
      updated = await storeComputedStats(tx, updated, { endTs: updated.endTs?.getTime() });
    }
    return {
      value: updated,
      changes: [{ eventId: track.eventId, trackId: track.id, kind: "updated", track: updated }],
    };
  });
}

export function pauseIntervals(pauses: readonly Pause[], end: number): PauseInterval[] {
  return pauses.map(([start, stop]) => ({ start, end: stop ?? end }));
}

/**
 * Stops the track and computes its statistics from every stored point (or, for a recording without GPS, its
 * samples), with the device's own totals where the file carried them; `given` (an app's /sync) wins over
 * both; mean speed and pace follow from what is known. The end is the one given, else the last point, else
 * the end already set, else now. The track's summary (to recognise it if imported again) is kept too.
 */
export async function storeComputedStats(
  q: Queryable,
  track: Track,
  opts: {
    given?: Partial<StatValues>;
    endTs?: number;
    /** Every stored point of the track, by time, when the caller knows them (it just wrote them all). */
    points?: readonly Point[];
  } = {},
): Promise<Track> {
  const points = opts.points ?? (await selectPoints(q, track.id));
  const samples = points.length === 0 ? track.samples : null;
  const lastTs = points[points.length - 1]?.ts ?? samples?.[samples.length - 1]?.ts;
  const endTs = opts.endTs ?? lastTs ?? track.endTs?.getTime() ?? Date.now();
  const options = {
    activity: track.activityType,
    pauses: pauseIntervals(track.pauses, endTs),
    altitudeSource: track.altitudeSource ?? undefined,
  };
  const computed = samples ? computeSampleStats(samples, options) : computeStats(points, options);
  const merged: StatValues = { ...preferDeviceTotals(computed, track.deviceTotals ?? undefined) };
  for (const key of STAT_KEYS) {
    const value = opts.given?.[key];
    if (typeof value === "number") merged[key] = value;
  }
  const summary = samples
    ? summarizeActivity([], { startTs: samples[0]?.ts, endTs: lastTs, distanceM: merged.distanceMeters })
    : summarizeActivity(points, { distanceM: merged.distanceMeters });
  return storeTrackStats(q, track.id, new Date(endTs), withDerivedRates(merged), points.length, summary);
}

export async function finishTrack(db: Database, scope: Scope, id: string): Promise<Track> {
  return withTrackChange(db, async (tx) => {
    const track = await storeComputedStats(tx, await findTrack(tx, scope, id, true));
    return {
      value: track,
      changes: [{ eventId: track.eventId, trackId: track.id, kind: "finished", track }],
    };
  });
}

/** A whole session at once: track, points and statistics in one transaction (all or nothing). */
export async function syncTrack(
  db: Database,
  event: EventRef,
  input: TrackInput,
  points: readonly Point[],
  given: Partial<StatValues>,
): Promise<Track> {
  // Without a start time, the session started with its first point (not when it was synced).
  const first = points.reduce((min, p) => Math.min(min, p.ts), Number.POSITIVE_INFINITY);
  const startTs = input.startTs ?? (Number.isFinite(first) ? new Date(first) : undefined);
  if (input.endTs && startTs && input.endTs < startTs)
    throw new AppError("BAD_REQUEST", "end_ts must not be before start_ts", {
      issues: [{ path: ["track", "end_ts"], message: `before start_ts ${startTs.toISOString()}` }],
    });
  return withTrackChange(db, async (tx) => {
    const id = await insertNewTrack(tx, event, { ...input, startTs }, "stopped");
    await insertPoints(tx, id, points);
    // The new track holds exactly these points: no need to read 50,000 rows back for its statistics.
    const track = await storeComputedStats(tx, await findTrack(tx, { eventId: event.id }, id), {
      given,
      endTs: input.endTs?.getTime(),
      points: asStored(points),
    });
    return { value: track, changes: [{ eventId: event.id, trackId: id, kind: "finished", track }] };
  });
}

/**
 * The rows one insert of `points` into an empty track leaves: the first point of each timestamp (the
 * others hit the primary key, ON CONFLICT DO NOTHING, in the statement's row order), by time.
 */
export function asStored(points: readonly Point[]): Point[] {
  const byTs = new Map<number, Point>();
  for (const p of points) if (!byTs.has(p.ts)) byTs.set(p.ts, p);
  return [...byTs.values()].sort((a, b) => a.ts - b.ts);
}

/** A page of the track's points as the JSON text of the API's array (see selectPointsJson). */
export async function listPoints(
  db: Database,
  scope: Scope,
  id: string,
  page: { limit?: number; offset: number },
): Promise<{ track: Track; pointsJson: string }> {
  const track = await findTrack(db, scope, id);
  return { track, pointsJson: await selectPointsJson(db, track.id, page) };
}

export async function deleteTrack(db: Database, scope: Scope, id: string): Promise<void> {
  const track = await findTrack(db, scope, id);
  await withTrackChange(db, async (tx) => {
    await deleteTrackRow(tx, track.id);
    return { value: undefined, changes: [{ eventId: track.eventId, trackId: track.id, kind: "deleted" }] };
  });
}
