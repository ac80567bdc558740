/**
 * Web Mercator raster tiles ("slippy map" z/x/y), as the tile proxy (GET /api/tiles/{z}/{x}/{y}.png) reads
 * them: the coordinates a browser may ask for, and the upstream URL of one tile.
 */

/** Leaflet's and OpenStreetMap's highest zoom: the proxy asks nothing deeper of its upstream. */
export const MAX_TILE_ZOOM = 19;

export interface TileCoord {
  z: number;
  x: number;
  y: number;
}

const INTEGER = /^(0|[1-9]\d{0,6})$/;

/**
 * The tile named by the path's parts, or why it is none: integers, 0 ≤ z ≤ 19 and 0 ≤ x, y < 2^z (a tile
 * outside the world does not exist upstream, and would only fill the cache with errors).
 */
export function parseTile(z: string, x: string, y: string): TileCoord | { problem: string } {
  if (![z, x, y].every((v) => INTEGER.test(v)))
    return { problem: "z, x and y must be non-negative integers: /api/tiles/{z}/{x}/{y}.png" };
  const [zoom, tx, ty] = [Number(z), Number(x), Number(y)];
  if (zoom > MAX_TILE_ZOOM) return { problem: `z must be between 0 and ${MAX_TILE_ZOOM}` };
  const n = 2 ** zoom;
  if (tx >= n || ty >= n) return { problem: `x and y must be between 0 and ${n - 1} at zoom ${zoom}` };
  return { z: zoom, x: tx, y: ty };
}

/** The upstream URL of a tile from a template such as https://{s}.tile.example.org/{z}/{x}/{y}.png. */
export function tileUrl(template: string, t: TileCoord): string {
  // Leaflet spreads {s} over subdomains; one subdomain serves every tile, and keeps one connection warm.
  return template
    .replace("{s}", "a")
    .replace("{z}", String(t.z))
    .replace("{x}", String(t.x))
    .replace("{y}", String(t.y));
}
