import type { TCourseResponse } from "~/server/api/schemas/race";

/** Shapes shared by the map components (dashboard track page, event form, live tracking). */

export type LatLon = [number, number];

/** The base map: a tile URL template (`{z}/{x}/{y}`, optional `{s}`) and its attribution. */
export interface TileConfig {
  url: string;
  attribution: string;
}

export interface MapTrack {
  id: string;
  /** Already simplified for display: a few thousand vertices at most. */
  path: LatLon[];
  color?: string;
  weight?: number;
  opacity?: number;
}

export type MarkerKind = "start" | "finish" | "current" | "hover" | "destination" | "runner";

export interface MapMarker {
  id: string;
  position: LatLon;
  kind: MarkerKind;
  /** Tooltip and accessible name. */
  label?: string;
  /** Short text inside a runner marker (a bib). */
  text?: string;
  color?: string;
}

export interface RunifyMapProps {
  tiles: TileConfig | null;
  tracks?: MapTrack[];
  markers?: MapMarker[];
  /**
   * The view is fitted to the tracks and markers when this key changes (and at mount): a live view keeps its
   * key while runners move, so the organiser's pan and zoom are not undone at every update.
   */
  fitKey?: string;
  /** Used when there is nothing to fit. */
  center?: LatLon;
  zoom?: number;
  onMapClick?: (position: LatLon) => void;
  /** A race's course, drawn under the tracks (with its distance markers and checkpoints) and fitted too. */
  course?: TCourseResponse | null;
  ariaLabel: string;
  className?: string;
  /** Zoom steps the fit may stop at (Leaflet's zoomSnap, default 1): a small map fills its box with 0.25. */
  zoomSnap?: number;
}
