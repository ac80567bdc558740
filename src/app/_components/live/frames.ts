import type { LatLon } from "~/app/_components/map/types";
import { formatAgo, formatDistance, formatDuration, formatPace, formatPaceOrSpeed } from "~/lib/format";
import { type Dictionary, fmt } from "~/lib/i18n";
import {
  activeTrail,
  distanceAt,
  pathUntil,
  positionAt,
  type ReplayPosition,
  type ReplayTrail,
} from "~/lib/live/replay";
import { markerText, type Runner, type RunnerStatus, secondsSinceLast } from "~/lib/live/runners";
import type { LiveState, WirePoint } from "~/lib/live/state";
import type { LiveMapRunner, MapPath } from "./live-map";
import type { RunnerRow } from "./runner-list";
import type { ReplayData } from "./use-replay";

/**
 * What the map and the list show, as plain functions of the live state (or of a replay at time `t`):
 * the view only memoises them (use-live-view.ts).
 */

const latLonCache = new WeakMap<WirePoint[], LatLon[]>();
/** The last path made for a trail that begins with this point (points are shared by the trails grown from it). */
const grownFrom = new WeakMap<WirePoint, { trail: WirePoint[]; path: LatLon[] }>();
const toLatLon = (p: WirePoint): LatLon => [p[0], p[1]];

/**
 * Trails are immutable (the reducer replaces them): their map paths are computed once. A trail that grew
 * from the last one seen (the reducer appends a batch to a copy: the same point objects, then new ones)
 * reuses that path's points and converts the new ones only — not a whole 1,000-point trail per batch.
 */
export function latLons(trail: WirePoint[]): LatLon[] {
  const cached = latLonCache.get(trail);
  if (cached) return cached;
  const first = trail[0];
  const before = first ? grownFrom.get(first) : undefined;
  const n = before?.trail.length ?? 0;
  // Sorted by time with unique timestamps: the same first point and the same point at n − 1 mean the same n
  // points first (a merge only adds points; a replaced trail has new point objects).
  const path =
    before && n > 0 && trail.length >= n && trail[n - 1] === before.trail[n - 1]
      ? before.path.concat(trail.slice(n).map(toLatLon))
      : trail.map(toLatLon);
  latLonCache.set(trail, path);
  if (first) grownFrom.set(first, { trail, path });
  return path;
}

const label = (r: Pick<Runner, "bib" | "name">) => (r.bib ? `${r.bib} · ${r.name}` : r.name);

/**
 * The list as the view needs it: how many rows, each row's key and status, and the row itself formatted on
 * demand: a 1,000-runner list formats only the rows in view (runner-list.tsx), not all of them per update.
 */
export interface RowSource {
  count: number;
  onCourse: number;
  keys: string[];
  row(index: number): RunnerRow | null;
}

const sameMarker = (a: LiveMapRunner, b: Omit<LiveMapRunner, "paths">, paths: MapPath[]) =>
  a.label === b.label &&
  a.text === b.text &&
  a.color === b.color &&
  a.stale === b.stale &&
  a.finished === b.finished &&
  a.position?.[0] === b.position?.[0] &&
  a.position?.[1] === b.position?.[1] &&
  a.paths.length === paths.length &&
  a.paths.every((p, i) => p.id === paths[i]?.id && p.path === paths[i]?.path);

/** What each marker was made from: the same runner fields and track views make the same marker. */
const madeFrom = new WeakMap<LiveMapRunner, { runner: Runner; stale: boolean }>();
const sameSource = (a: Runner, b: Runner) =>
  a === b ||
  (a.name === b.name &&
    a.bib === b.bib &&
    a.color === b.color &&
    a.status === b.status &&
    a.track === b.track &&
    a.tracks.length === b.tracks.length &&
    a.tracks.every((v, i) => v === b.tracks[i]));

/**
 * The live map's markers and trails: runners with at least one track. A runner whose marker and trails did
 * not change keeps the object `previous` holds for it, so the map skips it (runner-layers.tsx); one whose
 * track views are those it was made from is not even looked at again (most runners, on most updates).
 */
export function liveMarkers(
  list: Runner[],
  stale: Set<string>,
  previous?: Map<string, LiveMapRunner>,
): LiveMapRunner[] {
  const out: LiveMapRunner[] = [];
  for (const r of list) {
    if (r.tracks.length === 0) continue;
    const before = previous?.get(r.key);
    const source = before && madeFrom.get(before);
    const isStale = stale.has(r.key);
    if (before && source && source.stale === isStale && sameSource(source.runner, r)) {
      out.push(before);
      continue;
    }
    const last = r.track?.track.last;
    const paths: MapPath[] = [];
    for (const v of r.tracks) if (v.trail.length > 1) paths.push({ id: v.track.id, path: latLons(v.trail) });
    const marker = {
      key: r.key,
      label: label(r),
      text: markerText(r),
      color: r.color,
      position: last ? ([last[0], last[1]] as LatLon) : null,
      stale: isStale,
      finished: r.status === "stopped",
    };
    const made = before && sameMarker(before, marker, paths) ? before : { ...marker, paths };
    madeFrom.set(made, { runner: r, stale: isStale });
    out.push(made);
  }
  return out;
}

const onCourse = (status: RunnerStatus) => status === "running" || status === "paused";

