import type { TTrackResponse } from "~/server/api/schemas/track";
import type { Database, Queryable } from "~/server/db";
import { simplifyIndexes } from "~/server/domain/simplify";
import { AppError } from "~/server/errors";
import type { TrackChange } from "./live-bus";
import type { LoggedChange } from "./live-log";
import type { StoredPoint } from "./points";
import { shareLinkGrants } from "./share-links";
import { type TrackRow, toTrackResponse } from "./tracks";

/** [lat, lon, epoch ms, altitude|null]: compact on the wire, phones watch on mobile networks. */
export type WirePoint = [number, number, number, number | null];

export interface Viewer {
  eventId: string;
  role: "organiser" | "spectator";
  /** Positions are shown this many seconds late (spectators only). */
  delaySec: number;
}

export interface LiveTrack
  extends Omit<TTrackResponse, "created_at" | "updated_at" | "device_track_id" | "event_id"> {
  participant: { name: string; bib: string | null } | null;
  last: WirePoint | null;
}

export interface LiveSnapshot {
  event: {
    id: string;
    name: string;
    is_public: boolean;
    starts_at: string;
    timezone: string;
    role: Viewer["role"];
    delay_sec: number;
    stale_after_sec: number;
    /** The course's start and destination, to frame the map before anyone has started. */
    start: [number, number] | null;
    destination: [number, number] | null;
  };
  participants: Array<{ name: string; bib: string | null; user_id: string | null }>;
  tracks: Array<LiveTrack & { trail: WirePoint[] }>;
  seq: number;
  server_time: string;
  /** Delayed spectators: the device time up to which positions are included (epoch ms). */
  cut_ts: number | null;
}

export type LiveMessage =
  | { type: "points"; seq: number; track: LiveTrack; points: WirePoint[] }
  | {
      type: "track";
      seq: number;
      kind: LoggedChange["kind"];
      track: LiveTrack | null;
      track_id: string;
      trail?: WirePoint[];
    };

/** Trails are simplified to about 2 m: the shape survives, the payload stays small. */
const TRAIL_TOLERANCE_M = 2;

export function staleAfterSec(): number {
  return Number(process.env.LIVE_STALE_AFTER_SEC ?? 60);
}

/**
 * Who may watch an event: its organiser always; anyone when it is public; anyone with a live share link when
 * private. Everything else is a 404, so event ids do not leak.
 */
export async function authorizeViewer(
  db: Database,
  eventId: string,
  session: { userId: string } | null,
  shareKey: string | null,
): Promise<Viewer> {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  const event = uuid.test(eventId)
    ? await db.prisma.event.findUnique({
        where: { id: eventId },
        select: { id: true, ownerId: true, isPublic: true, spectatorDelaySec: true },
      })
    : null;
  if (!event) throw new AppError("NOT_FOUND", "Event not found");
  if (session?.userId === event.ownerId) return { eventId, role: "organiser", delaySec: 0 };
  if (event.isPublic || (await shareLinkGrants(db, eventId, shareKey))) {
    return { eventId, role: "spectator", delaySec: event.spectatorDelaySec };
  }
  throw new AppError("NOT_FOUND", "Event not found");
}

const wire = (p: StoredPoint): WirePoint => [p.lat, p.lon, p.ts, p.altitude];

/** A stored point as live views read it: position, time and altitude only. */
function positionOf(r: { ts: Date; lat: number; lon: number; altitude: number | null }): StoredPoint {
  return {
    ts: r.ts.getTime(),
    lat: r.lat,
    lon: r.lon,
    altitude: r.altitude,
    accuracy: null,
    speedMps: null,
    heading: null,
    battery: null,
    origin: null,
  };
}

function liveTrack(
  track: TTrackResponse,
  participants: Map<string, { name: string; bib: string | null }>,
  last: WirePoint | null,
): LiveTrack {
  const { created_at: _c, updated_at: _u, device_track_id: _d, event_id: _e, ...rest } = track;
  return { ...rest, participant: track.user_id ? (participants.get(track.user_id) ?? null) : null, last };
}

async function participantsOf(q: Queryable, eventId: string) {
  const rows = await q.query<{ name: string; bib: string | null; user_id: string | null }>(
    "SELECT name, bib, user_id FROM participants WHERE event_id = $1 ORDER BY bib NULLS LAST, name",
    [eventId],
  );
  const byUser = new Map<string, { name: string; bib: string | null }>();
  for (const r of rows) if (r.user_id) byUser.set(r.user_id, { name: r.name, bib: r.bib });
  return { rows, byUser };
}

