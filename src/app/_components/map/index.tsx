"use client";
import dynamic from "next/dynamic";
import type { RunifyMapProps } from "./types";

export type { LatLon, MapMarker, MapTrack, MarkerKind, RunifyMapProps, TileConfig } from "./types";

/** Leaflet touches `window`: the map is rendered in the browser only. */
export const RunifyMap = dynamic<RunifyMapProps>(() => import("./leaflet-map"), {
  ssr: false,
  loading: () => <div className="rfy-map rfy-map--loading" aria-busy="true" />,
});
