"use client";
import { useId, useMemo, useState } from "react";
import { type MapMarker, RunifyMap, type TileConfig } from "~/app/_components/map";
import { formatDistance } from "~/lib/format";
import { fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import type { TCourseResponse, TLeaderboardRow } from "~/server/api/schemas/race";
import { courseLineOf, positionAt } from "~/server/domain/race/course-line";
import "../map/course.css";

interface Props {
  course: TCourseResponse;
  tiles: TileConfig | null;
  /** A runner's page: the runner where their row says they are along the course. */
  runner?: TLeaderboardRow | null;
}

/** Where a runner's row places them: not before they set off (nor after a DNS). */
const placed = (row: TLeaderboardRow) => row.status !== "not_started" && row.status !== "dns";

/**
 * The public race pages' course map (leaderboard, runner, results): the course drawn by CourseLayer, short on a
 * phone and hideable, so the rows stay near the top. The runner's marker comes from their leaderboard row —
 * the row the visitor may see (spectator delay and all), kept live by the board — placed on the course line
 * at its distance the way the server places a distance (courseLineOf).
 */
export function CourseMap({ course, tiles, runner = null }: Props) {
  const { t: all, locale } = useI18n();
  const t = all.race;
  const [open, setOpen] = useState(true);
  const id = useId();
  const line = useMemo(() => courseLineOf(course.line, course.distance_m), [course]);
  const at = runner && line && placed(runner) ? positionAt(line, runner.distance_m) : null;
  const markers: MapMarker[] =
    runner && at
      ? [
          {
            id: runner.participant_id,
            kind: "runner",
            position: [at.lat, at.lon],
            text: runner.bib ?? undefined,
            label: fmt(t.runnerAt, {
              name: runner.name ?? runner.bib ?? "",
              distance: formatDistance(runner.distance_m, locale),
            }),
          },
        ]
      : [];
  return (
    <section className="race-course" aria-labelledby={`${id}-title`} data-testid="course-map">
      <div className="race-course__head">
        <h2 id={`${id}-title`}>{t.course}</h2>
        <span className="muted">{formatDistance(course.distance_m, locale)}</span>
        <button
          type="button"
          className="btn btn--small btn--ghost"
          aria-expanded={open}
          aria-controls={`${id}-map`}
          onClick={() => setOpen((o) => !o)}
          data-testid="course-map-toggle"
        >
          {open ? t.hideMap : t.showMap}
        </button>
      </div>
      <div id={`${id}-map`} className="race-course__map" hidden={!open}>
        {/* Mounted only when shown: Leaflet fits the course to the box it measures at mount. */}
        {open && (
          <RunifyMap
            tiles={tiles}
            course={course}
            markers={markers}
            fitKey={course.race_id}
            // A 13rem strip on a phone: whole zoom steps would leave the course at half its height.
            zoomSnap={0.25}
            ariaLabel={fmt(t.courseMapLabel, { distance: formatDistance(course.distance_m, locale) })}
          />
        )}
      </div>
      {runner && !at && <p className="muted race-course__note">{t.notOnCourseYet}</p>}
    </section>
  );
}
