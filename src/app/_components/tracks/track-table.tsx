import Link from "next/link";
import { type Dictionary, fmt, fmtCount } from "~/lib/i18n";
import {
  formatCount,
  formatDateTime,
  formatDistance,
  formatDuration,
  formatElevation,
  formatPace,
} from "~/lib/format";
import type { TParticipantResponse } from "~/server/api/schemas/participant";
import { ACTIVITY_TYPES, TRACK_STATES, type TListTracksResponse } from "~/server/api/schemas/track";
import { DeleteTrackButton } from "./delete-track-button";
import { hasFilters, type SortKey, tableHref, type TrackTableQuery } from "./query";

interface Props {
  base: string;
  eventId: string;
  timezone: string;
  query: TrackTableQuery;
  result: TListTracksResponse;
  participants: TParticipantResponse[];
  t: Dictionary;
}

function SortHeader({
  label,
  sortKey,
  base,
  query,
  t,
  numeric = false,
}: {
  label: string;
  sortKey: SortKey;
  base: string;
  query: TrackTableQuery;
  t: Dictionary;
  numeric?: boolean;
}) {
  const active = query.sort === sortKey;
  // A first click sorts the "interesting" way: latest start, longest, longest, fastest.
  const firstOrder = sortKey === "pace" ? "asc" : "desc";
  const order = active ? (query.order === "asc" ? "desc" : "asc") : firstOrder;
  return (
    <th
      scope="col"
      className={numeric ? "num" : undefined}
      aria-sort={active ? (query.order === "asc" ? "ascending" : "descending") : undefined}
    >
      <Link
        className="sort"
        href={tableHref(base, query, { sort: sortKey, order })}
        title={fmt(t.tracks.sortBy, { column: label })}
      >
        {label}
        <span aria-hidden="true">{active ? (query.order === "asc" ? "▲" : "▼") : "↕"}</span>
      </Link>
    </th>
  );
}

