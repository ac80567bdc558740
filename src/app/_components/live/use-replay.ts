"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import {
  advance,
  REPLAY_SPEEDS,
  type ReplaySpeed,
  type ReplayTrail,
  replayBounds,
  replayTrail,
} from "~/lib/live/replay";
import { type Runner, runners } from "~/lib/live/runners";
import { fromSnapshot, type LiveSnapshot } from "~/lib/live/state";

export interface ReplayData {
  runners: Runner[];
  /** Each runner's trails, by runner key. */
  trails: Record<string, ReplayTrail[]>;
  start: number;
  end: number;
}

export type ReplayLoad =
  | { status: "idle" | "loading" | "error" | "empty" }
  | { status: "ready"; data: ReplayData };

/**
 * React state commits at most this often while playing (30 a second): a frame moves the 1,000 discs on one
 * canvas and formats the rows in view only, so that is affordable; the travelled trails follow by steps.
 */
const FRAME_MS = 30;

export function replayData(snapshot: LiveSnapshot): ReplayData | null {
  const state = fromSnapshot(snapshot, Date.now());
  const list = runners(state).filter((r) => r.tracks.some((v) => v.trail.length > 1));
  const trails: Record<string, ReplayTrail[]> = {};
  for (const r of list) {
    trails[r.key] = r.tracks.filter((v) => v.trail.length > 0).map((v) => replayTrail(v.track.id, v.trail));
  }
  const bounds = replayBounds(Object.values(trails).flat());
  return bounds ? { runners: list, trails, ...bounds } : null;
}

/** The replay's data (the event's snapshot, fetched when asked) and its clock: time, play/pause, speed. */
export function useReplay(eventId: string, share: string | null) {
  const [load, setLoad] = useState<ReplayLoad>({ status: "idle" });
  const [t, setT] = useState(0);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<ReplaySpeed>(REPLAY_SPEEDS[3]);
  const clock = useRef(0);

  const seek = useCallback((time: number) => {
    clock.current = time;
    setT(time);
  }, []);

  const open = useCallback(async () => {
    setLoad({ status: "loading" });
    setPlaying(false);
    try {
      const query = share ? `?share=${encodeURIComponent(share)}` : "";
      const res = await fetch(`/api/live/${encodeURIComponent(eventId)}${query}`, { cache: "no-store" });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const data = replayData((await res.json()) as LiveSnapshot);
      if (!data) {
        setLoad({ status: "empty" });
        return;
      }
      seek(data.start);
      setLoad({ status: "ready", data });
    } catch {
      setLoad({ status: "error" });
    }
  }, [eventId, share, seek]);

  const close = useCallback(() => {
    setPlaying(false);
    setLoad({ status: "idle" });
  }, []);

  const end = load.status === "ready" ? load.data.end : null;
  const start = load.status === "ready" ? load.data.start : null;

  const togglePlay = useCallback(() => {
    if (end === null || start === null) return;
    if (!playing && clock.current >= end) seek(start);
    setPlaying(!playing);
  }, [playing, end, start, seek]);

  useEffect(() => {
    if (!playing || end === null) return;
    let frame = 0;
    let last = performance.now();
    let committed = last;
    const tick = (now: number) => {
      clock.current = advance(clock.current, now - last, speed, end);
      last = now;
      const done = clock.current >= end;
      if (done || now - committed >= FRAME_MS) {
        committed = now;
        setT(clock.current);
      }
      if (done) setPlaying(false);
      else frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, end]);

  return { load, t, playing, speed, setSpeed, seek, togglePlay, open, close };
}
