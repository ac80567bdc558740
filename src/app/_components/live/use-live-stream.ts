"use client";
import { type Dispatch, useEffect, useRef, useState } from "react";
import { type ChunkOptions, type ChunkPlanner, chunkPlanner } from "~/lib/live/chunks";
import {
  type LiveAction,
  type LiveMessage,
  type LiveSnapshot,
  type LiveUpdate,
  splitMoves,
} from "~/lib/live/state";
import { LIVE_EVENTS, type MovesMessage } from "~/server/live/wire";

export type ConnectionStatus = "connecting" | "live" | "reconnecting" | "offline";

const REOPEN_MS = 5000;
const SILENCE_MS = 40_000;
/**
 * Messages are applied at most this often: a batch is on the map ≤ 100 ms later than it could be (the goal is
 * 500 ms from its 204), and the page renders 10 times a second instead of once per frame.
 */
const FLUSH_MS = 100;
/**
 * A chunk of messages is sized to take about 40 ms to apply (a phone's frame, taps answered within 100 ms);
 * a burst is in within 4 frames whatever that costs.
 */
const CHUNKS: ChunkOptions = {
  budgetMs: 40,
  maxChunks: 4,
  minCount: 10,
  wholeAbove: 150,
  initialMsPerMessage: 0.5,
};

function parse<T>(event: Event): T | null {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as T;
  } catch {
    return null;
  }
}

/**
 * The event's live stream into `dispatch`. EventSource reconnects by itself with Last-Event-ID, and the
 * server answers with exactly what was missed; when the browser gives up (the server refused or was down),
 * the stream is reopened from the last id seen. Either way the reducer makes repeats harmless.
 */
