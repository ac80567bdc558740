import type { Viewer } from "./access";
import { movesFrame, spectatorText, toMove } from "./spectator";
import { type LiveMessage, type LiveTrack, sseFrame, type WirePoint } from "./wire";

/** A change ready to send: its seq (also its SSE id: the hub sends in order), message, JSON and frame text. */
export interface Frame {
  seq: number;
  message: LiveMessage;
  json: string;
  text: string;
}

export function toFrame(message: LiveMessage): Frame {
  const json = JSON.stringify(message);
  return { seq: message.seq, message, json, text: sseFrame(message.type, json, message.seq) };
}

/** A delayed release: a frame's text, or a batch's moves entry (JSON) to join with others due then. */
interface Delayed {
  seq: number;
  text: string;
  move?: string;
}

/** Where a viewer's bytes go (a node:http response, or a buffer in tests). */
export interface Sink {
  /** False when the viewer is gone or too far behind: the stream is then closed. */
  write(chunk: Uint8Array): boolean;
  close(): void;
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
  private backlog: Frame[] = [];
  private pendingText: Array<string | Uint8Array> = [];
  private flushTimer: NodeJS.Timeout | null = null;
  private readonly closeHooks: Array<() => void> = [];
  /** A delayed spectator's releases, by the time they are due. */
  private readonly due = new Map<number, Delayed[]>();
  /** A delayed spectator's tracks: when the last `track` message of each is released. */
  private readonly announced = new Map<string, number>();

  constructor(
    readonly viewer: Viewer,
    private readonly sink: Sink,
    private readonly flushMs: number,
    private readonly onClose: () => void,
  ) {}

  private get delayMs() {
    return this.viewer.delaySec * 1000;
  }

  /**
   * A frame of this viewer's own (snapshot, catch-up, delayed release): coalesced for flushMs. Bytes (a
   * snapshot shared by many viewers) are sent as they are, not copied.
   */
  write(chunk: string | Uint8Array) {
    if (this.closed) return;
    if (this.pendingText.push(chunk) === 1) this.flushTimer = setTimeout(() => this.flushOwn(), this.flushMs);
  }

  private flushOwn() {
    this.flushTimer = null;
    const parts = this.pendingText;
    this.pendingText = [];
    let text = "";
    for (const part of parts) {
      if (typeof part === "string") {
        text += part;
        continue;
      }
      if (text) this.send(Buffer.from(text));
      text = "";
      this.send(part);
    }
    if (text) this.send(Buffer.from(text));
  }

  send(chunk: Uint8Array) {
    if (this.closed) return;
    if (!this.sink.write(chunk)) this.close();
  }

  private wanted(f: Frame) {
    return f.seq > this.floor && !this.seen.has(f.seq);
  }

  private get spectator() {
    return this.viewer.role === "spectator";
  }

  /**
   * A hub flush (frames in seq order; for spectators, `shared` is their compact form, spectator.ts). A live
   * real-time viewer past its start takes the shared bytes as they are (the common case: one buffer for every
   * viewer); otherwise its frames are filtered for it alone.
   */
  receive(frames: readonly Frame[], shared: Uint8Array | null) {
    if (this.closed) return;
    if (!this.live) {
      this.backlog.push(...frames);
      return;
    }
    const plain = shared && this.delayMs === 0 && this.pendingText.length === 0;
    const wanted = frames.filter((f) => this.wanted(f));
    if (plain && wanted.length === frames.length) this.send(shared);
    else this.emitAll(wanted);
    // The hub never sends these seqs again: what catch-up sent up to them need not be remembered.
    const last = frames[frames.length - 1]?.seq ?? 0;
    for (const seq of this.seen) if (seq <= last) this.seen.delete(seq);
  }

  /**
   * Frames of this viewer's own (a catch-up, a filtered hub flush), in seq order: now (a spectator's batches
   * joined into `moves` frames, as the hub does), or, for a delayed spectator, each when it is due.
   */
  emitAll(frames: readonly Frame[]) {
    if (frames.length === 0) return;
    if (this.delayMs > 0) for (const f of frames) this.emitDelayed(f);
    else this.write(this.spectator ? spectatorText(frames) : frames.map((f) => f.text).join(""));
  }

  emit(f: Frame) {
    this.emitAll([f]);
  }

  private emitDelayed(f: Frame) {
    if (f.message.type === "points") return this.releasePoints(f.message.track, f.seq, f.message.points);
    const at = Date.now() + this.delayMs;
    // A track's batches must not reach the page before its creation (or any earlier state of it): a moves
    // entry updates a track the page has, it cannot create one (releasePoints).
    if (f.message.type === "track") this.announced.set(f.message.track_id, at);
    this.later(at, { seq: f.seq, text: f.text });
  }

  /** Delayed releases due at one time, sent together in seq order (their batches as one `moves` frame). */
  private later(at: number, item: Delayed) {
    let bucket = this.due.get(at);
    if (!bucket) {
      const items: Delayed[] = [];
      bucket = items;
      this.due.set(at, items);
      setTimeout(
        () => {
          this.due.delete(at);
          this.releaseDue(items);
        },
        Math.max(0, at - Date.now()),
      ).unref();
    }
    bucket.push(item);
  }

  private releaseDue(items: Delayed[]) {
    items.sort((a, b) => a.seq - b.seq);
    let text = "";
    let run: string[] = [];
    let runSeq = 0;
    for (const item of items) {
      if (item.move !== undefined) {
        run.push(item.move);
        runSeq = item.seq;
        continue;
      }
      if (run.length > 0) text += movesFrame(run, runSeq);
      run = [];
      text += item.text;
    }
    if (run.length > 0) text += movesFrame(run, runSeq);
    this.write(text);
  }

  /**
   * Delayed spectators see each position `delay` after its device time (at most `delay` after it arrived):
   * points are grouped by the second they become due and released then, never before a `track` message of
   * their track that came earlier (announced).
   */
  releasePoints(track: LiveTrack, seq: number, points: readonly WirePoint[]) {
    const now = Date.now();
    const delayMs = this.delayMs;
    const due = new Map<number, WirePoint[]>();
    for (const p of points) {
      const at = Math.ceil(Math.min(Math.max(now, p[2] + delayMs), now + delayMs) / 1000) * 1000;
      let group = due.get(at);
      if (!group) {
        group = [];
        due.set(at, group);
      }
      group.push(p);
    }
    const after = this.announced.get(track.id) ?? 0;
    for (const [at, group] of due) {
      const message = {
        type: "points" as const,
        seq,
        track: { ...track, last: group[group.length - 1] ?? null },
        points: group,
      };
      this.later(
        Math.max(at, after),
        this.spectator
          ? { seq, text: "", move: JSON.stringify(toMove(message)) }
          : { seq, text: toFrame(message).text },
      );
    }
  }

  /** Start done: the hub frames that came meanwhile follow, filtered, then the shared stream. */
  goLive() {
    this.live = true;
    const backlog = this.backlog;
    this.backlog = [];
    if (backlog.length > 0) this.receive(backlog, null);
  }

  onClosed(hook: () => void) {
    this.closeHooks.push(hook);
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.onClose();
    for (const hook of this.closeHooks) hook();
    this.sink.close();
  }
}
