import { parseTile } from "~/server/domain/map/tiles";
import { AppError } from "~/server/errors";
import { rateLimits } from "~/server/services/rate-limit";
import { cachedTile } from "~/server/services/tile-cache";
import { send } from "./node";
import type { ApiRequest } from "./request";

/** Where the edge routes the tile proxy; `{y}` holds "7.png" (the route templates have no suffixes). */
export const TILE_ROUTE = "/tiles/{z}/{x}/{y}";

/**
 * GET /api/tiles/{z}/{x}/{y}.png: a map tile from the disk cache, or from MAP_TILE_URL once (services/
 * tile-cache.ts). Public like the live pages that show it; a bad coordinate is a 400, an upstream failure 502,
 * and past TILE_FETCH_RATE_LIMIT new tiles a minute from one address a 429 (cached tiles are still served).
 */
export async function serveTile(call: ApiRequest): Promise<void> {
  const { z = "", x = "", y = "" } = call.params;
  if (!y.endsWith(".png")) throw new AppError("NOT_FOUND", "Tiles are at /api/tiles/{z}/{x}/{y}.png");
  if ([...call.url.searchParams.keys()].length > 0)
    throw new AppError("BAD_REQUEST", "A tile takes no query parameters");
  const tile = parseTile(z, x, y.slice(0, -4));
  if ("problem" in tile) throw new AppError("BAD_REQUEST", tile.problem);
  const { body, hit } = await cachedTile(tile, async () => {
    const limit = await rateLimits().tileFetchFromAddress(call.address);
    if (!limit.allowed)
      throw new AppError("RATE_LIMIT", "Too many new tiles from this address: try again in a minute", {
        retryAfterSec: limit.retryAfterSec,
      });
  });
  send(call.res, 200, body, {
    "Content-Type": "image/png",
    // Browsers and proxies keep a tile for a day: a map redrawn on every scroll asks us nothing again.
    "Cache-Control": "public, max-age=86400",
    "X-Tile-Cache": hit ? "hit" : "miss",
  });
}
