import type { Scope } from "~/server/access/scope";
import type { Database } from "~/server/db";
import { selectPoints } from "~/server/db/points";
import { config } from "~/server/config";
import { processSingleton } from "~/server/process-singleton";
import { staticMapPng } from "~/server/domain/map/png";
import { decodeTile } from "~/server/domain/map/raster";
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
  // An SVG shown by <img> loads no URL of its own: the tiles go in as data: URIs.
  const tiles = (await tilesBehind(path, size)).map(({ body, ...t }) => ({
    ...t,
    href: `data:image/png;base64,${body.toString("base64")}`,
  }));
  return {
    body: staticMapSvg([path], { ...size, title: track.title, tiles }),
    fileName: exportFileName(track.title, track.id, "svg"),
  };
}

/**
 * Trails fitted together into a PNG of `size` (the live page's link preview: chat apps and social sites do not
 * show SVG), on the same tiles as the SVG maps when a tile server is configured; a tile that cannot be read
 * leaves its square plain.
 */
export async function trailsMapPng(
  trails: ReadonlyArray<ReadonlyArray<[number, number]>>,
  size: { width: number; height: number },
): Promise<Buffer> {
  // Drawing 1200×630 px on a dozen decoded tiles costs ~0.1–0.3 s of CPU: the same picture asked again (every
  // chat app that unfurls the link, a client asking in a loop) is answered from the last ones drawn.
  const key = `${size.width}x${size.height}|${trails.map((t) => `${t.length}:${t[t.length - 1]}:${t[0]}`).join("|")}`;
  const recentPngs = processSingleton("link-preview-pngs", () => new Map<string, Buffer>());
  const drawn = recentPngs.get(key);
  if (drawn) return drawn;
  const tiles = (await tilesBehind(trails.flat(), size)).flatMap((t) => {
    const image = decodeTile(t.body);
    return image ? [{ ...t, image }] : [];
  });
  const png = staticMapPng(trails, { ...size, tiles });
  recentPngs.set(key, png);
  if (recentPngs.size > RECENT_PNGS) recentPngs.delete(recentPngs.keys().next().value ?? key);
  return png;
}

/** How many of the last link previews drawn (≈40 KB each) are kept, oldest out first. */
const RECENT_PNGS = 32;

/**
 * The map tiles behind the image, from the tile proxy's disk cache (so neither a preview nor a spectator's
 * browser hammers the tile server). A tile server that fails leaves the plain background: the track still
 * shows.
 */
async function tilesBehind(
  path: ReadonlyArray<[number, number]>,
  size: { width: number; height: number },
): Promise<Array<PlacedTile & { body: Buffer }>> {
  if (!config().tiles) return [];
  const placed = backgroundTiles(fitView(path, size), size);
  try {
    const images = await Promise.all(placed.map((t) => cachedTile(t)));
    return placed.flatMap((t, i) => {
      const body = images[i]?.body;
      return body ? [{ ...t, body }] : [];
    });
  } catch (error) {
    console.warn(
      `[runify] static map drawn without tiles: ${error instanceof Error ? error.message : error}`,
    );
    return [];
  }
}
