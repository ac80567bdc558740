"use client";
import "leaflet/dist/leaflet.css";
import L from "leaflet";
import { useEffect } from "react";
import { MapContainer, Marker, Polyline, TileLayer, Tooltip, useMap, useMapEvents } from "react-leaflet";
import type { TCourseResponse } from "~/server/api/schemas/race";
import { CourseLayer } from "./course-layer";
import { markerIcon } from "./markers";
import type { LatLon, MapMarker, MapTrack, RunifyMapProps } from "./types";

const TRACK_COLOR = "#e4572e";
const FRANCE: LatLon = [46.6, 2.4];

function FitView({
  tracks,
  markers,
  fitKey,
  course,
}: {
  tracks: MapTrack[];
  markers: MapMarker[];
  fitKey: string;
  course: TCourseResponse | null;
}) {
  const map = useMap();
  // Refit only when the key changes: see RunifyMapProps.fitKey.
  // biome-ignore lint/correctness/useExhaustiveDependencies: tracks and markers are read at fit time only
  useEffect(() => {
    const points: LatLon[] = [
      ...tracks.flatMap((t) => t.path),
      ...markers.filter((m) => m.kind !== "hover").map((m) => m.position),
      ...(course?.line ?? []),
    ];
    if (points.length === 0) return;
    const bounds = L.latLngBounds(points);
    if (points.length === 1 || bounds.getNorthEast().equals(bounds.getSouthWest())) {
      map.setView(bounds.getCenter(), Math.max(map.getZoom(), 14));
    } else {
      map.fitBounds(bounds, { padding: [28, 28], maxZoom: 17 });
    }
  }, [map, fitKey]);
  return null;
}

function ClickHandler({ onClick }: { onClick: (p: LatLon) => void }) {
  useMapEvents({ click: (e) => onClick([e.latlng.lat, e.latlng.lng]) });
  return null;
}

/** Keeps Leaflet's size right when the container is resized (tabs, responsive layout). */
function AutoResize() {
  const map = useMap();
  useEffect(() => {
    const container = map.getContainer();
    const observer = new ResizeObserver(() => map.invalidateSize());
    observer.observe(container);
    return () => observer.disconnect();
  }, [map]);
  return null;
}

/**
 * The Runify map: tracks as polylines, markers as SVG icons, an optional base layer. Without a tile URL the
 * background is plain and everything else still works (offline installs, tests).
 */
export default function LeafletMap({
  tiles,
  tracks = [],
  markers = [],
  fitKey = "initial",
  center = FRANCE,
  zoom = 5,
  onMapClick,
  ariaLabel,
  className,
  course = null,
  zoomSnap = 1,
}: RunifyMapProps) {
  return (
    <section
      className={`rfy-map ${tiles ? "" : "rfy-map--blank"} ${onMapClick ? "rfy-map--pick" : ""} ${className ?? ""}`}
      aria-label={ariaLabel}
    >
      <MapContainer
        center={center}
        zoom={zoom}
        scrollWheelZoom={false}
        zoomSnap={zoomSnap}
        style={{ height: "100%", width: "100%" }}
      >
        {tiles && <TileLayer url={tiles.url} attribution={tiles.attribution} maxZoom={19} />}
        {course && <CourseLayer course={course} />}
        {tracks.map((track) => (
          <Polyline
            key={track.id}
            positions={track.path}
            pathOptions={{
              color: track.color ?? TRACK_COLOR,
              weight: track.weight ?? 4,
              opacity: track.opacity ?? 0.9,
              lineJoin: "round",
              lineCap: "round",
            }}
          />
        ))}
        {markers.map((m) => (
          <Marker
            key={m.id}
            position={m.position}
            icon={markerIcon(m.kind, { color: m.color, text: m.text })}
            title={m.label}
            alt={m.label}
            keyboard={m.kind !== "hover"}
            zIndexOffset={m.kind === "hover" ? 1000 : m.kind === "current" ? 500 : 0}
          >
            {m.label && m.kind !== "hover" && <Tooltip>{m.label}</Tooltip>}
          </Marker>
        ))}
        <FitView tracks={tracks} markers={markers} fitKey={fitKey} course={course} />
        {onMapClick && <ClickHandler onClick={onMapClick} />}
        <AutoResize />
      </MapContainer>
    </section>
  );
}
