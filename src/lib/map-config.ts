import type { TileConfig } from "~/app/_components/map/types";
import { config } from "~/server/config";

/**
 * The base map, read on the server at request time (MAP_TILE_URL, MAP_TILE_ATTRIBUTION) and passed to the
 * map as a prop: NEXT_PUBLIC_* values would be frozen into the build. Unset → no tiles, plain background.
 */
export function mapTiles(): TileConfig | null {
  return config().tiles;
}
