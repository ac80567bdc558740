import { toTrackResponse } from "~/server/api/present";
import { toLeaderboardRow, toLeaderboardRowPatch } from "~/server/api/present-race";
import type { Database, Queryable } from "~/server/db";
import { selectParticipants, type ParticipantRow } from "~/server/db/events";
import { type Position, selectPositionRanges, selectPositions } from "~/server/db/points";
import { type ShownTrack, selectTrackById, selectTracksByIds, type Track } from "~/server/db/tracks";
import { liveTrailIndexes } from "~/server/domain/live/trail";
import { haversineMeters } from "~/server/domain/stats/geo";
import { processSingleton } from "~/server/process-singleton";
import type { LeaderboardPatch, TrackChange } from "./change";
import { currentLeaderboard } from "./leaderboards";
import { shownLive } from "./shown";
import type { LiveMessage, LiveTrack, WirePoint } from "./wire";

export const wirePoint = (p: Position): WirePoint => [p.lat, p.lon, p.ts, p.altitude];

/** A live trail (domain/live/trail.ts): the shape, stops and changes of pace the replay needs, few points. */
export function simplifiedTrail(points: readonly Position[]): WirePoint[] {
  return liveTrailIndexes(points).flatMap((i) => {
    const p = points[i];
    return p ? [wirePoint(p)] : [];
  });
}

/** Participants by `user_id` (event tokens' tracks, imports) and by `participant:<id>` (personal tokens'). */
export type ParticipantsByUser = Map<string, { name: string; bib: string | null }>;

export function participantsByUser(rows: readonly ParticipantRow[]): ParticipantsByUser {
  const byUser: ParticipantsByUser = new Map();
  for (const r of rows) {
    byUser.set(`participant:${r.id}`, { name: r.name, bib: r.bib });
    if (r.userId) byUser.set(r.userId, { name: r.name, bib: r.bib });
  }
  return byUser;
}

/** A track's participant: the one bound to it, else the one its user_id names. */
function participantOf(track: ShownTrack, participants: ParticipantsByUser) {
  if (track.participantId) return participants.get(`participant:${track.participantId}`) ?? null;
  return track.userId ? (participants.get(track.userId) ?? null) : null;
}

/** Metres from the last position to a solo run's destination; null without either. */
export function distanceLeft(track: ShownTrack, last: { lat: number; lon: number } | null): number | null {
  if (!last || track.destLat === null || track.destLon === null) return null;
  return Math.round(haversineMeters(last.lat, last.lon, track.destLat, track.destLon));
}

/** A track as viewers see it: the API's fields they need, its participant and its last position. */
export function liveTrack(
  track: ShownTrack,
  participants: ParticipantsByUser,
  last: WirePoint | null,
): LiveTrack {
  const {
    created_at: _c,
    updated_at: _u,
    device_track_id: _d,
    event_id: _e,
    notes: _n,
    ...rest
  } = toTrackResponse(track, distanceLeft(track, last ? { lat: last[0], lon: last[1] } : null));
  return { ...rest, participant: participantOf(track, participants), last };
}

// Participants change rarely; live messages come many times a second: a few seconds of staleness is fine.
const PARTICIPANTS_TTL_MS = 5000;

function cachedParticipants(q: Queryable, eventId: string): Promise<ParticipantsByUser> {
  const cache = processSingleton(
    "live:participants",
    () => new Map<string, { at: number; value: Promise<ParticipantsByUser> }>(),
  );
  const now = Date.now();
  const hit = cache.get(eventId);
  if (hit && now - hit.at < PARTICIPANTS_TTL_MS) return hit.value;
  const value = selectParticipants(q, eventId).then(participantsByUser);
  cache.set(eventId, { at: now, value });
  if (cache.size > 1000) {
    for (const [key, entry] of cache) if (now - entry.at >= PARTICIPANTS_TTL_MS) cache.delete(key);
  }
  return value;
}

/** An imported track out of live views (edited, or no longer in a race): viewers drop it if they had it. */
const hiddenMessage = (change: TrackChange): LiveMessage => ({
  type: "track",
  seq: change.seq,
  kind: "deleted",
  track_id: change.trackId,
  track: null,
});

