import type { Scope } from "~/server/access/scope";
import type { Database } from "~/server/db";
import { selectPoints } from "~/server/db/points";
import { config } from "~/server/config";
import { backgroundTiles, fitView, type PlacedTile, staticMapSvg } from "~/server/domain/map/static-map";
import { simplifyIndexes } from "~/server/domain/simplify";
import { flagOutliers } from "~/server/domain/stats";
import { exportFileName } from "./exports";
import { pointsOfSegment } from "./segments";
import { cachedTile } from "./tile-cache";
import { findTrack } from "./tracks";

/**
 * A track's static map (SVG) of `width`×`height` pixels: its points without outliers, simplified to about
 * half a pixel (a day-long track of 50,000 points becomes a few hundred), on map tiles when a tile server is
 * configured (through the tile proxy's cache), else on a plain background.
 */
export async function trackMapImage(
  db: Database,
  scope: Scope,
  id: string,
  opts: { width: number; height: number; segment?: number },
): Promise<{ body: string; fileName: string }> {
  const track = await findTrack(db, scope, id);
  const points = pointsOfSegment(track, await selectPoints(db, track.id), opts.segment);
  const outlier = flagOutliers(points, track.activityType);
  const good = points.filter((_, i) => !outlier[i]);
  let [minLat, minLon, maxLat, maxLon] = [90, 180, -90, -180];
  for (const p of good) {
    minLat = Math.min(minLat, p.lat);
    maxLat = Math.max(maxLat, p.lat);
    minLon = Math.min(minLon, p.lon);
    maxLon = Math.max(maxLon, p.lon);
  }
  const spanMeters = good.length ? Math.max(maxLat - minLat, maxLon - minLon) * 111_000 : 0;
  const tolerance = Math.max(0.5, spanMeters / Math.max(opts.width, opts.height) / 2);
  const path = simplifyIndexes(good, tolerance).flatMap((i): Array<[number, number]> => {
    const p = good[i];
    return p ? [[p.lat, p.lon]] : [];
  });
  const size = { width: opts.width, height: opts.height };
  return {
    body: staticMapSvg([path], { ...size, title: track.title, tiles: await tilesBehind(path, size) }),
    fileName: exportFileName(track.title, track.id, "svg"),
  };
}

/**
 * The map tiles behind the image, embedded (an SVG shown by <img> loads no URL of its own), from the tile
 * proxy's disk cache. A tile server that fails leaves the plain background: the track still shows.
 */
async function tilesBehind(
  path: Array<[number, number]>,
  size: { width: number; height: number },
): Promise<Array<PlacedTile & { href: string }>> {
  if (!config().tiles) return [];
  const placed = backgroundTiles(fitView(path, size), size);
  try {
    const images = await Promise.all(placed.map((t) => cachedTile(t)));
    return placed.map((t, i) => ({
      ...t,
      href: `data:image/png;base64,${images[i]?.body.toString("base64") ?? ""}`,
    }));
  } catch (error) {
    console.warn(
      `[runify] static map drawn without tiles: ${error instanceof Error ? error.message : error}`,
    );
    return [];
  }
}
