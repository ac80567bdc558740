"use client";
import { useEffect, useState } from "react";
import { applyLeaderboard, emptyBoard, type LeaderboardView } from "~/lib/live/leaderboard";
import type { TLeaderboardResponse } from "~/server/api/schemas/race";
import { LIVE_EVENTS, type LeaderboardMessage } from "~/server/live/wire";

/**
 * A race's leaderboard kept live: the page's rows, then the event's live stream (the same stream, rules and
 * spectator delay as the live map). On every (re)connection the rows are read again, so nothing missed
 * while offline stays wrong; `leaderboard` messages then replace the rows that changed.
 */
export function useLeaderboard(
  eventId: string,
  raceId: string,
  share: string | null,
  initial: TLeaderboardResponse,
): { board: LeaderboardView; live: boolean } {
  const [board, setBoard] = useState(() => emptyBoard(raceId, initial.seq, initial.rows));
  const [live, setLive] = useState(false);
  useEffect(() => {
    const query = share ? `?share=${encodeURIComponent(share)}` : "";
    const es = new EventSource(`/api/live/${encodeURIComponent(eventId)}/stream${query}`);
    let closed = false;
    const resync = async () => {
      const res = await fetch(
        `/api/live/${encodeURIComponent(eventId)}/races/${encodeURIComponent(raceId)}/leaderboard${query}`,
      );
      if (!res.ok || closed) return;
      const fresh = (await res.json()) as TLeaderboardResponse;
      setBoard((b) => (fresh.seq > 0 && fresh.seq < b.seq ? b : emptyBoard(raceId, fresh.seq, fresh.rows)));
    };
    es.onopen = () => setLive(true);
    es.onerror = () => setLive(false);
    es.addEventListener(LIVE_EVENTS.snapshot, () => void resync().catch(() => undefined));
    es.addEventListener("leaderboard", (e) => {
      const m = JSON.parse((e as MessageEvent<string>).data) as LeaderboardMessage;
      if (m.race_id === raceId) setBoard((b) => applyLeaderboard(b, m));
    });
    return () => {
      closed = true;
      es.close();
    };
  }, [eventId, raceId, share]);
  return { board, live };
}
