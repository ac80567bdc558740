import { fromLocalDateTime } from "~/lib/time";
import {
  ACTIVITY_TYPES,
  TRACK_STATES,
  type TListTracksRequest,
  ZListTracksRequest,
} from "~/server/api/schemas/track";

/**
 * The track table's state lives in the URL (shareable, back button, works without JavaScript). Its own
 * parameter names are friendlier than the API's (dates instead of instants, km instead of metres); this maps
 * them to the shared `ZListTracksRequest`.
 */
export const SORT_KEYS = ["start", "distance", "duration", "pace"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface TrackTableQuery {
  state: string;
  activity: string;
  user: string;
  from: string;
  to: string;
  dmin: string;
  dmax: string;
  q: string;
  sort: SortKey;
  order: "asc" | "desc";
  page: number;
}

type SearchParams = Record<string, string | string[] | undefined>;

const one = (v: string | string[] | undefined) => (typeof v === "string" ? v.trim() : "");
const isDate = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);
const km = (v: string) => {
  const n = Number(v.replace(",", "."));
  return v !== "" && Number.isFinite(n) && n >= 0 ? n : undefined;
};

export function parseTrackQuery(params: SearchParams): TrackTableQuery {
  const sort = SORT_KEYS.find((k) => k === one(params.sort)) ?? "start";
  const page = Math.max(1, Math.floor(Number(one(params.page)) || 1));
  return {
    state: (TRACK_STATES as readonly string[]).includes(one(params.state)) ? one(params.state) : "",
    activity: (ACTIVITY_TYPES as readonly string[]).includes(one(params.activity))
      ? one(params.activity)
      : "",
    user: one(params.user).slice(0, 255),
    from: isDate(one(params.from)) ? one(params.from) : "",
    to: isDate(one(params.to)) ? one(params.to) : "",
    dmin: km(one(params.dmin)) !== undefined ? one(params.dmin) : "",
    dmax: km(one(params.dmax)) !== undefined ? one(params.dmax) : "",
    q: one(params.q).slice(0, 500),
    sort,
    order: one(params.order) === "asc" ? "asc" : "desc",
    page,
  };
}

export function hasFilters(q: TrackTableQuery): boolean {
  return Boolean(q.state || q.activity || q.user || q.from || q.to || q.dmin || q.dmax || q.q);
}

function nextDay(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The API request for one page; dates are whole days in the event's timezone. */
export function toListRequest(q: TrackTableQuery, eventId: string, timezone: string): TListTracksRequest {
  const distanceMin = km(q.dmin);
  const distanceMax = km(q.dmax);
  const orderBy = q.sort === "start" ? "start_ts" : q.sort === "pace" ? "mean_speed" : q.sort;
  // Pace ascending (fastest first) is mean speed descending.
  const order = q.sort === "pace" ? (q.order === "asc" ? "desc" : "asc") : q.order;
  return ZListTracksRequest.parse({
    event_id: eventId,
    page: q.page,
    per_page: 25,
    state: q.state || undefined,
    activity_type: q.activity || undefined,
    user_id: q.user || undefined,
    title: q.q || undefined,
    from: q.from ? fromLocalDateTime(q.from, "00:00", timezone).toISOString() : undefined,
    to: q.to
      ? new Date(fromLocalDateTime(nextDay(q.to), "00:00", timezone).getTime() - 1).toISOString()
      : undefined,
    distance_min: distanceMin !== undefined ? distanceMin * 1000 : undefined,
    distance_max: distanceMax !== undefined ? distanceMax * 1000 : undefined,
    order_by: orderBy,
    order,
  });
}

/** The URL of the table with some parameters changed (empty values dropped; page reset unless given). */
export function tableHref(base: string, q: TrackTableQuery, patch: Partial<TrackTableQuery>): string {
  const next: TrackTableQuery = { ...q, page: 1, ...patch };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(next)) {
    if (value === "" || value === undefined) continue;
    if (key === "page" && value === 1) continue;
    if (key === "sort" && value === "start") continue;
    if (key === "order" && value === "desc") continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${base}?${search}` : base;
}
