import { notFound } from "next/navigation";
import type { Metadata } from "next";
import { getI18n } from "~/lib/i18n/server";
import Link from "next/link";
import { AutoRefresh } from "~/app/_components/auto-refresh";
import { TrackNotes } from "~/app/_components/track/track-notes";
import { TrackSegments } from "~/app/_components/track/track-segments";
import { trackProfile } from "~/app/_components/track/profile-data";
import { TrackView } from "~/app/_components/track/track-view";
import { DeleteTrackButton } from "~/app/_components/tracks/delete-track-button";
import {
  formatCount,
  formatDateTime,
  formatDistance,
  formatDuration,
  formatElevation,
  formatPace,
  formatSpeed,
} from "~/lib/format";
import { mapTiles } from "~/lib/map-config";
import { orNotFound, pageContext } from "~/trpc/server";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n();
  return { title: t.tracks.title };
}

export default async function TrackPage({
  params,
}: {
  params: Promise<{ eventId: string; trackId: string }>;
}) {
  const { eventId, trackId } = await params;
  const { api, t } = await pageContext(`/events/${eventId}/tracks/${trackId}`);
  // Every read at once (each one answers from the track's stored derived data or an index, never from its
  // points): only the records wait for the track, whose activity they are for. Any of them may be the first
  // to find that the event or the track is not the organiser's: each one's "not found" is the 404 page.
  const trackRead = orNotFound(api.track.get({ id: trackId }));
  const [event, track, chart, { participants }, { records }, race, { segments }] = await Promise.all([
    orNotFound(api.event.get({ id: eventId })),
    trackRead,
    orNotFound(api.track.chart({ id: trackId, max_points: 1000 })),
    orNotFound(api.participant.list({ event_id: eventId })),
    // This event's records for the track's activity: the query reads one event, not all of the organiser's.
    orNotFound(
      trackRead.then((t) => api.track.records({ event_id: eventId, activity_type: t.activity_type })),
    ),
    orNotFound(api.race.courseOfTrack({ track_id: trackId })),
    orNotFound(api.track.segments({ id: trackId })),
  ]);
  // A track of another of the organiser's events does not belong under this event's URL.
  if (track.event_id !== eventId) notFound();
  const activityRecords = records.find((r) => r.activity_type === track.activity_type);
  const participant = track.user_id ? participants.find((p) => p.user_id === track.user_id) : undefined;
  const s = track.stats;
  // A bike is read in km/h, a run, a walk or a hike in min/km.
  const bike = track.activity_type === "bike";
  const L = t.locale;
  const tz = event.timezone;
  const altitude =
    s.min_altitude_m !== null && s.max_altitude_m !== null
      ? `${formatElevation(s.min_altitude_m, L)} / ${formatElevation(s.max_altitude_m, L)}`
      : "—";
  return (
    <main>
      {track.state !== "stopped" && <AutoRefresh />}
      <nav className="breadcrumbs" aria-label="breadcrumbs">
        <Link href="/events">{t.nav.events}</Link>
        <span aria-hidden="true">/</span>
        <Link href={`/events/${eventId}`}>{event.name}</Link>
        <span aria-hidden="true">/</span>
      </nav>
      <div className="page-header">
        <div>
          <h1>{track.title}</h1>
          <div className="meta-row" style={{ marginTop: "0.4rem" }}>
            <span className={`badge badge--${track.state}`}>{t.tracks.states[track.state]}</span>
            <span className="badge">{t.tracks.activities[track.activity_type]}</span>
            {participant ? (
              <span>
                {participant.bib && <span className="bib">{participant.bib}</span>}
                {participant.name}
              </span>
            ) : (
              track.user_id && <span className="mono">{track.user_id}</span>
            )}
            <span>{formatDateTime(track.start_ts, L, tz)}</span>
            {track.state !== "stopped" && <span className="small">{t.track.refreshing}</span>}
          </div>
        </div>
        <div className="export-links">
          <a className="btn" href={`/api/tracks/${track.id}/gpx`} download data-testid="export-gpx">
            ⤓ {t.track.gpx}
          </a>
          <a className="btn" href={`/api/tracks/${track.id}/geojson`} download data-testid="export-geojson">
            ⤓ {t.track.geojson}
          </a>
          <a className="btn" href={`/api/tracks/${track.id}/csv`} download data-testid="export-csv">
            ⤓ {t.track.csv}
          </a>
        </div>
      </div>

      <div className="track-layout">
        <TrackView
          trackId={track.id}
          profile={trackProfile(chart)}
          state={track.state}
          tiles={mapTiles()}
          pointsCount={track.points_count}
          race={race}
        />
        <aside className="stack">
          <section className="card" aria-labelledby="stats-title" data-testid="track-stats">
            <h2 id="stats-title">{t.track.stats}</h2>
            <dl className="stats-hero">
              <div>
                <dt>{t.track.distance}</dt>
                <dd>{formatDistance(s.distance_meters, L)}</dd>
              </div>
              <div>
                <dt>{t.tracks.duration}</dt>
                <dd>{formatDuration(s.duration_sec)}</dd>
              </div>
              <div>
                <dt>{bike ? t.track.meanSpeed : t.tracks.pace}</dt>
                <dd>
                  {bike
                    ? formatSpeed(s.mean_speed_mps, L)
                    : formatPace(s.pace_sec_per_km).replace(" /km", "")}
                </dd>
              </div>
            </dl>
            <dl className="stats-grid">
              <div>
                <dt>{t.track.movingTime}</dt>
                <dd>{formatDuration(s.moving_time_sec)}</dd>
              </div>
              <div>
                <dt>{t.track.meanSpeed}</dt>
                <dd>{formatSpeed(s.mean_speed_mps, L)}</dd>
              </div>
              <div>
                <dt>{t.track.maxSpeed}</dt>
                <dd>{formatSpeed(s.max_speed_mps, L)}</dd>
              </div>
              <div>
                <dt>{t.track.pace}</dt>
                <dd>{formatPace(s.pace_sec_per_km)}</dd>
              </div>
              <div>
                <dt>{t.track.elevationGain}</dt>
                <dd>{formatElevation(s.elevation_gain_m, L)}</dd>
              </div>
              <div>
                <dt>{t.track.elevationLoss}</dt>
                <dd>{formatElevation(s.elevation_loss_m, L)}</dd>
              </div>
              <div className="wide">
                <dt>{t.track.altitude}</dt>
                <dd>{altitude}</dd>
              </div>
              {(
                [
                  [t.track.heartRate, s.avg_heart_rate_bpm, s.max_heart_rate_bpm, "bpm", "stat-heart-rate"],
                  [t.track.cadence, s.avg_cadence_rpm, s.max_cadence_rpm, "rpm", "stat-cadence"],
                  [t.track.power, s.avg_power_w, s.max_power_w, "W", "stat-power"],
                ] as const
              )
                .filter(([, avg, max]) => avg !== null || max !== null)
                .map(([label, avg, max, unit, testId]) => (
                  <div key={testId} className="wide" data-testid={testId}>
                    <dt>{label}</dt>
                    <dd>
                      {formatCount(avg === null ? null : Math.round(avg), L)} /{" "}
                      {formatCount(max === null ? null : Math.round(max), L)} {unit}
                    </dd>
                  </div>
                ))}
              <div>
                <dt>{t.track.started}</dt>
                <dd className="small">{formatDateTime(track.start_ts, L, tz)}</dd>
              </div>
              <div>
                <dt>{t.track.ended}</dt>
                <dd className="small">{formatDateTime(track.end_ts, L, tz)}</dd>
              </div>
              <div>
                <dt>{t.track.points}</dt>
                <dd>{formatCount(track.points_count, L)}</dd>
              </div>
              <div>
                <dt>{t.track.device}</dt>
                <dd className="small mono">{track.device_track_id}</dd>
              </div>
            </dl>
          </section>
          <TrackNotes id={track.id} notes={track.notes} />
          {segments.length > 1 && (
            <TrackSegments
              trackId={track.id}
              activity={track.activity_type}
              segments={segments}
              timezone={tz}
              t={t}
            />
          )}
          {chart.splits.length > 0 && (
            <section className="card card--flush" aria-labelledby="splits-title">
              <h2 id="splits-title" style={{ padding: "1rem 1rem 0.5rem" }}>
                {t.track.splits}
              </h2>
              <div className="table-wrap">
                <table className="data splits">
                  <thead>
                    <tr>
                      <th scope="col">{t.track.splitKm}</th>
                      <th scope="col" className="num">
                        {t.tracks.pace}
                      </th>
                      <th scope="col" className="num">
                        D+ / D−
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {chart.splits.map((split) => (
                      <tr key={split.index}>
                        <td>
                          {split.index + 1}
                          {split.distance_m < 990 && (
                            <span className="muted small"> ({formatDistance(split.distance_m, L)})</span>
                          )}
                        </td>
                        <td className="num">{formatPace(split.pace_sec_per_km)}</td>
                        <td className="num">
                          +{Math.round(split.elevation_gain_m)} / −{Math.round(split.elevation_loss_m)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
          {activityRecords && (
            <section className="card" aria-labelledby="records-title" data-testid="track-records">
              <h2 id="records-title">{t.track.records}</h2>
              <p className="muted small">{t.track.recordsHint}</p>
              <dl className="stats-grid">
                {(
                  [
                    [
                      t.track.recordFastestPace,
                      activityRecords.fastest_pace_sec_per_km,
                      (v: number) => formatPace(v),
                    ],
                    [
                      t.track.recordLongestDistance,
                      activityRecords.longest_distance_m,
                      (v: number) => formatDistance(v, L),
                    ],
                    [
                      t.track.recordLongestDuration,
                      activityRecords.longest_duration_sec,
                      (v: number) => formatDuration(v),
                    ],
                    [
                      t.track.recordHighestClimb,
                      activityRecords.highest_climb_m,
                      (v: number) => formatElevation(v, L),
                    ],
                    [t.track.recordMaxSpeed, activityRecords.max_speed_mps, (v: number) => formatSpeed(v, L)],
                  ] as const
                ).map(([label, record, format]) => (
                  <div key={label}>
                    <dt>{label}</dt>
                    <dd>
                      {record ? format(record.value) : "—"}
                      {record?.track_id === track.id && (
                        <span className="badge"> {t.track.recordThisTrack}</span>
                      )}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          )}
          <div>
            <DeleteTrackButton id={track.id} title={track.title} redirectTo={`/events/${eventId}`} />
          </div>
        </aside>
      </div>
    </main>
  );
}
