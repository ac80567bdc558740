import type { Viewer } from "./access";
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

  /**
   * A hub flush (frames in seq order). A live real-time viewer past its start takes the shared bytes as they
   * are (the common case: one buffer for every viewer); otherwise its frames are filtered for it alone.
   */
  receive(frames: readonly Frame[], shared: Uint8Array | null) {
    if (this.closed) return;
    if (!this.live) {
      this.backlog.push(...frames);
      return;
    }
    const plain = shared && this.delayMs === 0 && this.pendingText.length === 0;
    if (plain && frames.every((f) => this.wanted(f))) this.send(shared);
    else for (const f of frames) if (this.wanted(f)) this.emit(f);
    // The hub never sends these seqs again: what catch-up sent up to them need not be remembered.
    const last = frames[frames.length - 1]?.seq ?? 0;
    for (const seq of this.seen) if (seq <= last) this.seen.delete(seq);
  }

  /** Sends a frame now, or, for a delayed spectator, when it is due. */
  emit(f: Frame) {
    if (this.delayMs === 0) this.write(f.text);
    else if (f.message.type === "points") this.releasePoints(f.message.track, f.seq, f.message.points);
    else this.later(Date.now() + this.delayMs, f.text);
  }

  private later(at: number, text: string) {
    setTimeout(() => this.write(text), Math.max(0, at - Date.now())).unref();
  }

  /**
   * Delayed spectators see each position `delay` after its device time (at most `delay` after it arrived):
   * points are grouped by the second they become due and released then.
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
    for (const [at, group] of due) {
      const message: LiveMessage = {
        type: "points",
        seq,
        track: { ...track, last: group[group.length - 1] ?? null },
        points: group,
      };
      this.later(at, toFrame(message).text);
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
