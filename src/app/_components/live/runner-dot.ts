"use client";
import L from "leaflet";
import type { LatLon } from "~/app/_components/map/types";

/**
 * A runner's marker drawn on a canvas: a disc in the runner's colour with the bib (or initials) in white, as
 * the list's chip shows it. 1,000 DOM markers (an element each, moved by a transform, restyled and composited
 * on every update) were most of the live page's rendering time; on one canvas a batch of moves is one redraw.
 * The canvas renderer still gives clicks and hover tooltips (Leaflet hit-tests its layers).
 */
export interface DotLook {
  text: string;
  color: string;
  stale: boolean;
  finished: boolean;
  selected: boolean;
}

const STALE_GREY = "#8a949e";
const RADIUS = 12;
const SELECTED_RADIUS = 15;

/** What Leaflet's canvas renderer offers its layers while it draws (not in its type definitions). */
interface CanvasInternals {
  _drawing: boolean;
  _ctx: CanvasRenderingContext2D;
}
interface DotInternals {
  _renderer: CanvasInternals;
  _point: L.Point;
  _empty(): boolean;
  look: DotLook;
}

function styleOf(look: DotLook): L.CircleMarkerOptions {
  // Only what Leaflet needs to hit-test and to know the dot's extent; the dot itself is drawn from a sprite.
  return { radius: look.selected ? SELECTED_RADIUS : RADIUS, weight: look.selected ? 3 : 2 };
}

/**
 * One small bitmap per look, drawn at the screen's pixel ratio: copying it is much cheaper than drawing a
 * disc, its border and its text for each of 1,000 runners on every redraw (text above all).
 */
const sprites = new Map<string, HTMLCanvasElement>();
function sprite(look: DotLook, ratio: number): HTMLCanvasElement {
  const key = `${look.text}|${look.color}|${look.stale}|${look.finished}|${look.selected}|${ratio}`;
  const cached = sprites.get(key);
  if (cached) return cached;
  const radius = look.selected ? SELECTED_RADIUS : RADIUS;
  const border = look.selected ? 3 : 2;
  const size = (radius + border) * 2;
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = Math.ceil(size * ratio);
  const ctx = canvas.getContext("2d");
  if (ctx) {
    ctx.scale(ratio, ratio);
    const c = size / 2;
    ctx.beginPath();
    ctx.arc(c, c, radius, 0, Math.PI * 2);
    ctx.globalAlpha = look.stale ? 0.55 : 1;
    ctx.fillStyle = look.stale ? STALE_GREY : look.color;
    ctx.fill();
    ctx.globalAlpha = look.stale ? 0.6 : 1;
    ctx.lineWidth = border;
    ctx.strokeStyle = look.selected ? "#111827" : "#ffffff";
    ctx.stroke();
    // A finished runner's disc has a second ring, as the DOM marker's double border had.
    if (look.finished) {
      ctx.beginPath();
      ctx.arc(c, c, radius - 3, 0, Math.PI * 2);
      ctx.lineWidth = 1;
      ctx.strokeStyle = "#ffffff";
      ctx.stroke();
    }
    ctx.globalAlpha = look.stale ? 0.8 : 1;
    ctx.fillStyle = "#ffffff";
    ctx.font = `800 ${look.text.length > 2 ? 9 : 11}px system-ui, sans-serif`;
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(look.text, c, c + 0.5, radius * 2 - 4);
  }
  if (sprites.size > 5000) sprites.clear();
  sprites.set(key, canvas);
  return canvas;
}

/**
 * The scale of Leaflet's canvases: twice the CSS pixels on any screen above 1 (Leaflet's Canvas renderer),
 * not the screen's own ratio. A sprite made at this scale and put on whole canvas pixels is copied as it is;
 * one made at a phone's 3× was resampled on each of 1,000 draws per redraw (the phone's longest frames).
 */
const canvasScale = () => (L.Browser.retina ? 2 : 1);
const onPixel = (x: number, scale: number) => Math.round(x * scale) / scale;

const RunnerDotClass = L.CircleMarker.extend({
  _updatePath(this: DotInternals) {
    const renderer = this._renderer;
    if (!renderer._drawing || this._empty()) return;
    const scale = canvasScale();
    const image = sprite(this.look, scale);
    const size = image.width / scale;
    renderer._ctx.globalAlpha = 1;
    renderer._ctx.drawImage(
      image,
      onPixel(this._point.x - size / 2, scale),
      onPixel(this._point.y - size / 2, scale),
      size,
      size,
    );
  },
});

export type RunnerDot = L.CircleMarker & { look: DotLook };

export function runnerDot(at: LatLon, look: DotLook, renderer: L.Renderer): RunnerDot {
  const Dot = RunnerDotClass as unknown as new (at: LatLon, options: L.CircleMarkerOptions) => RunnerDot;
  const dot = new Dot(at, { ...styleOf(look), renderer, interactive: true, bubblingMouseEvents: false });
  dot.look = look;
  return dot;
}

export const sameLook = (a: DotLook, b: DotLook) =>
  a.text === b.text &&
  a.color === b.color &&
  a.stale === b.stale &&
  a.finished === b.finished &&
  a.selected === b.selected;

/** Changes the dot's look: one restyle (a redraw of its spot on the next frame). */
export function setLook(dot: RunnerDot, look: DotLook) {
  dot.look = look;
  dot.setStyle(styleOf(look));
}
