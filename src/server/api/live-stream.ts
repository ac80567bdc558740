import type { IncomingMessage, ServerResponse } from "node:http";
import { sessionFromHeaders } from "~/server/auth/session";
import { type Database, getDb } from "~/server/db";
import { AppError } from "~/server/errors";
import { nodeHeaders } from "~/server/http/node";
import { onBusResync, subscribeEvent, type TrackChange } from "~/server/services/live-bus";
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
import { sendNodeResponse } from "./rest-handler";

const HEARTBEAT_MS = Number(process.env.LIVE_HEARTBEAT_MS ?? 15_000);
const GAP_WAIT_MS = 300;
const FLUSH_MS = Number(process.env.LIVE_FLUSH_MS ?? 20);
/** A viewer this far behind (bytes queued in its socket) is cut off; it reconnects and catches up. */
const MAX_QUEUED_BYTES = Number(process.env.LIVE_MAX_QUEUED_BYTES ?? 8 * 1024 * 1024);

const STREAM_HEADERS = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  Connection: "keep-alive",
  "X-Accel-Buffering": "no",
};

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

export const frame = (event: string, json: string, id: number) =>
  `id: ${id}\nevent: ${event}\ndata: ${json}\n\n`;

/** Where a viewer's bytes go (a node:http response). */
export interface Transport {
  /** False when the viewer is gone or too far behind: the stream is then closed. */
  write(chunk: Uint8Array): boolean;
  close(): void;
}

/** A change as the hub sends it: its seq (also its SSE id: the hub sends in order), message and frame text. */
export interface HubFrame {
  seq: number;
  encoded: Encoded;
  text: string;
}

/**
 * One viewer of an event. It joins its event's hub before reading its starting point (a snapshot at seq
 * `floor`, or the log after its Last-Event-ID), so nothing committed after that point can pass it by; hub
 * frames at or below the floor, or already sent during catch-up (`seen`), are skipped.
 */
export class LiveViewer {
  floor = 0;
  seen = new Set<number>();
  live = false;
  closed = false;
  private backlog: HubFrame[] = [];
  private pendingText: string[] = [];
  private flushTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly viewer: Viewer,
    private readonly transport: Transport,
    private readonly onClose: () => void,
  ) {}

  private get delayMs() {
    return this.viewer.delaySec * 1000;
  }

  /** A frame of this viewer's own (snapshot, catch-up, delayed release): coalesced for FLUSH_MS. */
  write(text: string) {
    if (this.closed) return;
    if (this.pendingText.push(text) === 1) this.flushTimer = setTimeout(() => this.flushOwn(), FLUSH_MS);
  }

  private flushOwn() {
    this.flushTimer = null;
    const text = this.pendingText.join("");
    this.pendingText = [];
    if (text) this.send(Buffer.from(text));
  }

  send(chunk: Uint8Array) {
    if (this.closed) return;
    if (!this.transport.write(chunk)) this.close();
  }

  private wanted(f: HubFrame) {
    return f.seq > this.floor && !this.seen.has(f.seq);
  }

  /**
   * A hub flush (frames in seq order). A live real-time viewer past its start takes the shared bytes as they
   * are (the common case: one buffer for every viewer); otherwise its frames are filtered for it alone.
   */
  receive(frames: HubFrame[], shared: Uint8Array | null) {
    if (this.closed) return;
    if (!this.live) {
      this.backlog.push(...frames);
      return;
    }
    const plain = shared && this.delayMs === 0 && this.pendingText.length === 0;
    if (plain && frames.every((f) => this.wanted(f))) this.send(shared);
    else for (const f of frames) if (this.wanted(f)) this.emit(f.encoded, f.seq);
    // The hub never sends these seqs again: what catch-up sent up to them need not be remembered.
    const last = frames[frames.length - 1]?.seq ?? 0;
    for (const seq of this.seen) if (seq <= last) this.seen.delete(seq);
  }

  /** Sends a message now, or, for a delayed spectator, when it is due. */
  emit(encoded: Encoded, id: number) {
    const { message, json } = encoded;
    if (this.delayMs === 0) this.write(frame(message.type, json, id));
    else if (message.type === "points") this.releasePoints(message.track, message.seq, message.points, id);
    else this.later(Date.now() + this.delayMs, frame(message.type, json, id));
  }

  private later(at: number, text: string) {
    setTimeout(() => this.write(text), Math.max(0, at - Date.now())).unref();
  }

  /**
   * Delayed spectators see each position `delay` after its device time (at most `delay` after it arrived):
   * points are grouped by the second they become due and released then.
   */
  releasePoints(track: LiveTrack, seq: number, points: WirePoint[], id: number) {
    const now = Date.now();
    const delayMs = this.delayMs;
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
      this.later(at, frame("points", JSON.stringify(message), id));
    }
  }

  /** Start done: the hub frames that came meanwhile follow, filtered, then the shared stream. */
  goLive() {
    this.live = true;
    const backlog = this.backlog;
    this.backlog = [];
    if (backlog.length > 0) this.receive(backlog, null);
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.onClose();
    this.transport.close();
  }
}

