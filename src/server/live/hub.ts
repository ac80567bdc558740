import { onResync, subscribe } from "~/server/bus";
import { config } from "~/server/config";
import type { Database } from "~/server/db";
import { selectLiveSeq, selectLogSince } from "~/server/db/live-log";
import { processSingleton } from "~/server/process-singleton";
import { authorizeViewer, type Viewer } from "./access";
import { mergeCatchUp } from "./catch-up";
import type { TrackChange } from "./change";
import { buildMessage, buildMessages } from "./messages";
import { liveSnapshot, pendingPoints, shareable, viewerSnapshot } from "./snapshot";
import { spectatorText } from "./spectator";
import { type Frame, LiveViewer, type Sink, toFrame } from "./viewer";
import { LIVE_EVENTS } from "./wire";

/** A hole in the seqs still open after this long is read from the log. */
const GAP_WAIT_MS = 300;

/** What a viewer proved when it connected, to check again when the event's access changes. */
export interface Credentials {
  session: { userId: string } | null;
  shareKey: string | null;
}

/** A viewer's catch-up is completed from the database this many changes at a time (messages.ts buildMessages). */
const CATCH_UP_CHUNK = 500;

// One frame per change and instance, however many viewers (and hubs, on catch-up): built once, kept a while.
const frameCache = () => processSingleton("live:frames", () => new Map<string, Promise<Frame>>());
const frameKey = (change: TrackChange) => `${change.eventId}:${change.seq}`;
function keepFrame(key: string, frame: Promise<Frame>) {
  frameCache().set(key, frame);
  // A failed build is not kept: the next viewer (or this one, reconnecting) tries again.
  frame.catch(() => frameCache().delete(key));
  setTimeout(() => frameCache().delete(key), 30_000).unref();
}

function cachedFrame(db: Database, change: TrackChange): Promise<Frame> {
  const key = frameKey(change);
  let frame = frameCache().get(key);
  if (!frame) {
    frame = buildMessage(db, change).then(toFrame);
    keepFrame(key, frame);
  }
  return frame;
}

/** Frames for consecutive changes from the log: those no hub has built are built together. */
async function catchUpFrames(db: Database, changes: readonly TrackChange[]): Promise<Frame[]> {
  const missing = changes.filter((c) => !frameCache().has(frameKey(c)));
  if (missing.length > 0) {
    const built = buildMessages(db, missing).then((messages) => messages.map(toFrame));
    for (const [i, c] of missing.entries()) {
      const frame = built.then(
        (frames) => frames[i] ?? Promise.reject(new Error(`no frame for seq ${c.seq}`)),
      );
      keepFrame(frameKey(c), frame);
    }
  }
  return Promise.all(changes.map((c) => cachedFrame(db, c)));
}

/**
 * Per event and instance, the live changes in seq order, each serialised once into an SSE frame and written
 * to every viewer as one shared buffer per flush (LIVE_FLUSH_MS). The hub keeps the event's watermark: the
 * highest seq up to which it has sent every change. Changes can arrive out of order (concurrent commits, other
 * instances): one above a hole waits for it, and a hole still open after GAP_WAIT_MS is read from the log.
 */
