/**
 * A static map image of a track, drawn on the server (FitTrackee's workout map): the path projected in Web
 * Mercator (the projection of every tile server, so a tile background lines up), fitted into the image with a
 * margin, on a plain background or on map tiles, with start and finish markers. Pure: an SVG string from
 * coordinates (and the tiles' images, fetched by the caller through the tile proxy's cache).
 */

export interface StaticMapOptions {
  width: number;
  height: number;
  /** Margin around the path, in pixels. */
  padding?: number;
}

/** Web Mercator in units of the world's width (0…1), y downwards as on screen. */
export function mercator(lat: number, lon: number): [number, number] {
  const clamped = Math.max(-85.0511, Math.min(85.0511, lat));
  const sin = Math.sin((clamped * Math.PI) / 180);
  return [(lon + 180) / 360, 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)];
}

/** How the path's Web Mercator box maps onto the image: pixel = (world − min) × scale + offset. */
export interface MapView {
  minX: number;
  minY: number;
  /** Pixels per world width; 0 for a single point (drawn in the middle). */
  scale: number;
  offsetX: number;
  offsetY: number;
}

/** The view that fits the path into the image, centred, the same scale on both axes. */
export function fitView(path: ReadonlyArray<[number, number]>, opts: StaticMapOptions): MapView {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [lat, lon] of path) {
    const [x, y] = mercator(lat, lon);
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  if (path.length === 0) return { minX: 0, minY: 0, scale: 0, offsetX: 0, offsetY: 0 };
  const padding = opts.padding ?? Math.round(Math.min(opts.width, opts.height) * 0.08);
  const innerW = Math.max(1, opts.width - 2 * padding);
  const innerH = Math.max(1, opts.height - 2 * padding);
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  // A single point (or a track that never moved) is drawn in the middle, not divided by zero.
  // A straight north–south (or east–west) line has one span of 0: the other sets the scale. (Dividing by
  // Infinity for it gave a scale of 0, and drew such a line as a dot.)
  const scale =
    spanX === 0 && spanY === 0
      ? 0
      : Math.min(spanX ? innerW / spanX : Infinity, spanY ? innerH / spanY : Infinity);
  return {
    minX,
    minY,
    scale,
    offsetX: (opts.width - spanX * scale) / 2,
    offsetY: (opts.height - spanY * scale) / 2,
  };
}

/** Pixel positions of the path fitted into the image. */
export function fitPath(
  path: ReadonlyArray<[number, number]>,
  opts: StaticMapOptions,
): Array<[number, number]> {
  const v = fitView(path, opts);
  return path.map(([lat, lon]) => {
    const [x, y] = mercator(lat, lon);
    return [
      Math.round(((x - v.minX) * v.scale + v.offsetX) * 10) / 10,
      Math.round(((y - v.minY) * v.scale + v.offsetY) * 10) / 10,
    ];
  });
}

/** A background tile placed in the image: its z/x/y and where it goes (pixels; tiles are square). */
export interface PlacedTile {
  z: number;
  x: number;
  y: number;
  left: number;
  top: number;
  size: number;
}

/**
 * The tiles behind the image, at the zoom whose tiles are closest to 256 px at the image's scale (so a
 * thumbnail takes one to four tiles, not dozens), lower while that takes more than `maxTiles` (a 2,000 px
 * image); none for a single point, whose scale is unknown.
 */
export function backgroundTiles(view: MapView, opts: StaticMapOptions, maxTiles = 36): PlacedTile[] {
  if (view.scale <= 0) return [];
  for (let z = Math.max(0, Math.min(19, Math.round(Math.log2(view.scale / 256)))); z >= 0; z--) {
    const tiles = tilesAt(z, view, opts);
    if (tiles.length <= maxTiles) return tiles;
  }
  return [];
}

function tilesAt(z: number, view: MapView, opts: StaticMapOptions): PlacedTile[] {
  const n = 2 ** z;
  const size = view.scale / n;
  const world = (px: number, offset: number, min: number) => ((px - offset) / view.scale + min) * n;
  const [x0, x1] = [world(0, view.offsetX, view.minX), world(opts.width, view.offsetX, view.minX)];
  const [y0, y1] = [world(0, view.offsetY, view.minY), world(opts.height, view.offsetY, view.minY)];
  const tiles: PlacedTile[] = [];
  for (let y = Math.max(0, Math.floor(y0)); y <= Math.min(n - 1, Math.floor(y1)); y++)
    for (let x = Math.max(0, Math.floor(x0)); x <= Math.min(n - 1, Math.floor(x1)); x++)
      tiles.push({
        z,
        x,
        y,
        left: Math.round(((x / n - view.minX) * view.scale + view.offsetX) * 10) / 10,
        top: Math.round(((y / n - view.minY) * view.scale + view.offsetY) * 10) / 10,
        size: Math.round(size * 10) / 10,
      });
  return tiles;
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c,
  );

/** The SVG document: background, the path (several paths: one per segment), start and finish markers. */
export function staticMapSvg(
  segments: ReadonlyArray<ReadonlyArray<[number, number]>>,
  opts: StaticMapOptions & {
    title?: string;
    /** Background tiles with their image as a data: URI (an SVG shown by <img> loads nothing itself). */
    tiles?: ReadonlyArray<PlacedTile & { href: string }>;
  },
): string {
  const all = segments.flat();
  const fitted = fitPath(all, opts);
  const stroke = Math.max(1.5, Math.min(opts.width, opts.height) / 60);
  const parts: string[] = [];
  let at = 0;
  for (const segment of segments) {
    const pixels = fitted.slice(at, at + segment.length);
    at += segment.length;
    if (pixels.length === 0) continue;
    const d = pixels.map(([x, y], i) => `${i === 0 ? "M" : "L"}${x} ${y}`).join("");
    parts.push(
      `<path d="${d}" fill="none" stroke="#2563eb" stroke-width="${stroke}" stroke-linecap="round" stroke-linejoin="round"/>`,
    );
  }
  const start = fitted[0];
  const end = fitted[fitted.length - 1];
  const r = stroke * 1.8;
  const marker = (p: [number, number] | undefined, fill: string) =>
    p
      ? `<circle cx="${p[0]}" cy="${p[1]}" r="${r}" fill="${fill}" stroke="#fff" stroke-width="${stroke / 2}"/>`
      : "";
  const title = opts.title ? `<title>${escapeXml(opts.title)}</title>` : "";
  const background = (opts.tiles ?? [])
    .map((t) => `<image href="${t.href}" x="${t.left}" y="${t.top}" width="${t.size}" height="${t.size}"/>`)
    .join("");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${opts.width}" height="${opts.height}" viewBox="0 0 ${opts.width} ${opts.height}">` +
    `${title}<rect width="100%" height="100%" fill="#eef2f1"/>${background}${parts.join("")}` +
    `${fitted.length > 1 ? marker(end, "#dc2626") : ""}${marker(start, "#16a34a")}</svg>`
  );
}
