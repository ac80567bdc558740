import { EARTH_RADIUS_M } from "~/server/domain/stats/geo";

const RAD = Math.PI / 180;

/**
 * Local equirectangular plane (metres) centred on a course. Projections and offsets are computed in it;
 * lengths along the course use haversine like the statistics. Over a 100 km course the east-west scale
 * drifts by about 1 % (cos of latitude), i.e. half a metre on a 50 m offset: far below GPS noise.
 */
export interface LocalFrame {
  lat0: number;
  lon0: number;
  kx: number;
  ky: number;
}

export function localFrame(lat0: number, lon0: number): LocalFrame {
  return { lat0, lon0, kx: EARTH_RADIUS_M * RAD * Math.cos(lat0 * RAD), ky: EARTH_RADIUS_M * RAD };
}

export const toX = (f: LocalFrame, lon: number): number => (lon - f.lon0) * f.kx;
export const toY = (f: LocalFrame, lat: number): number => (lat - f.lat0) * f.ky;

/** Where the point (px, py) falls on the segment a→b: fraction 0..1 and distance, in the plane. */
export function projectOnSegment(
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): { fraction: number; distance: number } {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const fraction = len2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2));
  const ex = px - ax - fraction * dx;
  const ey = py - ay - fraction * dy;
  return { fraction, distance: Math.sqrt(ex * ex + ey * ey) };
}
