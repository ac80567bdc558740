import type { Database } from "~/server/db";
import { selectLiveEvent, selectParticipants, snapshotIsolation } from "~/server/db/events";
import { selectPositions } from "~/server/db/points";
import { selectEventTracks } from "~/server/db/tracks";
import { config } from "~/server/config";
import { notFound } from "~/server/errors";
import { processSingleton } from "~/server/process-singleton";
import type { Viewer } from "./access";
import { shownLive } from "./shown";
import { liveTrack, participantsByUser, simplifiedTrail, wirePoint } from "./messages";
import { LIVE_EVENTS, type LiveSnapshot, sseFrame, type WirePoint } from "./wire";

/** How long a real-time snapshot is given to further viewers of the same event and role. */
const SHARE_MS = 2000;

export interface SharedSnapshot {
  snapshot: LiveSnapshot;
  /** Its SSE frame, serialised and encoded once for every viewer it is given to (≈ 600 KB at 1,000 runners). */
  frame(): Uint8Array;
}

export function shareable(snapshot: LiveSnapshot): SharedSnapshot {
  let bytes: Uint8Array | null = null;
  const frame = () => Buffer.from(sseFrame(LIVE_EVENTS.snapshot, JSON.stringify(snapshot), snapshot.seq));
  return { snapshot, frame: () => (bytes ??= frame()) };
}

const sharedSnapshots = () =>
  processSingleton("live:snapshots", () => new WeakMap<Database, Map<string, Promise<SharedSnapshot>>>());

/**
 * The snapshot for a viewer. A real-time one (no spectator delay) gets the event's snapshot for its role read
 * at most SHARE_MS earlier, or being read: at a race's start thousands open the page within seconds, and
 * each snapshot reads every point of the event (900,000 for 1,000 runners 15 minutes in). Such a snapshot
 * may predate the viewer: the changes committed since its seq are read from the live log, as for a reconnect
 * (hub.ts, page.tsx's stream from the snapshot's seq). A delayed spectator's picture is cut at its own time.
 */
export function viewerSnapshot(db: Database, viewer: Viewer): Promise<SharedSnapshot> {
  const read = () => liveSnapshot(db, viewer).then(shareable);
  if (viewer.delaySec > 0) return read();
  let byKey = sharedSnapshots().get(db);
  if (!byKey) {
    byKey = new Map();
    sharedSnapshots().set(db, byKey);
  }
  const key = `${viewer.eventId}:${viewer.role}`;
  const cached = byKey.get(key);
  if (cached) return cached;
  const map = byKey;
  const shared = read();
  map.set(key, shared);
  const forget = () => {
    if (map.get(key) === shared) map.delete(key);
  };
  // A failed read is not shared: the next viewer reads again.
  shared.then(() => setTimeout(forget, SHARE_MS).unref(), forget);
  return shared;
}

/** The whole picture for a new viewer: every track with its simplified trail, read in one consistent snapshot. */
export async function liveSnapshot(db: Database, viewer: Viewer): Promise<LiveSnapshot> {
  return db.transaction(async (tx) => {
    await snapshotIsolation(tx, db.kind);
    const event = await selectLiveEvent(tx, viewer.eventId);
    if (!event) throw notFound("Event");
    // Imported files outside their participant's race are no live runners (docs/live.md, "Imported files").
    const tracks = await shownLive(tx, event.id, await selectEventTracks(tx, event.id));
    const until = viewer.delaySec > 0 ? Date.now() - viewer.delaySec * 1000 : null;
    const positions = await selectPositions(
      tx,
      { trackIds: tracks.map((t) => t.id) },
      { until: until ?? undefined },
    );
    const participants = await selectParticipants(tx, event.id);
    const byUser = participantsByUser(participants);
    return {
      event: {
        id: event.id,
        name: event.name,
        is_public: event.isPublic,
        starts_at: event.startsAt.toISOString(),
        timezone: event.timezone,
        role: viewer.role,
        delay_sec: viewer.delaySec,
        stale_after_sec: config().live.staleAfterSec,
        start: event.start,
        destination: event.destination,
      },
      participants: participants.map((p) => ({ id: p.id, name: p.name, bib: p.bib, user_id: p.userId })),
      tracks: tracks.map((track) => {
        const list = positions.get(track.id) ?? [];
        const last = list[list.length - 1];
        return { ...liveTrack(track, byUser, last ? wirePoint(last) : null), trail: simplifiedTrail(list) };
      }),
      seq: event.liveSeq,
      server_time: new Date().toISOString(),
      cut_ts: until,
    };
  });
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
  const byTrack = await selectPositions(db, { eventId }, { after });
  return new Map([...byTrack].map(([trackId, points]) => [trackId, points.map(wirePoint)]));
}
