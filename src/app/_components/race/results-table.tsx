import { formatDistance, formatDuration } from "~/lib/format";
import type { Dictionary } from "~/lib/i18n";
import type { TCourseResponse, TResultsResponse } from "~/server/api/schemas/race";
import type { TileConfig } from "../map";
import { CourseMap } from "./course-map";
import "./race.css";

/** The results table (server-rendered): rank, runner, status, time, gap and every checkpoint's split. */
export function ResultsTable({
  t,
  locale,
  name,
  results,
  csvHref,
  boardHref,
  course,
  tiles,
}: {
  t: Dictionary["race"];
  locale: string;
  name: string;
  results: TResultsResponse;
  csvHref: string;
  boardHref: string;
  course: TCourseResponse | null;
  tiles: TileConfig | null;
}) {
  const splits = results.checkpoints.filter((c) => c.kind !== "start");
  return (
    <main className={`race-page ${course ? "race-page--course" : ""}`}>
      <header className="race-head">
        <h1>
          {name} — {t.results}
        </h1>
        <a className="btn" href={csvHref} data-testid="results-csv">
          {t.csv}
        </a>
      </header>
      {results.provisional && <p className="muted">{t.provisional}</p>}
      {course && <CourseMap course={course} tiles={tiles} />}
      <div className="race-scroll card card--flush">
        <table className="race-results" data-testid="results">
          <thead>
            <tr>
              <th>{t.rank}</th>
              <th>{t.bib}</th>
              <th>{t.runner}</th>
              <th>{t.time}</th>
              <th>{t.gap}</th>
              <th>{t.distance}</th>
              {splits.map((c) => (
                <th key={c.id}>{c.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {results.rows.map((r) => (
              <tr key={r.participant_id}>
                <td>{r.rank ?? t.status[r.status]}</td>
                <td>{r.bib}</td>
                <td>{r.name}</td>
                <td>{formatDuration(r.time_sec)}</td>
                <td>{r.gap_sec ? `+${formatDuration(r.gap_sec)}` : ""}</td>
                <td>{formatDistance(r.distance_m, locale)}</td>
                {r.splits.map((s) => (
                  <td key={s.checkpoint_id} title={s.status ?? undefined}>
                    {formatDuration(s.elapsed_sec)}
                    {s.status === "estimated" ? "*" : ""}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p>
        <a href={boardHref}>{t.leaderboard}</a>
      </p>
    </main>
  );
}