class EventHub {
  readonly viewers = new Map<LiveViewer, Credentials>();
  disposed = false;
  /** Changes above a hole, waiting for it to fill. */
  private readonly held = new Map<number, Frame>();
  private chain: Promise<void> = Promise.resolve();
  private pending: Frame[] = [];
  private flushTimer: NodeJS.Timeout | null = null;
  /** Frames already sent to organisers, waiting for the spectators' next (coalesced) write. */
  private spectatorPending: Frame[] = [];
  private spectatorTimer: NodeJS.Timeout | null = null;
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
    private readonly flushMs: number,
    private readonly spectatorFlushMs: number,
    private readonly dispose: () => void,
  ) {
    const unsubscribeTrack = subscribe("track", ({ change }) => {
      if (change.eventId === eventId) this.enqueue(change);
    });
    const unsubscribeAccess = subscribe("access", (message) => {
      if (message.eventId === eventId) void this.recheckAccess();
    });
    const unresync = onResync(() => this.catchUp());
    this.unsubscribe = () => {
      unsubscribeTrack();
      unsubscribeAccess();
      unresync();
    };
    // A named event (not a comment) so that the page can tell a quiet stream from a dead connection.
    this.heartbeat = setInterval(() => {
      const ping = Buffer.from(`event: ${LIVE_EVENTS.ping}\ndata: {"t":${Date.now()}}\n\n`);
      for (const v of this.viewers.keys()) v.send(ping);
    }, config().live.heartbeatMs);
    this.heartbeat.unref();
  }

  enqueue(change: TrackChange) {
    // Completed (from the database, for another instance's change) at once; sent in order below.
    if (change.seq > this.watermark) void cachedFrame(this.db, change).catch(() => undefined);
    this.chain = this.chain
      .then(() => this.deliver(change))
      .catch((error) => console.error("[live] deliver", error));
  }

  private async deliver(change: TrackChange) {
    if (change.seq <= this.watermark || this.held.has(change.seq)) return;
    const frame = await cachedFrame(this.db, change);
    if (change.seq <= this.watermark) return;
    this.held.set(change.seq, frame);
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
      if (this.pending.push(next) === 1) this.flushTimer = setTimeout(() => this.flush(), this.flushMs);
    }
    if (this.held.size > 0) this.scheduleGapFill();
  }

  private flush() {
    this.flushTimer = null;
    const frames = this.pending;
    this.pending = [];
    if (frames.length === 0) return;
    // Organisers in real time, with full messages; spectators (thousands, at a popular race) their compact
    // form (spectator.ts), in one write every spectatorFlushMs: a fraction of the bytes, writes and wake-ups
    // (README, LIVE_SPECTATOR_FLUSH_MS).
    const shared = Buffer.from(frames.map((f) => f.text).join(""));
    let spectators = false;
    for (const v of this.viewers.keys()) {
      if (v.viewer.role === "spectator") spectators = true;
      else v.receive(frames, shared);
    }
    if (!spectators) return;
    for (const f of frames) this.spectatorPending.push(f);
    // A leaderboard message is already gathered at its source (one per race every PUBLISH_MS, race-runtime.ts):
    // it takes the frames waiting before it along now instead of waiting up to spectatorFlushMs more.
    if (this.spectatorFlushMs <= this.flushMs || frames.some((f) => f.message.type === "leaderboard")) {
      if (this.spectatorTimer) clearTimeout(this.spectatorTimer);
      this.flushSpectators();
      return;
    }
    this.spectatorTimer ??= setTimeout(() => this.flushSpectators(), this.spectatorFlushMs - this.flushMs);
  }

  /** One buffer for every spectator: the consecutive batches waiting as one `moves` frame per run. */
  private flushSpectators() {
    this.spectatorTimer = null;
    const frames = this.spectatorPending;
    this.spectatorPending = [];
    if (frames.length === 0) return;
    const shared = Buffer.from(spectatorText(frames));
    for (const v of this.viewers.keys()) if (v.viewer.role === "spectator") v.receive(frames, shared);
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
        const missed = await selectLogSince(this.db, this.eventId, this.watermark);
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

  /**
   * The event's access changed: each viewer is checked again with what it proved when it connected. One no
   * longer allowed, or whose delay changed, is disconnected; its page reconnects and gets what it may see now
   * (a 404, or a snapshot with the new delay).
   */
  async recheckAccess() {
    for (const [viewer, credentials] of [...this.viewers]) {
      const now = await authorizeViewer(
        this.db,
        this.eventId,
        credentials.session,
        credentials.shareKey,
      ).catch(() => null);
      if (!now || now.role !== viewer.viewer.role || now.delaySec !== viewer.viewer.delaySec) viewer.close();
    }
  }

  leave(v: LiveViewer) {
    this.viewers.delete(v);
    if (this.viewers.size > 0 || this.disposed) return;
    this.disposed = true;
    this.unsubscribe();
    clearInterval(this.heartbeat);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.spectatorTimer) clearTimeout(this.spectatorTimer);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.dispose();
  }
}

function hubs() {
  return processSingleton("live:hubs", () => new Map<string, Promise<EventHub>>());
}

