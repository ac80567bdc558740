import { type RefObject, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Dictionary } from "~/lib/i18n";
import { isStale, type Runner, runnerIndex } from "~/lib/live/runners";
import type { LiveState } from "~/lib/live/state";
import { liveMarkers, liveRows, type RowSource, replayFrame } from "./frames";
import type { LiveMapRunner } from "./live-map";
import type { ReplayLoad } from "./use-replay";

/** A replay's travelled trails move on about twice a second of wall time, whatever the speed (frames.ts). */
const PATH_STEP_WALL_MS = 500;

/** The live page's state hooks; the markup is in live-view.tsx, live-bar.tsx and live-side.tsx. */

/** The clock of the "ago" labels and of staleness: null on the server and before the first tick. */
export function useNow(intervalMs: number): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const id = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs]);
  return now;
}

/**
 * The runners, the map's markers and the list's rows: live, or the replay's frame while it is ready. The
 * rows are formatted on demand (only those in view are); a runner whose marker did not change keeps its
 * object, so the map passes over it.
 */
export function useLiveFrame(
  state: LiveState,
  load: ReplayLoad,
  replayTime: number,
  replaySpeed: number,
  now: number | null,
  t: Dictionary,
): { list: Runner[]; replayReady: boolean; markers: LiveMapRunner[]; rows: RowSource } {
  // Kept between updates: only the runners whose tracks changed are rebuilt and re-placed (runners.ts).
  const index = useRef<ReturnType<typeof runnerIndex> | null>(null);
  index.current ??= runnerIndex();
  const update = index.current;
  const list = useMemo(() => update(state), [update, state]);
  const stale = useMemo(
    () => new Set(now === null ? [] : list.filter((r) => isStale(r, state, now)).map((r) => r.key)),
    [list, state, now],
  );
  const staleKey = [...stale].join("|");

  const previous = useRef(new Map<string, LiveMapRunner>());
  // biome-ignore lint/correctness/useExhaustiveDependencies: staleKey stands for `stale`, so a tick that changes nothing does not redraw the map
  const markers = useMemo((): LiveMapRunner[] => {
    const out = liveMarkers(list, stale, previous.current);
    previous.current = new Map(out.map((m) => [m.key, m]));
    return out;
  }, [list, staleKey]);
  const rows = useMemo(() => liveRows(list, state, now, stale, t), [list, state, now, stale, t]);
  const frame = useMemo(
    () =>
      load.status === "ready"
        ? replayFrame(load.data, replayTime, t.locale, t.live.elapsed, replaySpeed * PATH_STEP_WALL_MS)
        : null,
    [load, replayTime, replaySpeed, t.locale, t.live.elapsed],
  );
  return {
    list,
    replayReady: frame !== null,
    markers: frame ? frame.markers : markers,
    rows: frame ? frame.rows : rows,
  };
}

/**
 * The map's "fit everyone" counter: bumped when positions (or the replay's trails) first appear and when
 * the mode changes; later the spectator's own pan and zoom are kept.
 */
export function useFitNonce(markers: LiveMapRunner[], replayReady: boolean): [number, () => void] {
  const [fitNonce, setFitNonce] = useState(0);
  const hasPositions = markers.some((m) => m.position !== null || (m.ghosts?.length ?? 0) > 0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: refit when positions first appear and when the mode changes
  useEffect(() => {
    if (hasPositions) setFitNonce((n) => n + 1);
  }, [hasPositions, replayReady]);
  const refit = useCallback(() => setFitNonce((n) => n + 1), []);
  return [fitNonce, refit];
}

/** The page fills the screen under the site header, whatever its height (`--live-top`). */
export function useHeaderOffset(page: RefObject<HTMLElement | null>) {
  useEffect(() => {
    const header = document.querySelector(".site-header");
    const set = () =>
      page.current?.style.setProperty("--live-top", `${header?.getBoundingClientRect().height ?? 0}px`);
    set();
    const observer = new ResizeObserver(set);
    if (header) observer.observe(header);
    return () => observer.disconnect();
  }, [page]);
}

/** The followed runner: a click toggles it and recentres the map (`focusNonce`); Escape lets go. */
export function useSelection(mapArea: RefObject<HTMLElement | null>) {
  const [selectedKey, setSelectedKey] = useState<string | null>(null);
  const [focusNonce, setFocusNonce] = useState(0);
  const select = useCallback(
    (key: string) => {
      setSelectedKey((current) => (current === key ? null : key));
      setFocusNonce((n) => n + 1);
      // On a phone the list is under the map: bring the map back into view.
      if (window.matchMedia("(max-width: 859px)").matches) {
        mapArea.current?.scrollIntoView({ behavior: "smooth", block: "start" });
      }
    },
    [mapArea],
  );
  const clear = useCallback(() => setSelectedKey(null), []);
  useEffect(() => {
    if (!selectedKey) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setSelectedKey(null);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [selectedKey]);
  return { selectedKey, focusNonce, select, clear };
}
