"use client";
import L from "leaflet";
import { useEffect, useRef, useState } from "react";
import { useMap } from "react-leaflet";
import type { LatLon } from "~/app/_components/map/types";
import type { LiveMapRunner, MapPath } from "./live-map";

/** The live map's runners and trails, kept in Leaflet layers by hand (see RunnerLayers). */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const icons = new Map<string, L.DivIcon>();
function runnerIcon(r: LiveMapRunner, selected: boolean): L.DivIcon {
  const key = `${r.key}|${r.text}|${r.color}|${selected}|${r.stale}|${r.finished}`;
  const cached = icons.get(key);
  if (cached) return cached;
  const modifiers = [
    selected && "live-marker--selected",
    r.stale && "live-marker--stale",
    r.finished && "live-marker--finished",
  ]
    .filter(Boolean)
    .join(" ");
  const icon = L.divIcon({
    className: `rfy-marker rfy-marker--runner live-marker ${modifiers}`,
    html: `<span class="rfy-runner" style="background:${r.color}" data-runner="${escapeHtml(r.key)}">${escapeHtml(r.text)}</span>`,
    iconSize: [28, 28],
    iconAnchor: [14, 14],
    tooltipAnchor: [0, -16],
  });
  icons.set(key, icon);
  return icon;
}

interface LineEntry {
  line: L.Polyline;
  src: LatLon[];
  style: string;
  setAt: number;
}
interface RunnerEntry {
  marker: L.Marker | null;
  icon: L.DivIcon | null;
  zIndex: number;
  pinned: boolean | null;
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
 * grew is extended point by point (addLatLng), a changed style is set once, an unchanged line is left alone.
 * Returns whether a reset was put off (a replay frame): the caller comes back for it.
 */
function syncLines(
  map: L.Map,
  lines: Map<string, LineEntry>,
  paths: MapPath[],
  renderer: L.Renderer,
  options: L.PolylineOptions,
  now: number,
): boolean {
  let deferred = false;
  const style = JSON.stringify(options);
  const wanted = new Set<string>();
  for (const p of paths) {
    wanted.add(p.id);
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
        for (let i = old.length; i < p.path.length; i++) {
          const at = p.path[i];
          if (at) entry.line.addLatLng(at);
        }
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
 * live page's time. Trails and replay ghosts are on two canvases (a moving runner redraws its trail's
 * canvas, never the ghosts'); markers stay DOM elements with the bib inside (readable, and moved by a
 * transform), touched only when their position or look changed.
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
  const store = useRef<{ ghosts: L.Renderer; trails: L.Renderer; byKey: Map<string, RunnerEntry> } | null>(
    null,
  );
  const [retry, setRetry] = useState(0);
  useEffect(() => {
    const layers = {
      ghosts: L.canvas({ padding: 0.3 }).addTo(map),
      trails: L.canvas({ padding: 0.3 }).addTo(map),
      byKey: new Map<string, RunnerEntry>(),
    };
    store.current = layers;
    return () => {
      for (const e of layers.byKey.values()) {
        e.marker?.remove();
        for (const l of [...e.paths.values(), ...e.ghosts.values()]) l.line.remove();
      }
      layers.ghosts.remove();
      layers.trails.remove();
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
          marker: null,
          icon: null,
          zIndex: 0,
          pinned: null,
          label: "",
          paths: new Map(),
          ghosts: new Map(),
        };
        layers.byKey.set(r.key, e);
      }
      const isSelected = r.key === selectedKey;
      const trailOptions: L.PolylineOptions = {
        color: r.stale ? "#8a949e" : r.color,
        weight: isSelected ? 6 : 4,
        opacity: dimmed && !isSelected ? 0.35 : 0.9,
        lineJoin: "round",
        lineCap: "round",
      };
      const ghostOptions: L.PolylineOptions = { color: r.color, weight: 3, opacity: 0.22, lineJoin: "round" };
      deferred = syncLines(map, e.ghosts, r.ghosts ?? [], layers.ghosts, ghostOptions, now) || deferred;
      deferred = syncLines(map, e.paths, r.paths, layers.trails, trailOptions, now) || deferred;
      if (!r.position) {
        e.marker?.remove();
        e.marker = null;
        continue;
      }
      const icon = runnerIcon(r, isSelected);
      const zIndex = isSelected ? 1000 : r.stale || r.finished ? -100 : 0;
      if (!e.marker) {
        const key = r.key;
        e.marker = L.marker(r.position, {
          icon,
          title: r.label,
          alt: r.label,
          keyboard: false,
          zIndexOffset: zIndex,
        })
          .on("click", () => select.current(key))
          .addTo(map);
        e.icon = icon;
        e.zIndex = zIndex;
        e.pinned = null;
      } else {
        const at = e.marker.getLatLng();
        if (at.lat !== r.position[0] || at.lng !== r.position[1]) e.marker.setLatLng(r.position);
        if (e.icon !== icon) {
          e.marker.setIcon(icon);
          e.icon = icon;
        }
        if (e.zIndex !== zIndex) {
          e.marker.setZIndexOffset(zIndex);
          e.zIndex = zIndex;
        }
      }
      if (e.pinned !== isSelected || e.label !== r.label) {
        e.marker.unbindTooltip().bindTooltip(r.label, { direction: "top", permanent: isSelected });
        e.pinned = isSelected;
        e.label = r.label;
      }
    }
    for (const [key, e] of layers.byKey) {
      if (seen.has(key)) continue;
      e.marker?.remove();
      for (const l of [...e.paths.values(), ...e.ghosts.values()]) l.line.remove();
      layers.byKey.delete(key);
    }
    if (!deferred) return;
    const timer = setTimeout(() => setRetry((n) => n + 1), RESET_MIN_MS);
    return () => clearTimeout(timer);
  }, [map, runners, selectedKey, retry]);
  return null;
}
