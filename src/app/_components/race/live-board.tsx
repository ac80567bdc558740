"use client";
import { formatDistance, formatDuration, formatPace } from "~/lib/format";
import { type Dictionary, fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import { orderedRows } from "~/lib/live/leaderboard";
import type { TCourseResponse, TLeaderboardResponse, TLeaderboardRow } from "~/server/api/schemas/race";
import type { TileConfig } from "../map";
import { CourseMap } from "./course-map";
import { clock, runnerLine } from "./runner-line";
import { useLeaderboard } from "./use-leaderboard";
import "./race.css";

interface Props {
  eventId: string;
  raceId: string;
  raceName: string;
  share: string | null;
  timezone: string;
  delaySec: number;
  initial: TLeaderboardResponse;
  /** A runner's page: their line first, then the board. */
  focus?: string | null;
  /** The race's course (null: none yet), on a map beside the board (above it on a phone). */
  course: TCourseResponse | null;
  tiles: TileConfig | null;
}

/** The public leaderboard (phone-first): rank, runner, distance, last checkpoint, gap; live without reload. */
export function LiveBoard({
  eventId,
  raceId,
  raceName,
  share,
  timezone,
  delaySec,
  initial,
  focus = null,
  course,
  tiles,
}: Props) {
  const { t: all, locale } = useI18n();
  const t = all.race;
  const { board, live } = useLeaderboard(eventId, raceId, share, initial);
  const rows = orderedRows(board);
  const followed = focus ? board.rows[focus] : undefined;
  const base = `/live/${eventId}/races/${raceId}`;
  const q = share ? `?share=${encodeURIComponent(share)}` : "";
  return (
    <main className={`race-page ${course ? "race-page--course" : ""}`}>
      <header className="race-head">
        <h1>{raceName}</h1>
        <span className={`badge ${live ? "badge--running" : ""}`} data-testid="board-status">
          {live ? t.liveUpdates : all.live.connecting}
        </span>
        {delaySec > 0 && <p className="muted">{fmt(t.delayed, { delay: formatDuration(delaySec) })}</p>}
      </header>
      {followed && (
        <section className="card race-runner" data-testid="runner-card">
          <h2>
            {followed.bib && <span className="race-bib">{followed.bib}</span>} {followed.name}
          </h2>
          <p className="race-runner__line" data-testid="runner-line">
            {runnerLine(followed, t, locale, timezone)}
          </p>
          <p className="muted">
            {followed.rank !== null ? `#${followed.rank} · ` : ""}
            {formatDistance(followed.distance_m, locale)} · {formatPace(followed.pace_sec_per_km)}
            {followed.next?.eta
              ? ` · ${fmt(t.nextEta, { checkpoint: followed.next.name, time: clock(followed.next.eta, locale, timezone) })}`
              : ""}
          </p>
          <a href={`${base}${q}`}>{t.backToBoard}</a>
        </section>
      )}
      {course && <CourseMap course={course} tiles={tiles} runner={focus ? (followed ?? null) : undefined} />}
      {rows.length === 0 ? (
        <p className="muted">{t.empty}</p>
      ) : (
        <ol className="race-board" data-testid="leaderboard">
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
      <p className="race-foot">
        <a href={`${base}/results${q}`}>{t.results}</a>
      </p>
    </main>
  );
}

/** A running row's third line: the predicted finish, current pace and the next checkpoint's ETA. */
function forecast(row: TLeaderboardRow, t: Dictionary["race"], locale: string, timezone: string): string {
  // The finish first: on a phone it is what a spectator looks for, and the line may wrap.
  const parts: string[] = [];
  if (row.predicted_finish) parts.push(`${t.expected} ${clock(row.predicted_finish, locale, timezone)}`);
  parts.push(formatPace(row.pace_sec_per_km));
  if (row.next?.eta)
    parts.push(fmt(t.nextEta, { checkpoint: row.next.name, time: clock(row.next.eta, locale, timezone) }));
  return parts.join(" · ");
}

export function BoardRow({ row, href, timezone }: { row: TLeaderboardRow; href: string; timezone: string }) {
  const { t: all, locale } = useI18n();
  const t = all.race;
  // Finished: time, or behind the winner. Running: behind the leader at the last checkpoint passed, or
  // (before the leader's time there is comparable) the distance behind.
  const gap =
    row.status === "finished"
      ? row.gap_sec
        ? `+${formatDuration(row.gap_sec)}`
        : formatDuration(row.time_sec)
      : row.rank === 1
        ? ""
        : row.gap_sec !== null && row.gap_sec > 0
          ? `+${formatDuration(row.gap_sec)}`
          : row.gap_m
            ? `−${formatDistance(row.gap_m, locale)}`
            : "";
  return (
    <li
      className={`race-row race-row--${row.status}`}
      data-testid="board-row"
      data-participant={row.participant_id}
    >
      <span className="race-rank" data-testid="rank">
        {row.rank ?? "–"}
      </span>
      <a className="race-name" href={href}>
        {row.bib && <span className="race-bib">{row.bib}</span>} {row.name}
      </a>
      <span className="race-km" data-testid="distance">
        {formatDistance(row.distance_m, locale)}
      </span>
      <span className="race-meta muted">
        {row.last_checkpoint
          ? `${row.last_checkpoint.name} ${clock(row.last_checkpoint.at, locale, timezone)}`
          : t.status[row.status]}
        {row.flags.includes("off-course") ? ` · ${t.offCourse}` : ""}
      </span>
      <span className="race-gap">{gap}</span>
      {row.status === "running" && (
        <span className="race-more muted" data-testid="row-forecast">
          {forecast(row, t, locale, timezone)}
        </span>
      )}
    </li>
  );
}
