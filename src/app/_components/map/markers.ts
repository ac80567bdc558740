import L from "leaflet";
import type { MarkerKind } from "./types";

/**
 * Our own SVG markers (divIcon): Leaflet's default PNG icons break under Turbopack, and these read better on
 * a plain background too.
 */
const COLORS: Record<MarkerKind, string> = {
  start: "#16a34a",
  finish: "#dc2626",
  current: "#2563eb",
  hover: "#111827",
  destination: "#dc2626",
  runner: "#e4572e",
};

function pin(color: string, glyph: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="30" height="40" viewBox="0 0 30 40" aria-hidden="true">
  <path d="M15 39C15 39 28 23.5 28 14A13 13 0 0 0 2 14C2 23.5 15 39 15 39Z" fill="${color}" stroke="#fff" stroke-width="2"/>
  ${glyph}</svg>`;
}

const FLAG = `<path d="M11 7v14M11 8h8l-2 3 2 3h-8" fill="#fff" stroke="#fff" stroke-width="1.6" stroke-linejoin="round"/>`;
const PLAY = `<path d="M11.5 8.5v11l9-5.5z" fill="#fff"/>`;
const CHEQUER = `<g fill="#fff"><rect x="9" y="8" width="4" height="4"/><rect x="17" y="8" width="4" height="4"/><rect x="13" y="12" width="4" height="4"/><rect x="9" y="16" width="4" height="4"/><rect x="17" y="16" width="4" height="4"/></g>`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const cache = new Map<string, L.DivIcon>();

export function markerIcon(kind: MarkerKind, opts: { color?: string; text?: string } = {}): L.DivIcon {
  const color = opts.color ?? COLORS[kind];
  const key = `${kind}|${color}|${opts.text ?? ""}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let icon: L.DivIcon;
  if (kind === "start" || kind === "finish" || kind === "destination") {
    const glyph = kind === "start" ? PLAY : kind === "finish" ? CHEQUER : FLAG;
    icon = L.divIcon({
      className: `rfy-marker rfy-marker--${kind}`,
      html: pin(color, glyph),
      iconSize: [30, 40],
      iconAnchor: [15, 39],
      tooltipAnchor: [0, -34],
    });
  } else if (kind === "runner") {
    const text = opts.text ? escapeHtml(opts.text.slice(0, 4)) : "";
    icon = L.divIcon({
      className: "rfy-marker rfy-marker--runner",
      html: `<span class="rfy-runner" style="background:${color}">${text}</span>`,
      iconSize: [28, 28],
      iconAnchor: [14, 14],
      tooltipAnchor: [0, -14],
    });
  } else {
    const size = kind === "hover" ? 16 : 20;
    icon = L.divIcon({
      className: `rfy-marker rfy-marker--${kind}`,
      html: `<span class="rfy-dot" style="background:${color}"></span>`,
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2],
      tooltipAnchor: [0, -size / 2],
    });
  }
  cache.set(key, icon);
  return icon;
}
