/**
 * A static map image of a track, drawn on the server (FitTrackee's workout map): the path projected in Web
 * Mercator (the projection of every tile server, so a tile background lines up), fitted into the image with a
 * margin, on a plain background, with start and finish markers. Pure: an SVG string from coordinates.
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

/** Pixel positions of the path fitted into the image, centred, the same scale on both axes. */
export function fitPath(
  path: ReadonlyArray<[number, number]>,
  opts: StaticMapOptions,
): Array<[number, number]> {
  if (path.length === 0) return [];
  const projected = path.map(([lat, lon]) => mercator(lat, lon));
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of projected) {
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const padding = opts.padding ?? Math.round(Math.min(opts.width, opts.height) * 0.08);
  const innerW = Math.max(1, opts.width - 2 * padding);
  const innerH = Math.max(1, opts.height - 2 * padding);
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  // A single point (or a track that never moved) is drawn in the middle, not divided by zero.
  const scale =
    spanX === 0 && spanY === 0 ? 0 : Math.min(innerW / (spanX || Infinity), innerH / (spanY || Infinity));
  const offsetX = (opts.width - spanX * scale) / 2;
  const offsetY = (opts.height - spanY * scale) / 2;
  return projected.map(([x, y]) => [
    Math.round(((x - minX) * scale + offsetX) * 10) / 10,
    Math.round(((y - minY) * scale + offsetY) * 10) / 10,
  ]);
}

const escapeXml = (s: string) =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c] ?? c,
  );

/** The SVG document: background, the path (several paths: one per segment), start and finish markers. */
export function staticMapSvg(
  segments: ReadonlyArray<ReadonlyArray<[number, number]>>,
  opts: StaticMapOptions & { title?: string },
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
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${opts.width}" height="${opts.height}" viewBox="0 0 ${opts.width} ${opts.height}">` +
    `${title}<rect width="100%" height="100%" fill="#eef2f1"/>${parts.join("")}` +
    `${fitted.length > 1 ? marker(end, "#dc2626") : ""}${marker(start, "#16a34a")}</svg>`
  );
}
