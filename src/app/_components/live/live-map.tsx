"use client";
import "leaflet/dist/leaflet.css";
import L from "leaflet";
import { memo, useEffect, useRef } from "react";
import { MapContainer, TileLayer, useMap } from "react-leaflet";
import { CourseLayer } from "~/app/_components/map/course-layer";
import type { LatLon, TileConfig } from "~/app/_components/map/types";
import type { TCourseResponse } from "~/server/api/schemas/race";
import { RunnerLayers } from "./runner-layers";

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
  /** The event's races' courses, drawn under the runners (and part of "fit all": the whole course shows). */
  courses?: TCourseResponse[];
}

const FRANCE: LatLon = [46.6, 2.4];
const FOCUS_ZOOM = 16;

function everything(runners: LiveMapRunner[]): LatLon[] {
  return runners.flatMap((r) => [
    ...r.paths.flatMap((p) => p.path),
    ...(r.ghosts ?? []).flatMap((p) => p.path),
    ...(r.position ? [r.position] : []),
  ]);
}

function FitAll({
  runners,
  nonce,
  course,
  lines,
}: {
  runners: LiveMapRunner[];
  nonce: number;
  course: LatLon[];
  lines: TCourseResponse[];
}) {
  const map = useMap();
  // Only on request (and at mount): a spectator's own pan and zoom are never undone by updates.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runners are read when asked to fit, not followed
  useEffect(() => {
    const runnerPoints = [...everything(runners), ...lines.flatMap((c) => c.line)];
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
  courses = [],
}: LiveMapProps) {
  const selected = runners.find((r) => r.key === selectedKey) ?? null;
  return (
    <section className={`rfy-map live-map ${tiles ? "" : "rfy-map--blank"}`} aria-label={ariaLabel}>
      <MapContainer
        center={course[0] ?? FRANCE}
        zoom={course.length > 0 ? FOCUS_ZOOM : 5}
        scrollWheelZoom
        style={{ height: "100%", width: "100%" }}
      >
        {tiles && <TileLayer url={tiles.url} attribution={tiles.attribution} maxZoom={19} />}
        {courses.map((c) => (
          <CourseLayer key={c.race_id} course={c} />
        ))}
        <RunnerLayers runners={runners} selectedKey={selectedKey} onSelect={onSelect} />
        <FitAll runners={runners} nonce={fitNonce} course={course} lines={courses} />
        <Follow position={selected?.position ?? null} nonce={selected ? focusNonce : 0} />
        <AutoResize />
      </MapContainer>
    </section>
  );
}

export default memo(LiveMap);
