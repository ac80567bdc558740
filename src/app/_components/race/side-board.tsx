"use client";
import { useMemo, useState } from "react";
import { dateTimeFormat } from "~/lib/format";
import { fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import { emptyBoard, type LeaderboardView, orderedRows } from "~/lib/live/leaderboard";
import { BoardRow } from "./live-board";
import { useBoardAt } from "./use-board-at";
import "./race.css";

export interface SideRace {
  id: string;
  name: string;
  board: LeaderboardView | undefined;
}

/**
 * The live map's leaderboard: the rows of the public leaderboard page (same rows, same messages), for one
 * race at a time when the event has several. During a replay (`replayAt`), the ranking as it was at the
 * replay's moment instead, labelled with that time; live again when the replay closes.
 */
export function SideBoard({
  eventId,
  races,
  share,
  timezone,
  replayAt = null,
}: {
  eventId: string;
  races: SideRace[];
  share: string | null;
  timezone: string;
  /** The replay's clock (epoch ms); null: live. */
  replayAt?: number | null;
}) {
  const { t: all, locale } = useI18n();
  const t = all.race;
  const [chosen, setChosen] = useState<string | null>(null);
  const race = races.find((r) => r.id === chosen) ?? races[0];
  const raceId = race?.id ?? "";
  const past = useBoardAt(eventId, raceId, share, race ? replayAt : null);
  const live = race?.board;
  const board = useMemo(
    () =>
      past.status === "ready"
        ? emptyBoard(raceId, past.board.seq, past.board.rows)
        : past.status === "off"
          ? live
          : undefined,
    [past, raceId, live],
  );
  const base = `/live/${eventId}/races/${raceId}`;
  const q = share ? `?share=${encodeURIComponent(share)}` : "";
  // The replay's clock re-renders this panel up to 30 times a second: the rows only when they change.
  const list = useMemo(() => {
    const rows = board ? orderedRows(board) : [];
    if (rows.length === 0) return null;
    return (
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
    );
  }, [board, base, q, timezone]);
  if (!race) return null;
  const seconds = (ms: number) =>
    dateTimeFormat(locale, { timeStyle: "medium", timeZone: timezone }).format(ms);
  return (
    <div
      className="side-board"
      data-testid="side-board"
      data-race={race.id}
      data-mode={past.status === "off" ? "live" : "replay"}
    >
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
      {past.status !== "off" && (
        <p className="side-board__when" data-testid="board-at" role="status">
          {past.status === "ready"
            ? fmt(t.replayRanking, { time: seconds(Date.parse(past.board.at)) })
            : past.status === "error"
              ? t.replayRankingError
              : fmt(t.replayRankingLoading, { time: seconds(replayAt ?? 0) })}
        </p>
      )}
      {list ?? (past.status === "loading" ? null : <p className="live-list__empty">{t.noRanking}</p>)}
    </div>
  );
}