function simplifiedTrail(points: StoredPoint[]): WirePoint[] {
  return simplifyIndexes(points, TRAIL_TOLERANCE_M).flatMap((i) => {
    const p = points[i];
    return p ? [wire(p)] : [];
  });
}

/** Positions of some tracks by track, in time order, optionally only up to `until` or after `after`. */
async function pointsByTrack(
  q: Queryable,
  where: { trackIds: string[] } | { eventId: string },
  range: { until?: number; after?: number } = {},
): Promise<Map<string, StoredPoint[]>> {
  const iso = (t: number | undefined) => (t === undefined ? null : new Date(t).toISOString());
  const [filter, key] =
    "trackIds" in where
      ? ["p.track_id = ANY($1::uuid[])", where.trackIds]
      : ["p.track_id IN (SELECT id FROM tracks WHERE event_id = $1)", where.eventId];
  const rows = await q.query<{
    track_id: string;
    ts: Date;
    lat: number;
    lon: number;
    altitude: number | null;
  }>(
    `SELECT p.track_id, p.ts, p.lat, p.lon, p.altitude FROM points p
      WHERE ${filter} AND ($2::timestamptz IS NULL OR p.ts <= $2) AND ($3::timestamptz IS NULL OR p.ts > $3)
      ORDER BY p.track_id, p.ts`,
    [key, iso(range.until), iso(range.after)],
  );
  const out = new Map<string, StoredPoint[]>();
  for (const r of rows) {
    const list = out.get(r.track_id) ?? [];
    list.push(positionOf(r));
    out.set(r.track_id, list);
  }
  return out;
}

/**
 * For a delayed spectator: the points already stored but not yet due (device time after the snapshot's
 * cut), by track, so they can be released as their time comes instead of leaving a hole in the trails.
 */
export async function pendingPoints(
  db: Database,
  eventId: string,
  after: number,
): Promise<Map<string, WirePoint[]>> {
  const byTrack = await pointsByTrack(db, { eventId }, { after });
  return new Map([...byTrack].map(([trackId, points]) => [trackId, points.map(wire)]));
}

/** The whole picture for a new viewer: every track with its simplified trail, read in one consistent snapshot. */
export async function liveSnapshot(db: Database, viewer: Viewer): Promise<LiveSnapshot> {
  return db.transaction(async (tx) => {
    if (db.kind === "postgres") await tx.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
    const [event] = await tx.query<{
      id: string;
      name: string;
      is_public: boolean;
      starts_at: Date;
      timezone: string;
      live_seq: number;
      start_lat: number | null;
      start_lon: number | null;
      dest_lat: number | null;
      dest_lon: number | null;
    }>(
      `SELECT id, name, is_public, starts_at, timezone, live_seq, start_lat, start_lon, dest_lat, dest_lon
         FROM events WHERE id = $1`,
      [viewer.eventId],
    );
    if (!event) throw new AppError("NOT_FOUND", "Event not found");
    const tracks = await tx.query<TrackRow>("SELECT * FROM tracks WHERE event_id = $1 ORDER BY start_ts", [
      event.id,
    ]);
    const until = viewer.delaySec > 0 ? Date.now() - viewer.delaySec * 1000 : null;
    const points = await pointsByTrack(
      tx,
      { trackIds: tracks.map((t) => t.id) },
      { until: until ?? undefined },
    );
    const { rows: participants, byUser } = await participantsOf(tx, event.id);
    return {
      event: {
        id: event.id,
        name: event.name,
        is_public: event.is_public,
        starts_at: event.starts_at.toISOString(),
        timezone: event.timezone,
        role: viewer.role,
        delay_sec: viewer.delaySec,
        stale_after_sec: staleAfterSec(),
        start:
          event.start_lat !== null && event.start_lon !== null ? [event.start_lat, event.start_lon] : null,
        destination:
          event.dest_lat !== null && event.dest_lon !== null ? [event.dest_lat, event.dest_lon] : null,
      },
      participants,
      tracks: tracks.map((row) => {
        const list = points.get(row.id) ?? [];
        const lastPoint = list[list.length - 1];
        return {
          ...liveTrack(toTrackResponse(row), byUser, lastPoint ? wire(lastPoint) : null),
          trail: simplifiedTrail(list),
        };
      }),
      seq: event.live_seq,
      server_time: new Date().toISOString(),
      cut_ts: until,
    };
  });
}

