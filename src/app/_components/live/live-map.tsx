"use client";
import "leaflet/dist/leaflet.css";
import L from "leaflet";
import { memo, useEffect, useRef } from "react";
import { MapContainer, Marker, Polyline, TileLayer, Tooltip, useMap } from "react-leaflet";
import type { LatLon, TileConfig } from "~/app/_components/map/types";

/**
 * The live map: one marker per runner, trails, a highlighted runner the view follows. A sibling of the
 * dashboard's RunifyMap (same tiles, same marker look) with what live viewing needs on top: focus on a
 * runner, follow it, fit everyone on demand.
 */
export interface MapPath {
  id: string;
  path: LatLon[];
}

export interface LiveMapRunner {
  key: string;
  /** Tooltip and accessible name. */
  label: string;
  /** Inside the marker: a bib or initials. */
  text: string;
  color: string;
  position: LatLon | null;
  /** Drawn solid, one per track: the live trail, or the part travelled so far in a replay. */
  paths: MapPath[];
  /** Drawn faint under the paths: the whole route in a replay. */
  ghosts?: MapPath[];
  stale: boolean;
  finished: boolean;
}

export interface LiveMapProps {
  tiles: TileConfig | null;
  runners: LiveMapRunner[];
  selectedKey: string | null;
  /** Bumped to centre the map on the selected runner. */
  focusNonce: number;
  /** Bumped to fit every runner and trail in view. */
  fitNonce: number;
  onSelect: (key: string) => void;
  ariaLabel: string;
  /** The course's start and destination: the view before anyone has a position. */
  course?: LatLon[];
}

const FRANCE: LatLon = [46.6, 2.4];
const FOCUS_ZOOM = 16;

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

function everything(runners: LiveMapRunner[]): LatLon[] {
  return runners.flatMap((r) => [
    ...r.paths.flatMap((p) => p.path),
    ...(r.ghosts ?? []).flatMap((p) => p.path),
    ...(r.position ? [r.position] : []),
  ]);
}

function FitAll({ runners, nonce, course }: { runners: LiveMapRunner[]; nonce: number; course: LatLon[] }) {
  const map = useMap();
  // Only on request (and at mount): a spectator's own pan and zoom are never undone by updates.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runners are read when asked to fit, not followed
  useEffect(() => {
    const runnerPoints = everything(runners);
    const points = runnerPoints.length > 0 ? runnerPoints : course;
    if (points.length === 0) return;
    const bounds = L.latLngBounds(points);
    if (bounds.getNorthEast().equals(bounds.getSouthWest())) map.setView(bounds.getCenter(), FOCUS_ZOOM);
    else map.fitBounds(bounds, { padding: [36, 36], maxZoom: 17 });
  }, [map, nonce]);
  return null;
}

/** Centres on the selected runner when asked, then keeps it in view as it moves. */
function Follow({ position, nonce }: { position: LatLon | null; nonce: number }) {
  const map = useMap();
  const latest = useRef(position);
  latest.current = position;
  useEffect(() => {
    const at = latest.current;
    if (nonce > 0 && at) map.setView(at, Math.max(map.getZoom(), FOCUS_ZOOM));
  }, [map, nonce]);
  const lat = position?.[0];
  const lon = position?.[1];
  useEffect(() => {
    if (nonce === 0 || lat === undefined || lon === undefined) return;
    if (!map.getBounds().pad(-0.15).contains([lat, lon])) map.panTo([lat, lon]);
  }, [map, nonce, lat, lon]);
  return null;
}

function AutoResize() {
  const map = useMap();
  useEffect(() => {
    const observer = new ResizeObserver(() => map.invalidateSize());
    observer.observe(map.getContainer());
    return () => observer.disconnect();
  }, [map]);
  return null;
}

function LiveMap({
  tiles,
  runners,
  selectedKey,
  focusNonce,
  fitNonce,
  onSelect,
  ariaLabel,
  course = [],
}: LiveMapProps) {
  const selected = runners.find((r) => r.key === selectedKey) ?? null;
  const dimmed = selected !== null;
  return (
    <section className={`rfy-map live-map ${tiles ? "" : "rfy-map--blank"}`} aria-label={ariaLabel}>
      <MapContainer
        center={course[0] ?? FRANCE}
        zoom={course.length > 0 ? FOCUS_ZOOM : 5}
        scrollWheelZoom
        style={{ height: "100%", width: "100%" }}
      >
        {tiles && <TileLayer url={tiles.url} attribution={tiles.attribution} maxZoom={19} />}
        {runners.flatMap((r) =>
          (r.ghosts ?? []).map((ghost) => (
            <Polyline
              key={`ghost-${ghost.id}`}
              positions={ghost.path}
              pathOptions={{ color: r.color, weight: 3, opacity: 0.22, lineJoin: "round", lineCap: "round" }}
            />
          )),
        )}
        {runners.flatMap((r) =>
          r.paths.map((trail) => {
            const isSelected = r.key === selectedKey;
            return (
              <Polyline
                key={`path-${trail.id}`}
                positions={trail.path}
                pathOptions={{
                  color: r.stale ? "#8a949e" : r.color,
                  weight: isSelected ? 6 : 4,
                  opacity: dimmed && !isSelected ? 0.35 : 0.9,
                  lineJoin: "round",
                  lineCap: "round",
                }}
              />
            );
          }),
        )}
        {runners.map((r) => {
          if (!r.position) return null;
          const isSelected = r.key === selectedKey;
          return (
            <Marker
              key={r.key}
              position={r.position}
              icon={runnerIcon(r, isSelected)}
              title={r.label}
              alt={r.label}
              keyboard={false}
              zIndexOffset={isSelected ? 1000 : r.stale || r.finished ? -100 : 0}
              eventHandlers={{ click: () => onSelect(r.key) }}
            >
              <Tooltip key={isSelected ? "pinned" : "hover"} permanent={isSelected} direction="top">
                {r.label}
              </Tooltip>
            </Marker>
          );
        })}
        <FitAll runners={runners} nonce={fitNonce} course={course} />
        <Follow position={selected?.position ?? null} nonce={selected ? focusNonce : 0} />
        <AutoResize />
      </MapContainer>
    </section>
  );
}

export default memo(LiveMap);