/** One row of the live list; `now` is null before the first tick (server render: no "ago"). */
export function liveRow(
  r: Runner,
  state: LiveState,
  now: number | null,
  stale: Set<string>,
  t: Dictionary,
): RunnerRow {
  const track = r.track?.track;
  const since = now === null ? null : secondsSinceLast(r, state, now);
  return {
    key: r.key,
    name: r.name,
    bib: r.bib,
    text: markerText(r),
    color: r.color,
    status: r.status,
    stale: stale.has(r.key),
    distance: formatDistance(track?.stats.distance_meters ?? (track ? 0 : null), t.locale),
    // km/h on a bike, min/km on foot.
    pace: track ? formatPaceOrSpeed(track.activity_type, track.stats, t.locale) : formatPace(null),
    detail:
      since === null || r.status === "stopped" ? null : fmt(t.live.ago, { time: formatAgo(since, t.locale) }),
    hasPosition: Boolean(track?.last),
  };
}

/** The live list: rows formatted when asked for. */
export function liveRows(
  list: Runner[],
  state: LiveState,
  now: number | null,
  stale: Set<string>,
  t: Dictionary,
): RowSource {
  return {
    count: list.length,
    onCourse: list.filter((r) => onCourse(r.status)).length,
    keys: list.map((r) => r.key),
    row: (i) => {
      const r = list[i];
      return r ? liveRow(r, state, now, stale, t) : null;
    },
  };
}

/**
 * The travelled paths of a replay move on at most every `stepMs` of replay time (the caller picks about half
 * a second of wall time): redrawing 1,000 trails on every frame was what held the replay to a few frames a
 * second. Between two steps the same arrays come back, so the map leaves the trails alone.
 */
const travelled = new WeakMap<WirePoint[], { at: number; path: LatLon[] }>();
function travelledPath(trail: WirePoint[], t: number, stepMs: number): LatLon[] {
  if (stepMs <= 0) return pathUntil(trail, t);
  const at = Math.floor(t / stepMs) * stepMs;
  const cached = travelled.get(trail);
  if (cached && cached.at === at) return cached.path;
  // By steps, the trail's own points only (no point between two, where the disc is): each step's path then
  // begins with the previous one, so the map draws the new segments instead of redrawing every trail.
  const until = positionAt(trail, at);
  const path = until ? latLons(trail).slice(0, until.index + 1) : [];
  travelled.set(trail, { at, path });
  return path;
}

/**
 * What the map and the list show of a replay at time `t`: every marker's position (cheap: a binary search
 * per runner), the travelled paths by steps of `pathStepMs`, and the rows formatted on demand.
 */
export function replayFrame(
  data: ReplayData,
  t: number,
  locale: string,
  elapsedLabel: string,
  pathStepMs = 0,
): { markers: LiveMapRunner[]; rows: RowSource } {
  const markers: LiveMapRunner[] = [];
  const states: Array<{ active: ReplayTrail | null; at: ReplayPosition | null; finished: boolean }> = [];
  let moving = 0;
  for (const r of data.runners) {
    const trails = data.trails[r.key] ?? [];
    const active = activeTrail(trails, t);
    const at = active ? positionAt(active.trail, t) : null;
    const finished = Boolean(at?.ended && r.status === "stopped" && active === trails[trails.length - 1]);
    states.push({ active, at, finished });
    if (at && !finished) moving += 1;
    const paths: MapPath[] = [];
    for (const trail of trails) {
      const path = travelledPath(trail.trail, t, pathStepMs);
      if (path.length > 1) paths.push({ id: trail.id, path });
    }
    markers.push({
      key: r.key,
      label: label(r),
      text: markerText(r),
      color: r.color,
      position: at ? [at.lat, at.lon] : null,
      paths,
      ghosts: ghostsOf(trails),
      stale: false,
      finished,
    });
  }
  const row = (i: number): RunnerRow | null => {
    const r = data.runners[i];
    const s = states[i];
    if (!r || !s) return null;
    const { active, at, finished } = s;
    const first = active?.trail[0]?.[2];
    const last = active?.trail[active.trail.length - 1]?.[2];
    const meters = active ? distanceAt(active, t) : 0;
    const seconds = first !== undefined && last !== undefined ? (Math.min(t, last) - first) / 1000 : null;
    return {
      key: r.key,
      name: r.name,
      bib: r.bib,
      text: markerText(r),
      color: r.color,
      status: !at ? "not_started" : finished ? "stopped" : "running",
      stale: false,
      distance: formatDistance(meters, locale),
      pace: formatPace(seconds && meters > 50 ? seconds / (meters / 1000) : null),
      detail: seconds === null ? null : fmt(elapsedLabel, { time: formatDuration(seconds) }),
      hasPosition: at !== null,
    };
  };
  return {
    markers,
    rows: { count: data.runners.length, onCourse: moving, keys: data.runners.map((r) => r.key), row },
  };
}

/** The whole routes, faint under the replay: the same arrays on every frame. */
const ghostCache = new WeakMap<ReplayTrail[], MapPath[]>();
function ghostsOf(trails: ReplayTrail[]): MapPath[] {
  let ghosts = ghostCache.get(trails);
  if (!ghosts) {
    ghosts = trails.map((trail) => ({ id: trail.id, path: latLons(trail.trail) }));
    ghostCache.set(trails, ghosts);
  }
  return ghosts;
}