// Participants change rarely; live messages come many times a second: a few seconds of staleness is fine.
const PARTICIPANTS_TTL_MS = 5000;
const participantsCache = new Map<
  string,
  { at: number; value: Promise<Awaited<ReturnType<typeof participantsOf>>> }
>();
function cachedParticipants(db: Database, eventId: string) {
  const hit = participantsCache.get(eventId);
  if (hit && Date.now() - hit.at < PARTICIPANTS_TTL_MS) return hit.value;
  const value = participantsOf(db, eventId);
  participantsCache.set(eventId, { at: Date.now(), value });
  if (participantsCache.size > 1000) {
    for (const [key, entry] of participantsCache)
      if (Date.now() - entry.at >= PARTICIPANTS_TTL_MS) participantsCache.delete(key);
  }
  return value;
}

/**
 * The message viewers get for a change. In-process changes carry their track and points; changes from other
 * instances (or from the log, on catch-up) are completed from the database.
 */
export async function liveMessage(db: Database, change: TrackChange): Promise<LiveMessage> {
  const { byUser } = await cachedParticipants(db, change.eventId);
  let track = change.track ?? null;
  if (!track && change.kind !== "deleted") {
    const [row] = await db.query<TrackRow>("SELECT * FROM tracks WHERE id = $1", [change.trackId]);
    track = row ? toTrackResponse(row) : null;
  }
  if (change.kind === "points" && track) {
    let points = change.points;
    if (!points) {
      const loaded = await db.query<{ ts: Date; lat: number; lon: number; altitude: number | null }>(
        "SELECT ts, lat, lon, altitude FROM points WHERE track_id = $1 AND ts BETWEEN $2 AND $3 ORDER BY ts",
        [
          change.trackId,
          new Date(change.minTs ?? 0).toISOString(),
          new Date(change.maxTs ?? 0).toISOString(),
        ],
      );
      points = loaded.map(positionOf);
    }
    const wired = points.map(wire);
    return {
      type: "points",
      seq: change.seq,
      track: liveTrack(track, byUser, wired[wired.length - 1] ?? null),
      points: wired,
    };
  }
  let trail: WirePoint[] | undefined;
  if (change.kind === "finished" && track) {
    trail = simplifiedTrail((await pointsByTrack(db, { trackIds: [track.id] })).get(track.id) ?? []);
  }
  return {
    type: "track",
    seq: change.seq,
    kind: change.kind,
    track_id: change.trackId,
    track: track ? liveTrack(track, byUser, trail?.[trail.length - 1] ?? null) : null,
    ...(trail ? { trail } : {}),
  };
}

/** Changes after `afterSeq` from the live log, in order; null when the log no longer reaches back that far. */
export async function changesSince(
  db: Database,
  eventId: string,
  afterSeq: number,
): Promise<LoggedChange[] | null> {
  const [bounds] = await db.query<{ min_seq: number | null }>(
    "SELECT min(seq) AS min_seq FROM live_batches WHERE event_id = $1",
    [eventId],
  );
  if (bounds?.min_seq != null && bounds.min_seq > afterSeq + 1) return null;
  const rows = await db.query<{
    seq: number;
    track_id: string;
    kind: LoggedChange["kind"];
    min_ts: Date | null;
    max_ts: Date | null;
  }>(
    "SELECT seq, track_id, kind, min_ts, max_ts FROM live_batches WHERE event_id = $1 AND seq > $2 ORDER BY seq LIMIT 5001",
    [eventId, afterSeq],
  );
  if (rows.length > 5000) return null;
  return rows.map((r) => ({
    eventId,
    seq: r.seq,
    trackId: r.track_id,
    kind: r.kind,
    minTs: r.min_ts?.getTime() ?? null,
    maxTs: r.max_ts?.getTime() ?? null,
  }));
}

/** The live log is for reconnects: entries older than the retention are dropped (viewers then get a snapshot). */
export async function pruneLiveLog(
  db: Database,
  retentionHours = Number(process.env.LIVE_LOG_RETENTION_HOURS ?? 24),
) {
  await db.query("DELETE FROM live_batches WHERE created_at < now() - make_interval(hours => $1)", [
    retentionHours,
  ]);
}
