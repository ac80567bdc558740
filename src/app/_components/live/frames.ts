import type { LatLon } from "~/app/_components/map/types";
import { formatAgo, formatDistance, formatDuration, formatPace, formatPaceOrSpeed } from "~/lib/format";
import { type Dictionary, fmt } from "~/lib/i18n";
import { activeTrail, distanceAt, pathUntil, positionAt } from "~/lib/live/replay";
import { markerText, type Runner, secondsSinceLast } from "~/lib/live/runners";
import type { LiveState, WirePoint } from "~/lib/live/state";
import type { LiveMapRunner } from "./live-map";
import type { RunnerRow } from "./runner-list";
import type { ReplayData } from "./use-replay";

/**
 * What the map and the list show, as plain functions of the live state (or of a replay at time `t`):
 * the view only memoises them (use-live-frame.ts).
 */

const latLonCache = new WeakMap<WirePoint[], LatLon[]>();
/** Trails are immutable (the reducer replaces them): their map paths are computed once. */
export function latLons(trail: WirePoint[]): LatLon[] {
  let path = latLonCache.get(trail);
  if (!path) {
    path = trail.map((p): LatLon => [p[0], p[1]]);
    latLonCache.set(trail, path);
  }
  return path;
}

const label = (r: Pick<Runner, "bib" | "name">) => (r.bib ? `${r.bib} · ${r.name}` : r.name);

/** The live map's markers and trails: runners with at least one track. */
export function liveMarkers(list: Runner[], stale: Set<string>): LiveMapRunner[] {
  return list
    .filter((r) => r.tracks.length > 0)
    .map((r) => {
      const last = r.track?.track.last;
      return {
        key: r.key,
        label: label(r),
        text: markerText(r),
        color: r.color,
        position: last ? [last[0], last[1]] : null,
        paths: r.tracks
          .filter((v) => v.trail.length > 1)
          .map((v) => ({ id: v.track.id, path: latLons(v.trail) })),
        stale: stale.has(r.key),
        finished: r.status === "stopped",
      };
    });
}

/** The live list's rows; `now` is null before the first tick (server render: no "ago"). */
export function liveRows(
  list: Runner[],
  state: LiveState,
  now: number | null,
  stale: Set<string>,
  t: Dictionary,
): RunnerRow[] {
  return list.map((r) => {
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
        since === null || r.status === "stopped"
          ? null
          : fmt(t.live.ago, { time: formatAgo(since, t.locale) }),
      hasPosition: Boolean(track?.last),
    };
  });
}

/** What the map and the list show of a replay at time `t`. */
export function replayFrame(data: ReplayData, t: number, locale: string, elapsedLabel: string) {
  const markers: LiveMapRunner[] = [];
  const rows: RunnerRow[] = [];
  for (const r of data.runners) {
    const trails = data.trails[r.key] ?? [];
    const active = activeTrail(trails, t);
    const at = active ? positionAt(active.trail, t) : null;
    const finished = Boolean(at?.ended && r.status === "stopped" && active === trails[trails.length - 1]);
    markers.push({
      key: r.key,
      label: label(r),
      text: markerText(r),
      color: r.color,
      position: at ? [at.lat, at.lon] : null,
      paths: trails
        .map((trail) => ({ id: trail.id, path: pathUntil(trail.trail, t) }))
        .filter((p) => p.path.length > 1),
      ghosts: trails.map((trail) => ({ id: trail.id, path: latLons(trail.trail) })),
      stale: false,
      finished,
    });
    const first = active?.trail[0]?.[2];
    const last = active?.trail[active.trail.length - 1]?.[2];
    const meters = active ? distanceAt(active, t) : 0;
    const seconds = first !== undefined && last !== undefined ? (Math.min(t, last) - first) / 1000 : null;
    rows.push({
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
    });
  }
  return { markers, rows };
}
