"use client";
import { useState } from "react";
import { useI18n } from "~/lib/i18n/client";
import { type LeaderboardView, orderedRows } from "~/lib/live/leaderboard";
import { BoardRow } from "./live-board";
import "./race.css";

export interface SideRace {
  id: string;
  name: string;
  board: LeaderboardView | undefined;
}

/**
 * The live map's leaderboard: the rows of the public leaderboard page (same rows, same messages), for one
 * race at a time when the event has several.
 */
export function SideBoard({
  eventId,
  races,
  share,
  timezone,
}: {
  eventId: string;
  races: SideRace[];
  share: string | null;
  timezone: string;
}) {
  const { t: all } = useI18n();
  const t = all.race;
  const [chosen, setChosen] = useState<string | null>(null);
  const race = races.find((r) => r.id === chosen) ?? races[0];
  if (!race) return null;
  const rows = race.board ? orderedRows(race.board) : [];
  const base = `/live/${eventId}/races/${race.id}`;
  const q = share ? `?share=${encodeURIComponent(share)}` : "";
  return (
    <div className="side-board" data-testid="side-board" data-race={race.id}>
      <div className="side-board__head">
        {races.length > 1 ? (
          <label className="side-board__pick">
            <span className="visually-hidden">{t.whichRace}</span>
            <select value={race.id} onChange={(e) => setChosen(e.currentTarget.value)}>
              {races.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
        ) : (
          <strong>{race.name}</strong>
        )}
        <a href={`${base}${q}`}>{t.fullBoard}</a>
      </div>
      {rows.length === 0 ? (
        <p className="live-list__empty">{t.noRanking}</p>
      ) : (
        <ol className="race-board race-board--side" data-testid="leaderboard">
          {rows.map((r) => (
            <BoardRow
              key={r.participant_id}
              row={r}
              href={`${base}/runners/${r.participant_id}${q}`}
              timezone={timezone}
            />
          ))}
        </ol>
      )}
    </div>
  );
}
