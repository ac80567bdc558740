import { formatDistance, formatDuration, formatPaceOrSpeed, formatTime } from "~/lib/format";
import type { Dictionary } from "~/lib/i18n";
import type { TSegmentsResponse } from "~/server/api/schemas/track";

/** A track's segments (GET /tracks/{id}/segments) with their statistics and each one's GPX. */
export function TrackSegments({
  trackId,
  activity,
  segments,
  timezone,
  t,
}: {
  trackId: string;
  activity: string;
  segments: TSegmentsResponse["segments"];
  timezone: string;
  t: Dictionary;
}) {
  const L = t.locale;
  return (
    <section className="card card--flush" aria-labelledby="segments-title" data-testid="track-segments">
      <div style={{ padding: "1rem 1rem 0.5rem" }}>
        <h2 id="segments-title">{t.track.segments}</h2>
        <p className="muted small" style={{ margin: 0 }}>
          {t.track.segmentsHint}
        </p>
      </div>
      <div className="table-wrap">
        <table className="data splits segments">
          <thead>
            <tr>
              <th scope="col">{t.track.segmentCol}</th>
              <th scope="col" className="num">
                {t.track.distance}
              </th>
              <th scope="col" className="num">
                {t.tracks.duration}
              </th>
              <th scope="col" className="num">
                {activity === "bike" ? t.track.meanSpeed : t.tracks.pace}
              </th>
            </tr>
          </thead>
          <tbody>
            {segments.map((s) => (
              <tr key={s.index}>
                {/* The GPX link and the start time share the first cell (the time on a line of its own):
                    a fifth column made the sidebar's table scroll sideways at 1,280 px. */}
                <td>
                  <span className="nowrap">
                    {s.index + 1}{" "}
                    <a
                      className="icon-btn"
                      href={`/api/tracks/${trackId}/gpx?segment=${s.index}`}
                      download
                      title={`${t.track.gpx} ${s.index + 1}`}
                      data-testid="segment-gpx"
                    >
                      ⤓<span className="visually-hidden">{`${t.track.gpx} ${s.index + 1}`}</span>
                    </a>
                  </span>
                  <br />
                  <span className="muted small">{formatTime(s.start_ts, L, timezone)}</span>
                </td>
                <td className="num">{formatDistance(s.stats.distance_meters, L)}</td>
                <td className="num">{formatDuration(s.stats.duration_sec)}</td>
                <td className="num">{formatPaceOrSpeed(activity, s.stats, L)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
