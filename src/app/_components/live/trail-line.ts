"use client";
import L from "leaflet";
import type { LatLon } from "~/app/_components/map/types";

/**
 * A trail that grew, drawn as its new segments only. Leaflet's canvas renderer answers any change to a line
 * by clearing the box around it and redrawing every line that crosses that box: with 1,000 runners spread
 * along a course, a frame's hundred extended trails cover the whole map, so each update redrew all 1,000
 * trails (≈ 180,000 segments). Here the line's points are updated as Leaflet keeps them (so its next full
 * redraw — a pan, a zoom, a style change — draws it whole) and only the segments from its former end are
 * stroked onto the canvas, over what is already there.
 */

/** What Leaflet keeps on a polyline and its canvas renderer (not in its type definitions). */
interface LineInternals {
  _map: L.Map | null;
  _latlngs: L.LatLng[];
  _bounds: L.LatLngBounds;
  _rings?: L.Point[][];
  /** The projected points' bounds, before the click tolerance is added (`_pxBounds`). */
  _rawPxBounds?: L.Bounds;
  _renderer: { _ctx?: CanvasRenderingContext2D; _drawing?: boolean };
  _updateBounds(): void;
  _update(): void;
}
interface MapInternals {
  _animatingZoom?: boolean;
}

export function extendLine(line: L.Polyline, path: LatLon[], from: number) {
  const internals = line as unknown as LineInternals;
  const map = internals._map;
  const ctx = internals._renderer._ctx;
  const ring = internals._rings?.[0];
  const raw = internals._rawPxBounds;
  if (
    !map ||
    !ctx ||
    (map as unknown as MapInternals)._animatingZoom ||
    from < 1 ||
    !ring ||
    !raw ||
    ring.length !== from
  ) {
    // Off the map, mid-zoom (the canvas is being scaled), nothing to join to or not projected as it is (never
    // drawn yet): Leaflet's own way.
    for (let i = from; i < path.length; i++) {
      const at = path[i];
      if (at) line.addLatLng(at);
    }
    return;
  }
  // Only the new points are projected (projecting the whole trail again, 1,000 points, for each batch was
  // most of the map's share of an update); then clipped again as the renderer would, without asking it to
  // redraw (outside one of its redraws, `_update` draws nothing). A zoom projects everything afresh.
  for (let i = from; i < path.length; i++) {
    const at = path[i];
    if (!at) continue;
    const ll = L.latLng(at[0], at[1]);
    internals._latlngs.push(ll);
    internals._bounds.extend(ll);
    const point = map.latLngToLayerPoint(ll);
    ring.push(point);
    raw.extend(point);
  }
  internals._updateBounds();
  internals._update();
  const start = ring[from - 1];
  if (!start) return;
  const { color, weight, opacity, lineCap, lineJoin } = line.options;
  ctx.save();
  ctx.globalAlpha = opacity ?? 1;
  ctx.strokeStyle = color ?? "#3388ff";
  ctx.lineWidth = weight ?? 3;
  ctx.lineCap = lineCap === "butt" || lineCap === "square" ? lineCap : "round";
  ctx.lineJoin = lineJoin === "bevel" || lineJoin === "miter" ? lineJoin : "round";
  ctx.beginPath();
  ctx.moveTo(start.x, start.y);
  for (let i = from; i < ring.length; i++) {
    const p = ring[i];
    if (p) ctx.lineTo(p.x, p.y);
  }
  ctx.stroke();
  ctx.restore();
}
