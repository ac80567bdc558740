"use client";
import { useEffect, useState } from "react";
import { type LatestOnly, latestOnly } from "~/lib/live/latest-only";
import type { TLeaderboardResponse } from "~/server/api/schemas/race";

/**
 * The server reads the stored samples for a past ranking: one request every this many ms at most while the
 * replay plays or is scrubbed (a 60× replay would otherwise ask 60 moments a second).
 */
export const BOARD_AT_INTERVAL_MS = 750;

export type BoardAt =
  | { status: "off" }
  | { status: "loading" }
  | { status: "error" }
  | { status: "ready"; board: TLeaderboardResponse };

/**
 * A race's ranking at the replay's moment `at` (epoch ms), kept up with the replay's clock by latestOnly:
 * the viewer's leaderboard route with `?at=` (same access rules and spectator delay as the live one). Off
 * (`at` null) when not replaying.
 */
export function useBoardAt(
  eventId: string,
  raceId: string,
  share: string | null,
  at: number | null,
): BoardAt {
  const [state, setState] = useState<BoardAt>({ status: "off" });
  const [fetcher, setFetcher] = useState<LatestOnly<number> | null>(null);
  const replaying = at !== null;

  useEffect(() => {
    if (!replaying) {
      setState({ status: "off" });
      setFetcher(null);
      return;
    }
    setState({ status: "loading" });
    const f = latestOnly<number, TLeaderboardResponse>({
      minIntervalMs: BOARD_AT_INTERVAL_MS,
      load: async (ms, signal) => {
        const q = new URLSearchParams({ at: new Date(ms).toISOString() });
        if (share) q.set("share", share);
        const res = await fetch(
          `/api/live/${encodeURIComponent(eventId)}/races/${encodeURIComponent(raceId)}/leaderboard?${q}`,
          { cache: "no-store", signal },
        );
        if (!res.ok) throw new Error(`HTTP ${res.status}`);
        return (await res.json()) as TLeaderboardResponse;
      },
      onValue: (_ms, board) => setState({ status: "ready", board }),
      onError: () => setState((s) => (s.status === "ready" ? s : { status: "error" })),
    });
    setFetcher(f);
    return () => f.close();
  }, [eventId, raceId, share, replaying]);

  // Whole seconds: the slider's step, and what the label shows.
  const second = at === null ? null : Math.floor(at / 1000) * 1000;
  useEffect(() => {
    // A new fetcher (another race) asks for the current moment too, even with the replay paused.
    if (second !== null) fetcher?.request(second);
  }, [second, fetcher]);

  return state;
}