export function useLiveStream(
  eventId: string,
  share: string | null,
  initialSeq: number,
  dispatch: Dispatch<LiveAction>,
  /** After a snapshot (messages may have been missed): what the snapshot does not hold is read again. */
  onSnapshot?: () => void,
): ConnectionStatus {
  const [status, setStatus] = useState<ConnectionStatus>("connecting");
  const afterSnapshot = useRef(onSnapshot);
  afterSnapshot.current = onSnapshot;
  // The page's snapshot: a later server render (language switch) must not restart the stream.
  const since = useRef(initialSeq);
  const planner = useRef<ChunkPlanner | null>(null);
  planner.current ??= chunkPlanner(CHUNKS);
  // The chunk being applied: timed from this render (the reducer's, the first of the update) to the effects
  // below, which run after those of the map (children's effects first).
  const applying = useRef<{ count: number; start: number | null } | null>(null);
  if (applying.current && applying.current.start === null) applying.current.start = performance.now();
  useEffect(() => {
    const chunk = applying.current;
    if (chunk?.start == null) return;
    applying.current = null;
    planner.current?.record(chunk.count, performance.now() - chunk.start);
  });
  useEffect(() => {
    // 1,000 runners send ≈ 200 messages a second: they wait and go to the reducer together, in an animation
    // frame at most every FLUSH_MS — one render per frame was still ≈ 60 renders a second, each walking the
    // 1,000 runners (a hidden tab gets no frames: a timer takes over so the queue does not grow without end).
    // A burst bigger than a chunk (chunks.ts) goes on in the next frames.
    let pending: LiveUpdate[] = [];
    let chunks = 0;
    let frame: number | undefined;
    let wait: ReturnType<typeof setTimeout> | undefined;
    let fallback: ReturnType<typeof setTimeout> | undefined;
    let flushedAt = Number.NEGATIVE_INFINITY;
    const schedule = (early: number) => {
      if (frame !== undefined || wait !== undefined) return;
      const inFrame = () => {
        wait = undefined;
        frame = requestAnimationFrame(flush);
      };
      if (early > 0) wait = setTimeout(inFrame, early);
      else inFrame();
      fallback = setTimeout(flush, Math.max(early, 0) + 250);
    };
    const flush = () => {
      if (frame !== undefined) cancelAnimationFrame(frame);
      clearTimeout(wait);
      clearTimeout(fallback);
      frame = undefined;
      wait = undefined;
      fallback = undefined;
      flushedAt = performance.now();
      const count = planner.current?.size(pending.length, chunks) ?? pending.length;
      if (count === 0) return;
      const messages = pending.splice(0, count);
      chunks = pending.length > 0 ? chunks + 1 : 0;
      applying.current = { count, start: null };
      dispatch({ type: "messages", messages });
      if (pending.length > 0) schedule(0);
    };
    const queue = (messages: LiveUpdate[]) => {
      for (const m of messages) pending.push(m);
      schedule(FLUSH_MS - (performance.now() - flushedAt));
    };
    let source: EventSource | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let lastId = String(since.current);
    let watchdog: ReturnType<typeof setTimeout> | undefined;
    let heardAt = 0;
    // The server sends at least a ping every 15 s: silence for longer means a dead connection (a phone
    // that changed networks keeps one open for minutes), so start afresh from the last id. One timer that
    // looks at when the stream was last heard, not one cleared and set again per message (≈ 200 a second at
    // 1,000 runners: 9 % of a throttled phone's profile).
    const watch = (ms: number) => {
      watchdog = setTimeout(() => {
        const silent = performance.now() - heardAt;
        if (silent < SILENCE_MS) return watch(SILENCE_MS - silent);
        watchdog = undefined;
        source?.close();
        setStatus("reconnecting");
        open();
      }, ms);
    };
    const alive = () => {
      heardAt = performance.now();
      if (watchdog === undefined) watch(SILENCE_MS);
    };
    const open = () => {
      const params = new URLSearchParams();
      if (share) params.set("share", share);
      // The page was rendered with the snapshot at this sequence: only what changed since is needed.
      if (lastId) params.set("last_event_id", lastId);
      const es = new EventSource(`/api/live/${encodeURIComponent(eventId)}/stream?${params}`);
      source = es;
      es.onopen = () => {
        setStatus("live");
        alive();
      };
      es.addEventListener(LIVE_EVENTS.ping, alive);
      es.onerror = () => {
        if (es.readyState === EventSource.CLOSED) {
          setStatus("offline");
          es.close();
          timer = setTimeout(open, REOPEN_MS);
        } else {
          setStatus("reconnecting");
        }
      };
      const remember = (event: Event) => {
        alive();
        const id = (event as MessageEvent).lastEventId;
        if (id) lastId = id;
      };
      es.addEventListener(LIVE_EVENTS.snapshot, (event) => {
        const snapshot = parse<LiveSnapshot>(event);
        if (snapshot) {
          pending = []; // the snapshot holds them
          chunks = 0;
          dispatch({ type: "snapshot", snapshot, receivedAt: Date.now() });
          afterSnapshot.current?.();
        }
        remember(event);
      });
      for (const type of LIVE_EVENTS.messages) {
        es.addEventListener(type, (event) => {
          const data = parse<Omit<LiveMessage, "type">>(event);
          if (data) queue([{ ...data, type } as LiveMessage]);
          remember(event);
        });
      }
      // A spectator's batches come as one `moves` frame per gathering: one update per batch, so that chunks
      // (chunks.ts) are sized in batches as they were when each came as its own `points` message.
      es.addEventListener(LIVE_EVENTS.moves, (event) => {
        const data = parse<MovesMessage>(event);
        if (data && Array.isArray(data.moves)) queue(splitMoves(data));
        remember(event);
      });
    };
    // A phone that changed networks may keep a dead connection open for long: start afresh when back online.
    const onOffline = () => setStatus("reconnecting");
    const onOnline = () => {
      clearTimeout(timer);
      source?.close();
      setStatus("reconnecting");
      open();
    };
    window.addEventListener("offline", onOffline);
    window.addEventListener("online", onOnline);
    open();
    return () => {
      window.removeEventListener("offline", onOffline);
      window.removeEventListener("online", onOnline);
      clearTimeout(timer);
      clearTimeout(watchdog);
      if (frame !== undefined) cancelAnimationFrame(frame);
      clearTimeout(wait);
      clearTimeout(fallback);
      source?.close();
    };
  }, [eventId, share, dispatch]);
  return status;
}
