"use client";
import "./live.css";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from "react";
import type { LatLon, TileConfig } from "~/app/_components/map/types";
import { formatAgo, formatDateTime, formatDistance, formatDuration, formatPace } from "~/lib/format";
import { fmt } from "~/lib/i18n";
import { useI18n } from "~/lib/i18n/client";
import { activeTrail, distanceAt, pathUntil, positionAt } from "~/lib/live/replay";
import { isStale, markerText, type Runner, runners, secondsSinceLast } from "~/lib/live/runners";
import { fromSnapshot, type LiveSnapshot, liveReducer, type WirePoint } from "~/lib/live/state";
import type { LiveMapProps, LiveMapRunner } from "./live-map";
import { ReplayBar } from "./replay-bar";
import { type RunnerRow, RunnerList } from "./runner-list";
import { useLiveStream } from "./use-live-stream";
import { type ReplayData, useReplay } from "./use-replay";

const LiveMap = dynamic<LiveMapProps>(() => import("./live-map"), {
  ssr: false,
  loading: () => <div className="rfy-map live-map rfy-map--loading" aria-busy="true" />,
});

const latLonCache = new WeakMap<WirePoint[], LatLon[]>();
/** Trails are immutable (the reducer replaces them): their map paths are computed once. */
function latLons(trail: WirePoint[]): LatLon[] {
  let path = latLonCache.get(trail);
  if (!path) {
    path = trail.map((p): LatLon => [p[0], p[1]]);
    latLonCache.set(trail, path);
  }
  return path;
}

function useNow(intervalMs: number): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

const label = (r: Pick<Runner, "bib" | "name">) => (r.bib ? `${r.bib} · ${r.name}` : r.name);

