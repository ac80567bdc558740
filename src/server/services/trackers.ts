import type { Database } from "~/server/db";
import {
  type DeviceState,
  hasOpenDeviceTrack,
  lockDevice,
  lockOpenDeviceTrack,
  markDeviceTrack,
  selectDeviceState,
  selectDeviceTrackAt,
  selectIdleDeviceTracks,
} from "~/server/db/trackers";
import type { Track } from "~/server/db/tracks";
import type { Point } from "~/server/domain/point";
import { type DeviceTrack, eventEndMs, routeFix } from "~/server/domain/trackers/session";
import { AppError, notFound } from "~/server/errors";
import { withTrackChange } from "~/server/live/change";
import { config } from "~/server/config";
import { processSingleton } from "~/server/process-singleton";
import { addPoints } from "./points";
import type { TokenAuth } from "./tokens";
import { findTrack, insertNewTrack, storeComputedStats } from "./tracks";

/**
 * Fixes from tracker apps (OsmAnd / Traccar Client, OwnTracks, GPSLogger: http/trackers.ts reads them). One
 * token is one device: its fixes go to its current track, opened by its first fix and closed after
 * `TRACKER_IDLE_CLOSE_SEC` without a fix or at the event's end (domain/trackers/session.ts decides). Storing
 * is POST /tracks/{id}/points' path (services/points.ts: durable before the answer, a repeated timestamp
 * stored once, late fixes after the close recompute the statistics), with the device's track read once per
 * fix — the same two round trips as the REST path.
 *
 * Closing happens two ways. Lazily, when a fix comes more than the delay after the previous one (device
 * time): that one track closes and a new one starts. And by a sweep every `TRACKER_SWEEP_SEC` on each
 * instance (startTrackerSweep), for devices that went silent — a phone whose battery died sends no next
 * fix, so only a sweep can close its track for the viewers. Instances need no coordination: each closes
 * under the track's row lock after checking again (in SQL, on the database's clock) that it is still open
 * and idle, so a track closed by another instance, or that got a fix meanwhile, is left alone.
 */

const MAX_ROUTE_ATTEMPTS = 3;

export async function recordFixes(db: Database, auth: TokenAuth, fixes: readonly Point[]): Promise<void> {
  for (const fix of [...fixes].sort((a, b) => a.ts - b.ts)) await recordFix(db, auth, fix);
}

async function recordFix(db: Database, auth: TokenAuth, fix: Point): Promise<void> {
  const scope = { eventId: auth.eventId };
  const idleMs = config().trackers.idleCloseSec * 1000;
  for (let attempt = 0; attempt < MAX_ROUTE_ATTEMPTS; attempt++) {
    const state = await selectDeviceState(db, auth.eventId, auth.tokenId);
    if (!state) throw notFound("Event");
    const endMs = eventEndMs(state.startsAt, state.timezone);
    const route = routeFix(deviceTrack(state), fix.ts, { idleMs, eventEndMs: endMs });
    if (route.action === "ended") {
      throw new AppError(
        "CONFLICT",
        `The event ended at ${new Date(endMs).toISOString()}: a fix of ${new Date(fix.ts).toISOString()} is not stored`,
      );
    }
    if (route.action === "earlier") {
      const track = await selectDeviceTrackAt(db, auth.tokenId, fix.ts);
      if (track) return addPoints(db, scope, track.id, [fix]);
      continue;
    }
    if (route.action === "append") {
      const read = !route.closed && state.track ? state.track : undefined;
      return addPoints(db, scope, route.trackId, [fix], read);
    }
    if (route.close) await closeDeviceTrack(db, route.close, null);
    const opened = await openDeviceTrack(db, auth, state, fix);
    // Another request of this device opened one first: route again (to it).
    if (opened) return addPoints(db, scope, opened.id, [fix]);
  }
  throw new AppError("SERVICE_UNAVAILABLE", "This device's track is changing: send the fix again", {
    retryAfterSec: 1,
  });
}

function deviceTrack(state: DeviceState): DeviceTrack | null {
  const t = state.track?.track;
  if (!t) return null;
  return {
    id: t.id,
    startTs: t.startTs.getTime(),
    lastFixTs: t.liveStats?.lastTs ?? null,
    endTs: t.endTs?.getTime() ?? null,
    closed: t.statsComputedAt !== null,
  };
}

/** A new running track starting at the fix, bound to the token (and to its participant, for personal tokens). */
async function openDeviceTrack(
  db: Database,
  auth: TokenAuth,
  state: DeviceState,
  fix: Point,
): Promise<Track | null> {
  return withTrackChange(db, async (tx) => {
    await lockDevice(tx, auth.tokenId);
    if (await hasOpenDeviceTrack(tx, auth.tokenId)) return { value: null, changes: [] };
    // A personal token's participant binds the track (services/tracks.ts EventRef.participantId, issue 12).
    const event = { id: auth.eventId, timezone: state.timezone, participantId: auth.participantId };
    const id = await insertNewTrack(
      tx,
      event,
      { deviceTrackId: `tracker-${auth.tokenId}-${fix.ts}`, activityType: "run", startTs: new Date(fix.ts) },
      "running",
    );
    await markDeviceTrack(tx, id, auth.tokenId);
    const track = await findTrack(tx, { eventId: auth.eventId }, id);
    return { value: track, changes: [{ eventId: auth.eventId, trackId: id, kind: "created", track }] };
  });
}

/**
 * Closes a device's open track with its statistics (finish's computation), announced to live viewers. With
 * `idleSec`, only if it is still idle (or its event over) under the lock; null: close it now (lazy close).
 */
export async function closeDeviceTrack(
  db: Database,
  trackId: string,
  idleSec: number | null,
): Promise<boolean> {
  return withTrackChange(db, async (tx) => {
    const track = await lockOpenDeviceTrack(tx, trackId, idleSec);
    if (!track) return { value: false, changes: [] };
    const done = await storeComputedStats(tx, track);
    return {
      value: true,
      changes: [{ eventId: done.eventId, trackId: done.id, kind: "finished", track: done }],
    };
  });
}

/** One pass of the sweep: closes the tracks whose device went silent or whose event ended; how many. */
export async function sweepDeviceTracks(
  db: Database,
  idleSec = config().trackers.idleCloseSec,
): Promise<number> {
  let closed = 0;
  for (;;) {
    const ids = await selectIdleDeviceTracks(db, idleSec, 100);
    let progress = 0;
    for (const id of ids) if (await closeDeviceTrack(db, id, idleSec)) progress++;
    closed += progress;
    if (ids.length < 100 || progress === 0) return closed;
  }
}

/** Runs the sweep every TRACKER_SWEEP_SEC on this instance (one pass at a time). */
export function startTrackerSweep(db: Database): void {
  const everySec = config().trackers.sweepSec;
  if (everySec === 0) return;
  processSingleton("tracker-sweep", () => {
    let running = false;
    const timer = setInterval(() => {
      if (running) return;
      running = true;
      sweepDeviceTracks(db)
        .catch((error) => console.error("[trackers] sweep", error))
        .finally(() => {
          running = false;
        });
    }, everySec * 1000);
    timer.unref();
    return timer;
  });
}
