import type { TileConfig } from "~/app/_components/map/types";

/**
 * The base map, read on the server at request time (MAP_TILE_URL, MAP_TILE_ATTRIBUTION) and passed to the
 * map as a prop: NEXT_PUBLIC_* values would be frozen into the build. Unset → no tiles, plain background.
 */
export function mapTiles(env: Record<string, string | undefined> = process.env): TileConfig | null {
  const url = env.MAP_TILE_URL?.trim();
  if (!url) return null;
  return { url, attribution: env.MAP_TILE_ATTRIBUTION?.trim() ?? "" };
}