/** What the map and the list show of a replay at time `t`. */
function replayFrame(data: ReplayData, t: number, locale: string, elapsedLabel: string) {
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

/**
 * The spectators' page: every runner on the map and in the list, updated from the live stream as it
 * happens, and the replay of what has been run so far. Rendered with the snapshot the server read; the
 * stream then sends only what changed since.
 */
export function LiveView({
  initial,
  tiles,
  share,
}: {
  initial: LiveSnapshot;
  tiles: TileConfig | null;
  share: string | null;
}) {
  const { locale, t: common } = useI18n();
  const t = common.live;
  const [state, dispatch] = useReducer(liveReducer, initial, (s) => fromSnapshot(s, Date.now()));
  const status = useLiveStream(initial.event.id, share, initial.seq, dispatch);
  const replay = useReplay(initial.event.id, share);
  const replaying = replay.load.status !== "idle";
  const now = useNow(1000);
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [focusNonce, setFocusNonce] = useState(0);
  const [fitNonce, setFitNonce] = useState(0);
  const [listOpen, setListOpen] = useState(true);
  const mapArea = useRef<HTMLDivElement>(null);
  const page = useRef<HTMLElement>(null);

  const list = useMemo(() => runners(state), [state]);
  const stale = useMemo(
    () => new Set(now === null ? [] : list.filter((r) => isStale(r, state, now)).map((r) => r.key)),
    [list, state, now],
  );
  const staleKey = [...stale].join("|");

  // biome-ignore lint/correctness/useExhaustiveDependencies: staleKey stands for `stale`, so a tick that changes nothing does not redraw the map
  const liveMarkers = useMemo(
    (): LiveMapRunner[] =>
      list
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
        }),
    [list, staleKey],
  );

  const liveRows = useMemo(
    (): RunnerRow[] =>
      list.map((r) => {
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
          distance: formatDistance(track?.stats.distance_meters ?? (track ? 0 : null), common.locale),
          pace: formatPace(track?.stats.pace_sec_per_km),
          detail:
            since === null || r.status === "stopped" ? null : fmt(t.ago, { time: formatAgo(since, locale) }),
          hasPosition: Boolean(track?.last),
        };
      }),
    [list, state, now, stale, common.locale, t, locale],
  );

  const frame = useMemo(
    () =>
      replay.load.status === "ready"
        ? replayFrame(replay.load.data, replay.t, common.locale, t.elapsed)
        : null,
    [replay.load, replay.t, common.locale, t.elapsed],
  );
  const markers = frame ? frame.markers : liveMarkers;
  const rows = frame ? frame.rows : liveRows;

  // The first positions (or the replay's trails) are brought into view once; later the spectator's own
  // pan and zoom are kept.
  const hasPositions = markers.some((m) => m.position !== null || (m.ghosts?.length ?? 0) > 0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit when positions first appear and when the mode changes
  useEffect(() => {
    if (hasPositions) setFitNonce((n) => n + 1);
  }, [hasPositions, frame === null]);

  // The page fills the screen under the site header, whatever its height.
  useEffect(() => {
    const header = document.querySelector(".site-header");
    const set = () =>
      page.current?.style.setProperty("--live-top", `${header?.getBoundingClientRect().height ?? 0}px`);
    set();
    const observer = new ResizeObserver(set);
    if (header) observer.observe(header);
    return () => observer.disconnect();
  }, []);

  const select = useCallback((key: string) => {
    setSelectedKey((current) => (current === key ? null : key));
    setFocusNonce((n) => n + 1);
    // On a phone the list is under the map: bring the map back into view.
    if (window.matchMedia("(max-width: 859px)").matches) {
      mapArea.current?.scrollIntoView({ behavior: "smooth", block: "start" });
    }
  }, []);

  useEffect(() => {
    if (!selectedKey) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setSelectedKey(null);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [selectedKey]);

  const canReplay = list.some((r) => r.tracks.some((v) => v.trail.length > 1));
  const onCourse = rows.filter((r) => r.status === "running" || r.status === "paused").length;
  const selected = rows.find((r) => r.key === selectedKey) ?? null;
  const { event } = state;
  const statusLabel = {
    connecting: t.connecting,
    live: t.live,
    reconnecting: t.reconnecting,
    offline: t.offline,
  }[status];

  return (
    <main className="live-page" ref={page} data-mode={replaying ? "replay" : "live"}>
      <header className="live-bar">
        <div className="live-bar__title">
          <h1>{event.name}</h1>
          <p className="live-bar__meta">
            <span>{formatDateTime(event.starts_at, common.locale, event.timezone)}</span>
            {event.role === "spectator" && event.delay_sec > 0 && (
              <span>{fmt(t.delayed, { delay: formatAgo(event.delay_sec, locale) })}</span>
            )}
          </p>
        </div>
        <div className="live-bar__tools">
          {replaying ? (
            <span className="live-status live-status--replay">{t.replayMode}</span>
          ) : (
            <span
              className={`live-status live-status--${status}`}
              role="status"
              aria-label={`${t.connectionStatus} : ${statusLabel}`}
              data-testid="live-status"
              data-status={status}
            >
              {statusLabel}
            </span>
          )}
          {replaying ? (
            <button type="button" className="btn btn--small" onClick={replay.close}>
              {t.backToLive}
            </button>
          ) : (
            canReplay && (
              <button
                type="button"
                className="btn btn--small btn--primary"
                onClick={() => void replay.open()}
              >
                {t.replay}
              </button>
            )
          )}
        </div>
      </header>

      <div className="live-body">
        <div className="live-map-area" ref={mapArea}>
          <div className="live-map-wrap">
            <LiveMap
              tiles={tiles}
              runners={markers}
              selectedKey={selectedKey}
              focusNonce={focusNonce}
              fitNonce={fitNonce}
              onSelect={select}
              ariaLabel={fmt(t.mapLabel, { name: event.name })}
              course={[event.start, event.destination].filter((p): p is [number, number] => p !== null)}
            />
            <div className="live-map-tools">
              <button type="button" className="live-fab" onClick={() => setFitNonce((n) => n + 1)}>
                <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
                  <path
                    fill="none"
                    stroke="currentColor"
                    strokeWidth="2"
                    strokeLinecap="round"
                    d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5"
                  />
                </svg>
                <span>{t.fitAll}</span>
              </button>
            </div>
            {replay.load.status === "loading" && <p className="live-map-note">{t.replayLoading}</p>}
            {replay.load.status === "error" && (
              <p className="live-map-note live-map-note--error" role="alert">
                {t.replayError}
              </p>
            )}
            {replay.load.status === "empty" && <p className="live-map-note">{t.replayNothing}</p>}
          </div>
          {replay.load.status === "ready" && (
            <ReplayBar
              t={t}
              locale={common.locale}
              timezone={event.timezone}
              start={replay.load.data.start}
              end={replay.load.data.end}
              time={replay.t}
              playing={replay.playing}
              speed={replay.speed}
              onSeek={replay.seek}
              onTogglePlay={replay.togglePlay}
              onSpeed={replay.setSpeed}
            />
          )}
        </div>

        <aside className="live-side" aria-labelledby="live-list-title" data-open={listOpen}>
          <div className="live-side__head">
            <h2 id="live-list-title">
              {t.participants} <span className="count">{rows.length}</span>
            </h2>
            <span className="live-side__summary">{fmt(t.onCourse, { count: onCourse })}</span>
            <button
              type="button"
              className="btn btn--small live-side__toggle"
              aria-expanded={listOpen}
              aria-controls="live-list-body"
              aria-label={listOpen ? t.hideList : t.showList}
              onClick={() => setListOpen((o) => !o)}
            >
              {listOpen ? t.hide : t.show}
            </button>
          </div>
          {selected && (
            <div className="live-side__focus" role="status">
              <span>{fmt(t.focused, { name: selected.name })}</span>
              <button
                type="button"
                className="btn btn--small btn--ghost"
                onClick={() => setSelectedKey(null)}
              >
                {t.clearFocus}
              </button>
            </div>
          )}
          <div className="live-side__body" id="live-list-body">
            <RunnerList rows={rows} selectedKey={selectedKey} onSelect={select} t={t} />
          </div>
        </aside>
      </div>
    </main>
  );
}
