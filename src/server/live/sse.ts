import { getDb } from "~/server/db";
import { config } from "~/server/config";
import { send } from "~/server/http/node";
import type { ApiRequest } from "~/server/http/request";
import { authorizeViewer } from "./access";
import { openViewer } from "./hub";
import { liveSnapshot } from "./snapshot";
import type { Sink } from "./viewer";
import { trailsMapPng } from "~/server/services/track-map";

const STREAM_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
  "X-Content-Type-Options": "nosniff",
};

async function viewerOf(call: ApiRequest) {
  const db = await getDb();
  const shareKey = call.url.searchParams.get("share");
  const session = await call.session();
  const viewer = await authorizeViewer(db, call.params.eventId ?? "", session, shareKey);
  return { db, viewer, credentials: { session, shareKey } };
}

/** The link preview's size (Open Graph / Twitter large card: 1.91:1). */
export const LIVE_MAP_SIZE = { width: 1200, height: 630 } as const;

/**
 * GET /api/live/{eventId}/map.png: every trail of the live picture (as this viewer may see it: share key,
 * spectator delay) drawn as a PNG on the map tiles if configured, the Open Graph / Twitter card image of
 * the live page.
 */
export async function serveLiveMapImage(call: ApiRequest): Promise<void> {
  const { db, viewer } = await viewerOf(call);
  const snapshot = await liveSnapshot(db, viewer);
  const trails = snapshot.tracks.map((t) => t.trail.map((p): [number, number] => [p[0], p[1]]));
  send(
    call.res,
    200,
    await trailsMapPng(
      trails.filter((t) => t.length > 0),
      LIVE_MAP_SIZE,
    ),
    {
      "Content-Type": "image/png",
      "Cache-Control": "private, max-age=60",
    },
  );
}

/** GET /api/live/{eventId}: the current picture as JSON (first paint, replay). */
export async function serveLiveSnapshot(call: ApiRequest): Promise<void> {
  const { db, viewer } = await viewerOf(call);
  const snapshot = await liveSnapshot(db, viewer);
  send(call.res, 200, JSON.stringify(snapshot), {
    "Content-Type": "application/json",
    "Cache-Control": "no-store",
  });
}

/**
 * GET /api/live/{eventId}/stream: Server-Sent Events. A new viewer gets `snapshot`, then `points` (organisers;
 * spectators get their compact `moves`, spectator.ts) and `track` deltas, in seq order. Every message's id is its seq: the viewer has everything up to it, so a reconnect
 * with Last-Event-ID gets exactly the changes it missed (or a new snapshot when the log no longer reaches
 * back). Spectators of an event with a delay get every message that many seconds late. Refusals (404) come
 * before the stream starts, through the edge's one error path.
 */
export async function serveLiveStream(call: ApiRequest): Promise<void> {
  const { db, viewer, credentials } = await viewerOf(call);
  const { res } = call;
  res.writeHead(200, STREAM_HEADERS);
  res.flushHeaders();
  res.socket?.setNoDelay(true);
  const maxQueued = config().live.maxQueuedBytes;
  const sink: Sink = {
    write(chunk) {
      if (res.destroyed || res.writableEnded) return false;
      res.write(chunk);
      return res.writableLength <= maxQueued;
    },
    close() {
      if (!res.writableEnded) res.end();
    },
  };
  const lastEventId = Number(
    call.headers.get("last-event-id") ?? call.url.searchParams.get("last_event_id") ?? Number.NaN,
  );
  const opened = openViewer(db, viewer, credentials, lastEventId, sink);
  res.once("close", () => void opened.then((v) => v?.close()));
}
