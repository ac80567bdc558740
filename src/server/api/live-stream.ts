import { getSession } from "~/server/auth/session";
import { type Database, getDb } from "~/server/db";
import { AppError } from "~/server/errors";
import { subscribeEvent, type TrackChange } from "~/server/services/live-bus";
import {
  authorizeViewer,
  changesSince,
  type LiveMessage,
  type LiveTrack,
  liveMessage,
  liveSnapshot,
  pendingPoints,
  type WirePoint,
  type Viewer,
} from "~/server/services/live-view";
import { restError } from "./errors";

const HEARTBEAT_MS = Number(process.env.LIVE_HEARTBEAT_MS ?? 15_000);
const GAP_WAIT_MS = 300;
const FLUSH_MS = Number(process.env.LIVE_FLUSH_MS ?? 20);

interface Encoded {
  message: LiveMessage;
  json: string;
}

// One message per change and instance, however many viewers: built and serialised once, shared for a while.
const messageCache = new Map<string, Promise<Encoded>>();
function cachedMessage(db: Database, change: TrackChange): Promise<Encoded> {
  const key = `${change.eventId}:${change.seq}`;
  let message = messageCache.get(key);
  if (!message) {
    message = liveMessage(db, change).then((m) => ({ message: m, json: JSON.stringify(m) }));
    messageCache.set(key, message);
    setTimeout(() => messageCache.delete(key), 30_000).unref();
  }
  return message;
}

function errorResponse(error: unknown): Response {
  if (!(error instanceof AppError)) throw error;
  const rest = restError(error.code, error.message);
  return Response.json(rest.body, { status: rest.status });
}

/** Who may watch (organiser session, public event, or `?share=` key); throws AppError otherwise. */
export async function viewerFor(req: Request, eventId: string): Promise<{ db: Database; viewer: Viewer }> {
  const db = await getDb();
  const session = await getSession().catch(() => null);
  const share = new URL(req.url).searchParams.get("share");
  return { db, viewer: await authorizeViewer(db, eventId, session, share) };
}