async function hubFor(db: Database, eventId: string): Promise<EventHub> {
  const all = hubs();
  for (;;) {
    let hub = all.get(eventId);
    if (!hub) {
      const created = selectLiveSeq(db, eventId).then((seq) => {
        const { flushMs, spectatorFlushMs } = config().live;
        return new EventHub(db, eventId, seq, flushMs, spectatorFlushMs, () => all.delete(eventId));
      });
      created.catch(() => all.delete(eventId));
      all.set(eventId, created);
      hub = created;
    }
    const ready = await hub;
    if (!ready.disposed) return ready;
  }
}

/** Closes every live stream (server shutdown): viewers reconnect to another instance and catch up. */
export async function closeAllViewers() {
  for (const hub of await Promise.allSettled([...hubs().values()])) {
    if (hub.status === "fulfilled") for (const v of [...hub.value.viewers.keys()]) v.close();
  }
}

/**
 * Sends a joining viewer the log's changes after its starting point, read in chunks, each frame built once
 * for every viewer, and each runner's batches of a chunk as one message (catch-up.ts).
 */
async function catchUp(db: Database, v: LiveViewer, changes: readonly TrackChange[]) {
  for (let i = 0; i < changes.length; i += CATCH_UP_CHUNK) {
    const frames = await catchUpFrames(db, changes.slice(i, i + CATCH_UP_CHUNK));
    for (const frame of frames) v.seen.add(frame.seq);
    // Each runner's batches of a run as one (catch-up.ts); for a spectator, the run then as one `moves` frame
    // (spectator.ts: its id is the run's newest seq, which every batch of the run is at or below).
    v.emitAll(mergeCatchUp(frames));
  }
}

/**
 * Starts a viewer: joins the hub, then sends either exactly the changes after `lastEventId` (from the live
 * log) or a snapshot, and then the hub's frames.
 */
export async function openViewer(
  db: Database,
  viewer: Viewer,
  credentials: Credentials,
  lastEventId: number,
  sink: Sink,
): Promise<LiveViewer | null> {
  let v: LiveViewer | null = null;
  try {
    // Joined before the starting point is read: whatever commits after that read reaches this viewer.
    const hub = await hubFor(db, viewer.eventId);
    const joined = new LiveViewer(viewer, sink, config().live.flushMs, () => hub.leave(joined));
    v = joined;
    hub.viewers.set(v, credentials);
    if (viewer.until !== null) {
      // An expiring share link: the stream ends with it (setTimeout's limit is about 24.8 days).
      const end = setTimeout(
        () => joined.close(),
        Math.min(Math.max(0, viewer.until - Date.now()), 2 ** 31 - 1),
      );
      end.unref();
      joined.onClosed(() => clearTimeout(end));
    }
    v.write("retry: 2000\n\n");
    const missed =
      Number.isInteger(lastEventId) && lastEventId >= 0 && viewer.delaySec === 0
        ? await selectLogSince(db, viewer.eventId, lastEventId)
        : null;
    if (missed) {
      // The log holds every committed seq (they follow commit order): these are consecutive from lastEventId.
      v.floor = lastEventId;
      await catchUp(db, v, missed);
    } else {
      let start = await viewerSnapshot(db, viewer);
      // A real-time snapshot may be a few seconds old (shared, snapshot.ts): what committed since is in the log.
      let since =
        start.snapshot.cut_ts === null ? await selectLogSince(db, viewer.eventId, start.snapshot.seq) : [];
      if (since === null) {
        // More changes since than a catch-up replays (MAX_CATCH_UP in a second or two): a snapshot of its own.
        start = shareable(await liveSnapshot(db, viewer));
        since = [];
      }
      const { snapshot } = start;
      v.floor = snapshot.seq;
      v.write(start.frame());
      await catchUp(db, v, since);
      if (snapshot.cut_ts !== null) {
        const pending = await pendingPoints(db, viewer.eventId, snapshot.cut_ts);
        for (const track of snapshot.tracks) {
          const points = pending.get(track.id);
          if (points) v.releasePoints(track, snapshot.seq, points);
        }
      }
    }
    v.goLive();
  } catch (error) {
    console.error("[live] stream start", error);
    if (v) v.close();
    else sink.close();
  }
  return v;
}
