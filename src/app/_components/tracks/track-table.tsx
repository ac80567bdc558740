import Link from "next/link";
import { type Dictionary, fmt, fmtCount } from "~/lib/i18n";
import {
  formatCount,
  formatDateTime,
  formatDistance,
  formatDuration,
  formatElevation,
  formatPaceOrSpeed,
} from "~/lib/format";
import type { TParticipantResponse } from "~/server/api/schemas/participant";
import type { TListTracksResponse } from "~/server/api/schemas/track";
import { type Column, DataTable, EmptyState } from "~/app/_components/data-table";
import { DeleteTrackButton } from "./delete-track-button";
import { Filters } from "./track-filters";
import { hasFilters, type SortKey, tableHref, type TrackTableQuery } from "./query";

type Track = TListTracksResponse["tracks"][number];

const THUMB = { width: 72, height: 48 };

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

/** The event's tracks: filters, sortable columns, pages; state in the URL, data from `track.list`. */
export function TrackTable({ base, eventId, timezone, query, result, participants, t }: Props) {
  const byUser = new Map(participants.filter((p) => p.user_id).map((p) => [p.user_id, p]));
  const pages = Math.max(1, Math.ceil(result.total / result.per_page));
  const filtered = hasFilters(query);
  if (result.total === 0 && !filtered) {
    return (
      <EmptyState
        testId="tracks-empty"
        icon={
          <svg width="56" height="56" viewBox="0 0 24 24" aria-hidden="true">
            <path
              fill="currentColor"
              d="M13.5 5.5a2 2 0 1 0 0-4 2 2 0 0 0 0 4zM9.8 8.9 7 23h2.1l1.8-8 2.1 2v6h2v-7.5l-2.1-2 .6-3A7.3 7.3 0 0 0 19 13v-2a5 5 0 0 1-4.3-2.4l-1-1.6a2 2 0 0 0-1.7-1 2 2 0 0 0-.8.2L6 8.3V13h2V9.6l1.8-.7"
            />
          </svg>
        }
        title={t.tracks.empty}
        text={t.tracks.emptyHint}
        action={
          <Link className="btn" href={`/events/${eventId}/tokens`}>
            {t.event.tabTokens}
          </Link>
        }
      />
    );
  }
  const sortable = (label: string, sortKey: SortKey, numeric = false) => (
    <SortHeader label={label} sortKey={sortKey} base={base} query={query} t={t} numeric={numeric} />
  );
  const columns: Column<Track>[] = [
    {
      key: "participant",
      header: t.tracks.participant,
      className: "nowrap",
      cell: (track) => {
        const participant = track.user_id ? byUser.get(track.user_id) : undefined;
        if (participant)
          return (
            <>
              {participant.bib && <span className="bib">{participant.bib}</span>}
              {participant.name}
            </>
          );
        return track.user_id ? (
          <span className="muted mono" title={t.tracks.unknownParticipant}>
            {track.user_id}
          </span>
        ) : (
          <span className="muted">{t.common.none}</span>
        );
      },
    },
    {
      key: "title",
      header: t.tracks.titleCol,
      className: "title-cell",
      // The thumbnail shares the title's cell: as a column of its own it pushed Points off a 1,280 px screen.
      cell: (track) => (
        <div className="title-thumb">
          {/* The server draws it (GET /tracks/{id}/map): no map library, one small SVG. */}
          {/* biome-ignore lint/performance/noImgElement: an SVG from our own API, not an optimisable photo */}
          <img
            className="track-thumb"
            src={`/api/tracks/${track.id}/map?width=${THUMB.width}&height=${THUMB.height}`}
            width={THUMB.width}
            height={THUMB.height}
            loading="lazy"
            alt=""
            data-testid="track-thumb"
          />
          <Link href={`/events/${eventId}/tracks/${track.id}`}>{track.title}</Link>
        </div>
      ),
    },
    { key: "activity", header: t.tracks.activity, cell: (track) => t.tracks.activities[track.activity_type] },
    {
      key: "state",
      header: t.tracks.state,
      cell: (track) => <span className={`badge badge--${track.state}`}>{t.tracks.states[track.state]}</span>,
    },
    {
      key: "start",
      header: t.tracks.start,
      th: sortable(t.tracks.start, "start"),
      className: "nowrap",
      cell: (track) => formatDateTime(track.start_ts, t.locale, timezone),
    },
    {
      key: "distance",
      header: t.tracks.distance,
      th: sortable(t.tracks.distance, "distance", true),
      className: "num",
      cell: (track) => formatDistance(track.stats.distance_meters, t.locale),
    },
    {
      key: "duration",
      header: t.tracks.duration,
      th: sortable(t.tracks.duration, "duration", true),
      className: "num",
      cell: (track) => formatDuration(track.stats.duration_sec),
    },
    {
      key: "pace",
      header: t.tracks.pace,
      th: sortable(t.tracks.pace, "pace", true),
      className: "num",
      cell: (track) => formatPaceOrSpeed(track.activity_type, track.stats, t.locale),
    },
    {
      key: "climb",
      header: t.tracks.elevationGain,
      headerClassName: "num",
      className: "num",
      cell: (track) => formatElevation(track.stats.elevation_gain_m, t.locale),
    },
    {
      key: "points",
      header: t.tracks.points,
      headerClassName: "num",
      className: "num",
      cell: (track) => formatCount(track.points_count, t.locale),
    },
    {
      key: "actions",
      header: t.common.delete,
      hiddenHeader: true,
      cell: (track) => <DeleteTrackButton id={track.id} title={track.title} compact />,
    },
  ];
  return (
    <div className="card card--flush">
      <Filters base={base} query={query} participants={participants} t={t} />
      {result.tracks.length === 0 ? (
        <EmptyState
          card={false}
          text={t.tracks.noMatch}
          action={
            <Link className="btn" href={base}>
              {t.tracks.clearFilters}
            </Link>
          }
        />
      ) : (
        <DataTable
          rows={result.tracks}
          columns={columns}
          rowKey={(track) => track.id}
          testId="tracks-table"
        />
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