/**
 * Per event and instance, the live changes in seq order, each serialised once into an SSE frame and written
 * to every viewer as one shared buffer per flush (FLUSH_MS). The hub keeps the event's watermark: the highest
 * seq up to which it has sent every change. Changes can arrive out of order (concurrent commits, other
 * instances): one above a hole waits for it, and a hole still open after GAP_WAIT_MS is read from the log.
 */
class EventHub {
  readonly viewers = new Set<LiveViewer>();
  disposed = false;
  /** Changes above a hole, waiting for it to fill. */
  private readonly held = new Map<number, Encoded>();
  private chain: Promise<void> = Promise.resolve();
  private pending: HubFrame[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private gapTimer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: () => void;
  private readonly heartbeat: NodeJS.Timeout;

  /**
   * `watermark` is the event's seq read BEFORE subscribing: every change up to it committed before any viewer
   * of this hub joined (so it is in that viewer's snapshot or catch-up); a change committed between the read
   * and the subscription shows up as a hole and is read from the log.
   */
  constructor(
    private readonly db: Database,
    readonly eventId: string,
    private watermark: number,
    private readonly dispose: () => void,
  ) {
    const unsubscribe = subscribeEvent(eventId, (change) => this.enqueue(change));
    const unresync = onBusResync(() => this.catchUp());
    this.unsubscribe = () => {
      unsubscribe();
      unresync();
    };
    // A named event (not a comment) so that the page can tell a quiet stream from a dead connection.
    this.heartbeat = setInterval(() => {
      const ping = Buffer.from(`event: ping\ndata: {"t":${Date.now()}}\n\n`);
      for (const v of this.viewers) v.send(ping);
    }, HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  enqueue(change: TrackChange) {
    // Completed (from the database, for another instance's change) at once; sent in order below.
    if (change.seq > this.watermark) void cachedMessage(this.db, change).catch(() => undefined);
    this.chain = this.chain
      .then(() => this.deliver(change))
      .catch((error) => console.error("[live] deliver", error));
  }

  private async deliver(change: TrackChange) {
    if (change.seq <= this.watermark || this.held.has(change.seq)) return;
    const encoded = await cachedMessage(this.db, change);
    if (change.seq <= this.watermark) return;
    this.held.set(change.seq, encoded);
    this.release();
  }

  /**
   * In seq order only: a change whose predecessor has not come yet waits for it (a few ms in one process, or
   * the bus's delay from another instance), so ids are exact and a reconnect never repeats anything.
   */
  private release() {
    for (let next = this.held.get(this.watermark + 1); next; next = this.held.get(this.watermark + 1)) {
      this.held.delete(this.watermark + 1);
      this.watermark += 1;
      const seq = this.watermark;
      const f = { seq, encoded: next, text: frame(next.message.type, next.json, seq) };
      if (this.pending.push(f) === 1) this.flushTimer = setTimeout(() => this.flush(), FLUSH_MS);
    }
    if (this.held.size > 0) this.scheduleGapFill();
  }

  private flush() {
    this.flushTimer = null;
    const frames = this.pending;
    this.pending = [];
    if (frames.length === 0) return;
    const shared = Buffer.from(frames.map((f) => f.text).join(""));
    for (const v of this.viewers) v.receive(frames, shared);
  }

  private scheduleGapFill() {
    if (this.gapTimer) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (this.held.size > 0) this.catchUp();
    }, GAP_WAIT_MS);
    this.gapTimer.unref();
  }

  /** Reads from the log what came after the watermark (a hole that stays open, or a bus that was down). */
  private catchUp() {
    this.chain = this.chain
      .then(async () => {
        const missed = await changesSince(this.db, this.eventId, this.watermark);
        for (const change of missed ?? []) await this.deliver(change);
        if (missed === null && this.held.size > 0) {
          // The log no longer reaches the hole (never expected: every seq is logged with its change).
          console.error(`[live] seq ${this.watermark + 1} of ${this.eventId} is not in the log; skipping`);
          this.watermark = Math.min(...this.held.keys()) - 1;
          this.release();
        }
      })
      .catch((error) => console.error("[live] catch-up", error));
  }

  leave(v: LiveViewer) {
    this.viewers.delete(v);
    if (this.viewers.size > 0 || this.disposed) return;
    this.disposed = true;
    this.unsubscribe();
    clearInterval(this.heartbeat);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.dispose();
  }
}

const globalForHubs = globalThis as unknown as { runifyLiveHubs?: Map<string, Promise<EventHub>> };
globalForHubs.runifyLiveHubs ??= new Map<string, Promise<EventHub>>();
const hubs = globalForHubs.runifyLiveHubs;

async function hubFor(db: Database, eventId: string): Promise<EventHub> {
  for (;;) {
    let hub = hubs.get(eventId);
    if (!hub) {
      const created = db
        .query<{ live_seq: number }>("SELECT live_seq FROM events WHERE id = $1", [eventId])
        .then(([row]) => new EventHub(db, eventId, row?.live_seq ?? 0, () => hubs.delete(eventId)));
      created.catch(() => hubs.delete(eventId));
      hubs.set(eventId, created);
      hub = created;
    }
    const ready = await hub;
    if (!ready.disposed) return ready;
  }
}

/** Closes every live stream (server shutdown): viewers reconnect to another instance and catch up. */
export async function closeAllLiveStreams() {
  for (const hub of await Promise.allSettled([...hubs.values()])) {
    if (hub.status === "fulfilled") for (const v of [...hub.value.viewers]) v.close();
  }
}

/**
 * Starts a viewer: joins the hub, then sends either exactly the changes after `lastEventId` (from the live
 * log) or a snapshot, and then the hub's frames.
 */
async function startViewer(db: Database, viewer: Viewer, lastEventId: number, transport: Transport) {
  let v: LiveViewer | null = null;
  try {
    // Joined before the starting point is read: whatever commits after that read reaches this viewer.
    const hub = await hubFor(db, viewer.eventId);
    const joined = new LiveViewer(viewer, transport, () => hub.leave(joined));
    v = joined;
    hub.viewers.add(v);
    v.write("retry: 2000\n\n");
    const missed =
      Number.isInteger(lastEventId) && lastEventId >= 0 && viewer.delaySec === 0
        ? await changesSince(db, viewer.eventId, lastEventId)
        : null;
    if (missed) {
      // The log holds every committed seq (they follow commit order): these are consecutive from lastEventId.
      v.floor = lastEventId;
      for (const change of missed) {
        const encoded = await cachedMessage(db, change);
        v.seen.add(change.seq);
        v.emit(encoded, change.seq);
      }
    } else {
      const snapshot = await liveSnapshot(db, viewer);
      v.floor = snapshot.seq;
      v.write(frame("snapshot", JSON.stringify(snapshot), snapshot.seq));
      if (snapshot.cut_ts !== null) {
        const pending = await pendingPoints(db, viewer.eventId, snapshot.cut_ts);
        for (const track of snapshot.tracks) {
          const points = pending.get(track.id);
          if (points) v.releasePoints(track, snapshot.seq, points, snapshot.seq);
        }
      }
    }
    v.goLive();
  } catch (error) {
    console.error("[live] stream start", error);
    if (v) v.close();
    else transport.close();
  }
  return v;
}

function errorResponse(error: unknown): Response {
  if (!(error instanceof AppError)) throw error;
  const rest = restError(error.code, error.message);
  return Response.json(rest.body, { status: rest.status });
}

/** Who may watch (organiser session, public event, or `?share=` key); throws AppError otherwise. */
export async function viewerFor(
  headers: Headers,
  search: URLSearchParams,
  eventId: string,
): Promise<{ db: Database; viewer: Viewer }> {
  const db = await getDb();
  const session = await sessionFromHeaders(headers);
  return { db, viewer: await authorizeViewer(db, eventId, session, search.get("share")) };
}

function lastEventIdOf(headers: Headers, search: URLSearchParams): number {
  return Number(headers.get("last-event-id") ?? search.get("last_event_id") ?? Number.NaN);
}

/** GET /api/live/{eventId}: the current picture as JSON (first paint, replay). */
export async function liveSnapshotRoute(req: Request, eventId: string): Promise<Response> {
  try {
    const { db, viewer } = await viewerFor(req.headers, new URL(req.url).searchParams, eventId);
    return Response.json(await liveSnapshot(db, viewer), { headers: { "Cache-Control": "no-store" } });
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * GET /api/live/{eventId}/stream: Server-Sent Events, served by scripts/serve.mjs straight on node:http. A new
 * viewer gets `snapshot`, then `points` and `track` deltas, in seq order. Every message's id is its seq: the
 * viewer has everything up to it, so a reconnect with Last-Event-ID gets exactly the changes it
 * missed (or a new snapshot when the log no longer reaches back). Spectators of an event with a delay get
 * every message that many seconds late.
 */
export async function liveStream(req: IncomingMessage, res: ServerResponse, eventId: string) {
  const headers = nodeHeaders(req);
  const search = new URL(req.url ?? "/", "http://localhost").searchParams;
  let access: { db: Database; viewer: Viewer };
  try {
    access = await viewerFor(headers, search, eventId);
  } catch (error) {
    await sendNodeResponse(res, errorResponse(error));
    return;
  }
  res.writeHead(200, STREAM_HEADERS);
  res.flushHeaders();
  res.socket?.setNoDelay(true);
  const transport: Transport = {
    write(chunk) {
      if (res.destroyed || res.writableEnded) return false;
      res.write(chunk);
      return res.writableLength <= MAX_QUEUED_BYTES;
    },
    close() {
      if (!res.writableEnded) res.end();
    },
  };
  const viewer = startViewer(access.db, access.viewer, lastEventIdOf(headers, search), transport);
  res.once("close", () => void viewer.then((v) => v?.close()));
}
