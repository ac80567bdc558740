"use client";
import L from "leaflet";
import { useEffect, useRef, useState } from "react";
import { useMap } from "react-leaflet";
import type { LatLon } from "~/app/_components/map/types";
import type { LiveMapRunner, MapPath } from "./live-map";
import { extendLine } from "./trail-line";
import { type DotLook, type RunnerDot, runnerDot, sameLook, setLook } from "./runner-dot";

/** The Leaflet pane of the runners' discs (its element has the class `leaflet-runners-pane`). */
export const RUNNERS_PANE = "runners";

/** The live map's runners and trails, kept in Leaflet layers by hand (see RunnerLayers). */

interface LineEntry {
  line: L.Polyline;
  src: LatLon[];
  style: string;
  setAt: number;
}
interface RunnerEntry {
  dot: RunnerDot | null;
  /** The runner as last drawn, and whether it was selected and others dimmed then: unchanged, skipped. */
  drawn: LiveMapRunner | null;
  selected: boolean;
  dimmed: boolean;
  /** A trail's reset was put off (see syncLines): come back even if nothing else changed. */
  pending: boolean;
  pinned: boolean | null;
  /** Where the disc was last put in the canvas's drawing order (a new disc is drawn over the others). */
  layer: "front" | "middle" | "back";
  label: string;
  paths: Map<string, LineEntry>;
  ghosts: Map<string, LineEntry>;
}

/** A replay moves every path each frame: a path that is not simply extended is reset at most this often. */
const RESET_MIN_MS = 250;

const sameLatLon = (a: LatLon | undefined, b: LatLon | undefined) =>
  a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1];

/**
 * Brings one runner's lines (trails or ghosts) to `paths` without redrawing what did not change: a trail that
 * grew has only its new segments drawn (trail-line.ts), a changed style is set once, an unchanged line is left alone.
 * Returns whether a reset was put off (a replay frame): the caller comes back for it.
 */
function syncLines(
  map: L.Map,
  lines: Map<string, LineEntry>,
  paths: MapPath[],
  renderer: L.Renderer,
  options: L.PolylineOptions,
  style: string,
  now: number,
): boolean {
  let deferred = false;
  for (const p of paths) {
    const entry = lines.get(p.id);
    if (!entry) {
      const line = L.polyline(p.path, { ...options, renderer, interactive: false }).addTo(map);
      lines.set(p.id, { line, src: p.path, style, setAt: now });
      continue;
    }
    if (entry.src !== p.path) {
      const old = entry.src;
      const extended =
        old.length > 0 &&
        p.path.length > old.length &&
        sameLatLon(old[0], p.path[0]) &&
        sameLatLon(old[old.length - 1], p.path[old.length - 1]);
      if (extended) {
        extendLine(entry.line, p.path, old.length);
        entry.src = p.path;
      } else if (now - entry.setAt >= RESET_MIN_MS) {
        entry.line.setLatLngs(p.path);
        entry.src = p.path;
        entry.setAt = now;
      } else deferred = true;
    }
    if (entry.style !== style) {
      entry.line.setStyle(options);
      entry.style = style;
    }
  }
  // Every path has its line now: only if there are more lines than paths is one of them gone.
  if (lines.size === paths.length) return deferred;
  const wanted = new Set(paths.map((p) => p.id));
  for (const [id, entry] of lines) {
    if (wanted.has(id)) continue;
    entry.line.remove();
    lines.delete(id);
  }
  return deferred;
}

/**
 * Markers and trails drawn imperatively: React reconciling 1,000 markers and 2,000 polylines on every update
 * (and react-leaflet setting each line's style again whenever its options object is new) was most of the
 * live page's time. Everything is on canvases, in three layers: replay ghosts, trails, and the runners'
 * discs on top (runner-dot.ts), so a moving runner redraws the discs' and the trails' canvases, never the
 * ghosts'. A runner whose object, selection and dimming are those last drawn is passed over.
 */