/** GET /api/live/{eventId}: the current picture as JSON (first paint, replay). */
export async function liveSnapshotRoute(req: Request, eventId: string): Promise<Response> {
  try {
    const { db, viewer } = await viewerFor(req, eventId);
    return Response.json(await liveSnapshot(db, viewer), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * GET /api/live/{eventId}/stream: Server-Sent Events. A new viewer gets `snapshot`, then `points` and `track`
 * deltas. Every message's id is the highest live sequence number below which the viewer has everything, so
 * a reconnect with Last-Event-ID gets exactly the changes it missed (or a new snapshot when the log no longer
 * reaches back). Spectators of an event with a delay get every message that many seconds late.
 */
export async function liveStreamRoute(req: Request, eventId: string): Promise<Response> {
  let db: Database;
  let viewer: Viewer;
  try {
    ({ db, viewer } = await viewerFor(req, eventId));
  } catch (error) {
    return errorResponse(error);
  }
  const url = new URL(req.url);
  const lastEventId = Number(
    req.headers.get("last-event-id") ?? url.searchParams.get("last_event_id") ?? Number.NaN,
  );
  const encoder = new TextEncoder();
  let cleanup = () => {};

  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let ready = false;
      let watermark = 0;
      const above = new Set<number>();
      const buffered: TrackChange[] = [];
      let chain: Promise<void> = Promise.resolve();
      let gapTimer: NodeJS.Timeout | null = null;

      // Frames due within FLUSH_MS leave in one chunk: on race day a viewer gets hundreds of small messages
      // a second, and one write per message per viewer is what costs most (bench:live).
      let pending: string[] = [];
      const flush = () => {
        const text = pending.join("");
        pending = [];
        if (closed || !text) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      const write = (text: string) => {
        if (closed) return;
        if (pending.push(text) === 1) setTimeout(flush, FLUSH_MS);
      };
      const delayMs = viewer.delaySec * 1000;
      const frame = (event: string, json: string, id: number) =>
        `id: ${id}\nevent: ${event}\ndata: ${json}\n\n`;
      const later = (at: number, text: string) =>
        setTimeout(() => write(text), Math.max(0, at - Date.now())).unref();
      /**
       * Delayed spectators see each position `delay` after its device time (at most `delay` after it
       * arrived): points are grouped by the second they become due and released then.
       */
      const releasePoints = (track: LiveTrack, seq: number, points: WirePoint[], id: number) => {
        const now = Date.now();
        const due = new Map<number, WirePoint[]>();
        for (const p of points) {
          const at = Math.ceil(Math.min(Math.max(now, p[2] + delayMs), now + delayMs) / 1000) * 1000;
          due.set(at, [...(due.get(at) ?? []), p]);
        }
        for (const [at, group] of due) {
          const message = {
            type: "points",
            seq,
            track: { ...track, last: group[group.length - 1] ?? null },
            points: group,
          };
          later(at, frame("points", JSON.stringify(message), id));
        }
      };
      const emit = (encoded: Encoded, id: number) => {
        const { message, json } = encoded;
        if (delayMs === 0) write(frame(message.type, json, id));
        else if (message.type === "points") releasePoints(message.track, message.seq, message.points, id);
        else later(Date.now() + delayMs, frame(message.type, json, id));
      };

      const deliver = async (change: TrackChange) => {
        if (change.seq <= watermark || above.has(change.seq)) return;
        const message = await cachedMessage(db, change);
        if (change.seq === watermark + 1) {
          watermark = change.seq;
          while (above.delete(watermark + 1)) watermark += 1;
        } else {
          above.add(change.seq);
          scheduleGapFill();
        }
        emit(message, watermark);
      };
      const enqueue = (change: TrackChange) => {
        chain = chain.then(() => deliver(change)).catch((error) => console.error("[live] deliver", error));
      };
      // Changes from other instances can arrive out of order; a hole that stays open is read from the log.
      const scheduleGapFill = () => {
        if (gapTimer) return;
        gapTimer = setTimeout(() => {
          gapTimer = null;
          if (above.size === 0) return;
          chain = chain
            .then(async () => {
              const missed = (await changesSince(db, viewer.eventId, watermark)) ?? [];
              for (const change of missed) await deliver(change);
            })
            .catch((error) => console.error("[live] gap fill", error));
        }, GAP_WAIT_MS);
        gapTimer.unref();
      };

      const unsubscribe = subscribeEvent(viewer.eventId, (change) => {
        if (ready) enqueue(change);
        else buffered.push(change);
      });
      // A named event (not a comment) so that the page can tell a quiet stream from a dead connection.
      const heartbeat = setInterval(() => write(`event: ping\ndata: {"t":${Date.now()}}\n\n`), HEARTBEAT_MS);
      heartbeat.unref();
      cleanup = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(heartbeat);
        if (gapTimer) clearTimeout(gapTimer);
        try {
          controller.close();
        } catch {
          // already closed by the client
        }
      };
      req.signal.addEventListener("abort", cleanup);

      write("retry: 2000\n\n");
      chain = (async () => {
        const missed =
          Number.isInteger(lastEventId) && lastEventId >= 0 && viewer.delaySec === 0
            ? await changesSince(db, viewer.eventId, lastEventId)
            : null;
        if (missed) {
          watermark = lastEventId;
          for (const change of missed) await deliver(change);
        } else {
          const snapshot = await liveSnapshot(db, viewer);
          watermark = snapshot.seq;
          write(frame("snapshot", JSON.stringify(snapshot), snapshot.seq));
          if (snapshot.cut_ts !== null) {
            const pending = await pendingPoints(db, viewer.eventId, snapshot.cut_ts);
            for (const track of snapshot.tracks) {
              const points = pending.get(track.id);
              if (points) releasePoints(track, snapshot.seq, points, snapshot.seq);
            }
          }
        }
        ready = true;
        for (const change of buffered.splice(0)) enqueue(change);
      })().catch((error) => {
        console.error("[live] stream start", error);
        cleanup();
      });
    },
    cancel() {
      cleanup();
    },
  });

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
