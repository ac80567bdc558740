"use client";
import { type CSSProperties, useMemo, useState } from "react";
import { type MapMarker, RunifyMap, type TileConfig } from "~/app/_components/map";
import { formatDistance, formatElevation, numberFormat } from "~/lib/format";
import { fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import type { TCourseResponse } from "~/server/api/schemas/race";
import "../map/course.css";
import { ProfileChart, type ProfileSeries } from "./profile-chart";
import type { TrackProfile } from "./profile-data";

/**
 * The track on the map (simplified path of the track's chart), with start, finish or last position, and the
 * elevation and speed profiles; hovering a profile shows the place on the map. `profile` is the chart in
 * columns (profile-data.ts).
 */
export function TrackView({
  trackId,
  profile,
  state,
  tiles,
  pointsCount,
  race = null,
}: {
  trackId: string;
  /** The race the track counts for: its course under the track. */
  race?: { name: string; course: TCourseResponse } | null;
  profile: TrackProfile;
  state: "running" | "paused" | "stopped";
  tiles: TileConfig | null;
  pointsCount: number;
}) {
  const { t } = useI18n();
  const [hover, setHover] = useState<number | null>(null);
  const { distance, path } = profile;
  const elevation: ProfileSeries = useMemo(
    () => ({ x: distance, y: profile.elevation }),
    [distance, profile.elevation],
  );
  const speed: ProfileSeries = useMemo(
    () => ({ x: distance, y: profile.speedKmh }),
    [distance, profile.speedKmh],
  );
  // Sensors (issue 14): a chart for each one the track carries.
  const sensors = useMemo(
    () =>
      (
        [
          ["heart-rate", t.track.heartRateChart, "bpm", "#dc2626", profile.heartRate],
          ["cadence", t.track.cadenceChart, "rpm", "#7c3aed", profile.cadence],
          ["power", t.track.powerChart, "W", "#ca8a04", profile.power],
        ] as const
      )
        .map(([id, title, unit, color, y]) => ({
          id,
          title,
          unit,
          color,
          series: { x: distance, y } satisfies ProfileSeries,
        }))
        .filter((c) => c.series.y.filter((v) => v !== null).length >= 2),
    [distance, profile, t],
  );
  const hasElevation = elevation.y.filter((v) => v !== null).length >= 2;
  const hasSpeed = speed.y.filter((v) => v !== null).length >= 2;

  const markers: MapMarker[] = [];
  const count = distance.length;
  // A recording without GPS has a chart but no position to show.
  const positionAt = (i: number): [number, number] | undefined => {
    const lat = profile.lat[i];
    const lon = profile.lon[i];
    return lat === null || lat === undefined || lon === null || lon === undefined ? undefined : [lat, lon];
  };
  const first = path[0] ?? positionAt(0);
  const last = path[path.length - 1] ?? positionAt(count - 1);
  if (first) markers.push({ id: "start", kind: "start", position: first, label: t.map.start });
  if (last && (count > 1 || path.length > 1)) {
    markers.push(
      state === "stopped"
        ? { id: "finish", kind: "finish", position: last, label: t.map.finish }
        : { id: "current", kind: "current", position: last, label: t.track.lastPosition },
    );
  }
  const hovered = hover !== null ? positionAt(hover) : undefined;
  if (hovered) markers.push({ id: "hover", kind: "hover", position: hovered });

  const tracks = useMemo(() => [{ id: trackId, path }], [trackId, path]);
  const nf = t.locale;
  const km = (m: number) => formatDistance(m, nf);
  const number = (digits: number) => (v: number) => numberFormat(nf, 0, digits).format(v);
  const kmTick = (m: number) => (m === 0 ? "0" : `${number(1)(m / 1000)} km`);
  const dot = (color: string) => ({ "--dot": color }) as CSSProperties;

  return (
    <div className="stack">
      <div>
        <RunifyMap
          tiles={tiles}
          tracks={tracks}
          markers={markers}
          fitKey={trackId}
          ariaLabel={t.map.label}
          className="rfy-map--tall"
          course={race?.course ?? null}
        />
        <div className="map-legend">
          <span style={dot("#16a34a")}>{t.map.start}</span>
          {state === "stopped" ? (
            <span style={dot("#dc2626")}>{t.map.finish}</span>
          ) : (
            <span style={dot("#2563eb")}>{t.track.lastPosition}</span>
          )}
          {race && (
            <span className="course-legend" data-testid="course-legend">
              {fmt(t.race.courseLegend, { name: race.name })}
            </span>
          )}
          {path.length > 0 && pointsCount > path.length && (
            <span className="muted" style={dot("transparent")}>
              {fmt(t.track.simplified, { shown: path.length, total: pointsCount })}
            </span>
          )}
        </div>
      </div>
      {count < 2 || (!hasElevation && !hasSpeed) ? (
        <div className="card empty">
          <p>{count === 0 ? t.track.noPoints : t.track.noChart}</p>
        </div>
      ) : (
        <div className="card charts">
          <p className="muted small" style={{ margin: 0 }}>
            {t.track.chartHint}
          </p>
          {hasElevation && (
            <ProfileChart
              title={`${t.track.elevationChart} (m)`}
              series={elevation}
              color="#e4572e"
              index={hover}
              onIndex={setHover}
              formatY={(v) => formatElevation(v, nf)}
              formatTick={number(0)}
              formatX={km}
              formatXTick={kmTick}
              testId="elevation-chart"
            />
          )}
          {hasSpeed && (
            <ProfileChart
              title={`${t.track.speedChart} (km/h)`}
              series={speed}
              color="#2563eb"
              index={hover}
              onIndex={setHover}
              formatY={(v) => `${number(1)(v)} km/h`}
              formatTick={number(0)}
              formatX={km}
              formatXTick={kmTick}
              floorZero
              minSpan={5}
              testId="speed-chart"
            />
          )}
          {sensors.map((c) => (
            <ProfileChart
              key={c.id}
              title={`${c.title} (${c.unit})`}
              series={c.series}
              color={c.color}
              index={hover}
              onIndex={setHover}
              formatY={(v) => `${number(0)(v)} ${c.unit}`}
              formatTick={number(0)}
              formatX={km}
              formatXTick={kmTick}
              minSpan={10}
              testId={`${c.id}-chart`}
            />
          ))}
        </div>
      )}
    </div>
  );
}
