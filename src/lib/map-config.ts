import type { TileConfig } from "~/app/_components/map/types";
import { config } from "~/server/config";

/**
 * The base map, read on the server at request time (MAP_TILE_URL, MAP_TILE_ATTRIBUTION) and passed to the
 * map as a prop: NEXT_PUBLIC_* values would be frozen into the build. Unset → no tiles, plain background.
 * Set → the tile proxy's URL (src/server/http/tiles.ts), never the upstream's.
 */
export function mapTiles(): TileConfig | null {
  const tiles = config().tiles;
  // Browsers load tiles from our own proxy (disk cache): the tile server never sees spectators.
  return tiles ? { url: TILE_PROXY_URL, attribution: tiles.attribution } : null;
}

export const TILE_PROXY_URL = "/api/tiles/{z}/{x}/{y}.png";