/** A logged batch's device times (the log keeps the range, not the points). */
const batchRange = (change: TrackChange) => ({ from: change.minTs ?? 0, to: change.maxTs ?? 0 });

function pointsMessage(
  change: TrackChange,
  track: Track,
  participants: ParticipantsByUser,
  positions: readonly Position[],
): LiveMessage {
  const points = positions.map(wirePoint);
  return {
    type: "points",
    seq: change.seq,
    track: liveTrack(track, participants, points[points.length - 1] ?? null),
    points,
  };
}

/**
 * The message viewers get for a change. In-process changes carry their track and points; changes from other
 * instances (or from the log, on catch-up) are completed from the database.
 */
export async function buildMessage(db: Database, change: TrackChange): Promise<LiveMessage> {
  if (change.kind === "leaderboard") {
    // The entry's track_id is the race's id; without the rows (another instance, catch-up): all of them.
    const patch: Omit<LeaderboardPatch, "raceId"> = change.leaderboard ?? {
      rows: (await currentLeaderboard(db, change.trackId))?.rows ?? [],
      removed: [],
      full: true,
    };
    return {
      type: "leaderboard",
      seq: change.seq,
      race_id: change.trackId,
      full: patch.full,
      rows: patch.rows.map(toLeaderboardRow),
      ...(patch.patches ? { patches: patch.patches.map(toLeaderboardRowPatch) } : {}),
      ...(patch.leaderM !== undefined ? { leader_m: patch.leaderM } : {}),
      removed: [...patch.removed],
    };
  }
  const participants = await cachedParticipants(db, change.eventId);
  let track = change.track ?? null;
  if (!track && change.kind !== "deleted") track = await selectTrackById(db, change.trackId);
  if (track && (await shownLive(db, change.eventId, [track])).length === 0) return hiddenMessage(change);
  if (change.kind === "points" && track) {
    const positions =
      change.points ??
      (await selectPositions(db, { trackIds: [change.trackId] }, batchRange(change))).get(change.trackId) ??
      [];
    return pointsMessage(change, track, participants, positions);
  }
  let trail: WirePoint[] | undefined;
  if (change.kind === "finished" && track) {
    trail = simplifiedTrail((await selectPositions(db, { trackIds: [track.id] })).get(track.id) ?? []);
  }
  return {
    type: "track",
    seq: change.seq,
    kind: change.kind,
    track_id: change.trackId,
    track: track ? liveTrack(track, participants, trail?.[trail.length - 1] ?? null) : null,
    ...(trail ? { trail } : {}),
  };
}

/**
 * The messages of a viewer's catch-up from the log, in order. Its point batches (nearly all of it) are
 * completed together: their tracks, which are shown, and their positions in three statements, where one by
 * one they were three queries each — a page that opened its stream 20 s after its snapshot (a phone still
 * hydrating) was sent 1,000 runners' batches slower than they came and never caught up. Other kinds are rare
 * (a finish reads a whole trail): one by one.
 */
export async function buildMessages(db: Database, changes: readonly TrackChange[]): Promise<LiveMessage[]> {
  const batches = changes.filter((c) => c.kind === "points" && !c.track && !c.points);
  const built = new Map<TrackChange, LiveMessage>();
  const first = batches[0];
  if (first) {
    const participants = await cachedParticipants(db, first.eventId);
    const tracks = await selectTracksByIds(db, [...new Set(batches.map((c) => c.trackId))]);
    const byId = new Map(tracks.map((t) => [t.id, t]));
    const shown = new Set((await shownLive(db, first.eventId, tracks)).map((t) => t.id));
    const positions = await selectPositionRanges(
      db,
      batches.map((c) => ({ trackId: c.trackId, ...batchRange(c) })),
    );
    batches.forEach((c, i) => {
      const track = byId.get(c.trackId);
      // A track deleted since: buildMessage below says so.
      if (track)
        built.set(
          c,
          shown.has(track.id) ? pointsMessage(c, track, participants, positions[i] ?? []) : hiddenMessage(c),
        );
    });
  }
  const out: LiveMessage[] = [];
  for (const c of changes) out.push(built.get(c) ?? (await buildMessage(db, c)));
  return out;
}