export function RunnerLayers({
  runners,
  selectedKey,
  onSelect,
}: {
  runners: LiveMapRunner[];
  selectedKey: string | null;
  onSelect: (key: string) => void;
}) {
  const map = useMap();
  const select = useRef(onSelect);
  select.current = onSelect;
  const store = useRef<{
    ghosts: L.Renderer;
    trails: L.Renderer;
    dots: L.Renderer;
    byKey: Map<string, RunnerEntry>;
  } | null>(null);
  const [retry, setRetry] = useState(0);
  useEffect(() => {
    // Above the trails and below the tooltips; its canvas is what the e2e tests read the discs from.
    if (!map.getPane(RUNNERS_PANE)) {
      const pane = map.createPane(RUNNERS_PANE);
      pane.style.zIndex = "610";
    }
    const layers = {
      ghosts: L.canvas({ padding: 0.3 }).addTo(map),
      trails: L.canvas({ padding: 0.3 }).addTo(map),
      dots: L.canvas({ padding: 0.3, pane: RUNNERS_PANE, tolerance: 4 }).addTo(map),
      byKey: new Map<string, RunnerEntry>(),
    };
    store.current = layers;
    return () => {
      for (const e of layers.byKey.values()) {
        e.dot?.remove();
        for (const l of [...e.paths.values(), ...e.ghosts.values()]) l.line.remove();
      }
      layers.ghosts.remove();
      layers.trails.remove();
      layers.dots.remove();
      store.current = null;
    };
  }, [map]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `retry` comes back for resets put off
  useEffect(() => {
    const layers = store.current;
    if (!layers) return;
    const now = performance.now();
    const dimmed = selectedKey !== null && runners.some((r) => r.key === selectedKey);
    let deferred = false;
    const seen = new Set<string>();
    for (const r of runners) {
      seen.add(r.key);
      let e = layers.byKey.get(r.key);
      if (!e) {
        e = {
          dot: null,
          drawn: null,
          selected: false,
          dimmed: false,
          pending: false,
          pinned: null,
          layer: "middle",
          label: "",
          paths: new Map(),
          ghosts: new Map(),
        };
        layers.byKey.set(r.key, e);
      }
      const isSelected = r.key === selectedKey;
      if (e.drawn === r && e.selected === isSelected && e.dimmed === dimmed && e.pending === false) continue;
      const trailOptions: L.PolylineOptions = {
        color: r.stale ? "#8a949e" : r.color,
        weight: isSelected ? 6 : 4,
        opacity: dimmed && !isSelected ? 0.35 : 0.9,
        lineJoin: "round",
        lineCap: "round",
      };
      const trailStyle = `${trailOptions.color}|${trailOptions.weight}|${trailOptions.opacity}`;
      const ghostOptions: L.PolylineOptions = { color: r.color, weight: 3, opacity: 0.22, lineJoin: "round" };
      let late = syncLines(map, e.ghosts, r.ghosts ?? [], layers.ghosts, ghostOptions, r.color, now);
      late = syncLines(map, e.paths, r.paths, layers.trails, trailOptions, trailStyle, now) || late;
      deferred = deferred || late;
      e.drawn = r;
      e.selected = isSelected;
      e.dimmed = dimmed;
      e.pending = late;
      if (!r.position) {
        e.dot?.remove();
        e.dot = null;
        continue;
      }
      const look: DotLook = {
        text: r.text,
        color: r.color,
        stale: r.stale,
        finished: r.finished,
        selected: isSelected,
      };
      if (!e.dot) {
        const key = r.key;
        e.dot = runnerDot(r.position, look, layers.dots)
          .on("click", () => select.current(key))
          .addTo(map) as RunnerDot;
        e.pinned = null;
        e.layer = "middle";
      } else {
        const at = e.dot.getLatLng();
        if (at.lat !== r.position[0] || at.lng !== r.position[1]) e.dot.setLatLng(r.position);
        if (!sameLook(e.dot.look, look)) setLook(e.dot, look);
      }
      // The followed runner on top; those who stopped or went silent under everyone still moving. Only when
      // that changes: each call asks the canvas for a redraw, and a replay frame moves every runner.
      const layer = isSelected ? "front" : r.stale || r.finished ? "back" : "middle";
      if (layer !== e.layer) {
        if (layer === "front") e.dot.bringToFront();
        else if (layer === "back") e.dot.bringToBack();
        e.layer = layer;
      }
      if (e.pinned !== isSelected || e.label !== r.label) {
        e.dot
          .unbindTooltip()
          .bindTooltip(r.label, { direction: "top", permanent: isSelected, offset: [0, -12] });
        e.pinned = isSelected;
        e.label = r.label;
      }
    }
    for (const [key, e] of layers.byKey) {
      if (seen.has(key)) continue;
      e.dot?.remove();
      for (const l of [...e.paths.values(), ...e.ghosts.values()]) l.line.remove();
      layers.byKey.delete(key);
    }
    if (!deferred) return;
    const timer = setTimeout(() => setRetry((n) => n + 1), RESET_MIN_MS);
    return () => clearTimeout(timer);
  }, [map, runners, selectedKey, retry]);
  return null;
}