function Filters({ base, query, participants, t }: Pick<Props, "base" | "query" | "participants" | "t">) {
  return (
    // Keyed by the query: after a client-side navigation the uncontrolled fields show the URL's values again.
    <form
      key={JSON.stringify(query)}
      className="filters"
      method="get"
      action={base}
      aria-label={t.tracks.filters}
    >
      <div className="field">
        <label htmlFor="f-state">{t.tracks.state}</label>
        <select id="f-state" name="state" defaultValue={query.state}>
          <option value="">{t.tracks.all}</option>
          {TRACK_STATES.map((s) => (
            <option key={s} value={s}>
              {t.tracks.states[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-activity">{t.tracks.activity}</label>
        <select id="f-activity" name="activity" defaultValue={query.activity}>
          <option value="">{t.tracks.all}</option>
          {ACTIVITY_TYPES.map((a) => (
            <option key={a} value={a}>
              {t.tracks.activities[a]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-user">{t.tracks.participant}</label>
        <select id="f-user" name="user" defaultValue={query.user}>
          <option value="">{t.tracks.anyone}</option>
          {participants
            .filter((p) => p.user_id)
            .map((p) => (
              <option key={p.id} value={p.user_id ?? ""}>
                {p.bib ? `${p.bib} · ` : ""}
                {p.name}
              </option>
            ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-from">{t.tracks.from}</label>
        <input id="f-from" type="date" name="from" defaultValue={query.from} />
      </div>
      <div className="field">
        <label htmlFor="f-to">{t.tracks.to}</label>
        <input id="f-to" type="date" name="to" defaultValue={query.to} />
      </div>
      <div className="field">
        <label htmlFor="f-dmin">{t.tracks.distanceMin}</label>
        <input id="f-dmin" type="number" name="dmin" min={0} step="0.1" defaultValue={query.dmin} />
      </div>
      <div className="field">
        <label htmlFor="f-dmax">{t.tracks.distanceMax}</label>
        <input id="f-dmax" type="number" name="dmax" min={0} step="0.1" defaultValue={query.dmax} />
      </div>
      <div className="field">
        <label htmlFor="f-q">{t.tracks.search}</label>
        <input id="f-q" type="search" name="q" defaultValue={query.q} />
      </div>
      {query.sort !== "start" && <input type="hidden" name="sort" value={query.sort} />}
      {query.order !== "desc" && <input type="hidden" name="order" value={query.order} />}
      <div className="actions">
        <button className="btn btn--primary" type="submit">
          {t.tracks.apply}
        </button>
        {hasFilters(query) && (
          <Link className="btn btn--ghost" href={base}>
            {t.tracks.clearFilters}
          </Link>
        )}
      </div>
    </form>
  );
}

/** The event's tracks: filters, sortable columns, pages; state in the URL, data from `track.list`. */
export function TrackTable({ base, eventId, timezone, query, result, participants, t }: Props) {
  const byUser = new Map(participants.filter((p) => p.user_id).map((p) => [p.user_id, p]));
  const pages = Math.max(1, Math.ceil(result.total / result.per_page));
  const filtered = hasFilters(query);
  if (result.total === 0 && !filtered) {
    return (
      <div className="card empty" data-testid="tracks-empty">
        <svg width="56" height="56" viewBox="0 0 24 24" aria-hidden="true">
          <path
            fill="currentColor"
            d="M13.5 5.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM9.8 8.9 7 23h2.1l1.8-8 2.1 2v6h2v-7.5l-2.1-2 .6-3A7.3 7.3 0 0 0 19 13v-2a5 5 0 0 1-4.3-2.4l-1-1.6a2 2 0 0 0-1.7-1 2 2 0 0 0-.8.2L6 8.3V13h2V9.6l1.8-.7"
          />
        </svg>
        <h2>{t.tracks.empty}</h2>
        <p>{t.tracks.emptyHint}</p>
        <Link className="btn" href={`/events/${eventId}/tokens`}>
          {t.event.tabTokens}
        </Link>
      </div>
    );
  }
  return (
    <div className="card card--flush">
      <Filters base={base} query={query} participants={participants} t={t} />
      {result.tracks.length === 0 ? (
        <div className="empty">
          <p>{t.tracks.noMatch}</p>
          <Link className="btn" href={base}>
            {t.tracks.clearFilters}
          </Link>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="tracks-table">
            <thead>
              <tr>
                <th scope="col">{t.tracks.participant}</th>
                <th scope="col">{t.tracks.titleCol}</th>
                <th scope="col">{t.tracks.activity}</th>
                <th scope="col">{t.tracks.state}</th>
                <SortHeader label={t.tracks.start} sortKey="start" base={base} query={query} t={t} />
                <SortHeader
                  label={t.tracks.distance}
                  sortKey="distance"
                  base={base}
                  query={query}
                  t={t}
                  numeric
                />
                <SortHeader
                  label={t.tracks.duration}
                  sortKey="duration"
                  base={base}
                  query={query}
                  t={t}
                  numeric
                />
                <SortHeader label={t.tracks.pace} sortKey="pace" base={base} query={query} t={t} numeric />
                <th scope="col" className="num">
                  {t.tracks.elevationGain}
                </th>
                <th scope="col" className="num">
                  {t.tracks.points}
                </th>
                <th scope="col">
                  <span className="visually-hidden">{t.common.delete}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {result.tracks.map((track) => {
                const participant = track.user_id ? byUser.get(track.user_id) : undefined;
                return (
                  <tr key={track.id}>
                    <td className="nowrap">
                      {participant ? (
                        <>
                          {participant.bib && <span className="bib">{participant.bib}</span>}
                          {participant.name}
                        </>
                      ) : track.user_id ? (
                        <span className="muted mono" title={t.tracks.unknownParticipant}>
                          {track.user_id}
                        </span>
                      ) : (
                        <span className="muted">{t.common.none}</span>
                      )}
                    </td>
                    <td className="title-cell">
                      <Link href={`/events/${eventId}/tracks/${track.id}`}>{track.title}</Link>
                    </td>
                    <td>{t.tracks.activities[track.activity_type]}</td>
                    <td>
                      <span className={`badge badge--${track.state}`}>{t.tracks.states[track.state]}</span>
                    </td>
                    <td className="nowrap">{formatDateTime(track.start_ts, t.locale, timezone)}</td>
                    <td className="num">{formatDistance(track.stats.distance_meters, t.locale)}</td>
                    <td className="num">{formatDuration(track.stats.duration_sec)}</td>
                    <td className="num">{formatPace(track.stats.pace_sec_per_km)}</td>
                    <td className="num">{formatElevation(track.stats.elevation_gain_m, t.locale)}</td>
                    <td className="num">{formatCount(track.points_count, t.locale)}</td>
                    <td>
                      <DeleteTrackButton id={track.id} title={track.title} compact />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="pager">
        <a className="btn btn--small" href={`/api/exports/tracks.zip?event_id=${eventId}`} download>
          ⤓ {t.tracks.exportAll}
        </a>
        <span className="spacer" />
        <span>
          {fmtCount(t.locale, t.tracks.total, result.total)} ·{" "}
          {fmt(t.tracks.page, { page: result.page, pages })}
        </span>
        <div className="row">
          {result.page > 1 ? (
            <Link
              className="btn btn--small"
              href={tableHref(base, query, { page: result.page - 1 })}
              rel="prev"
            >
              ← {t.tracks.previous}
            </Link>
          ) : (
            <span className="btn btn--small" aria-disabled="true" style={{ opacity: 0.5 }}>
              ← {t.tracks.previous}
            </span>
          )}
          {result.page < pages ? (
            <Link
              className="btn btn--small"
              href={tableHref(base, query, { page: result.page + 1 })}
              rel="next"
            >
              {t.tracks.next} →
            </Link>
          ) : (
            <span className="btn btn--small" aria-disabled="true" style={{ opacity: 0.5 }}>
              {t.tracks.next} →
            </span>
          )}
        </div>
      </div>
    </div>
  );
}
