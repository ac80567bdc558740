import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import type { PlacedTile } from "./static-map";

/**
 * Map tiles as pixels, for the PNG static map (link previews cannot show an SVG with embedded tiles). Tile
 * servers send PNG (OpenStreetMap, most styles; palette, grey or RGBA) or JPEG (aerial imagery): decoded by
 * pngjs and jpeg-js, pure JavaScript (a native image library would need a binary download). Pure.
 */

/** RGBA pixels, rows top to bottom. */
export interface Bitmap {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A tile is 256 or 512 px; anything larger is not a tile, and would cost memory to decode. */
const MAX_TILE_SIDE = 1024;

const isPng = (b: Uint8Array) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
const isJpeg = (b: Uint8Array) => b[0] === 0xff && b[1] === 0xd8;

/** The tile's pixels, or null when it is neither PNG nor JPEG, is corrupt, or claims a size no tile has. */
export function decodeTile(body: Buffer): Bitmap | null {
  try {
    if (isPng(body)) {
      // The header's size first (IHDR is the first chunk): a lying header must not allocate gigabytes.
      if (body.length < 24 || body.readUInt32BE(16) > MAX_TILE_SIDE || body.readUInt32BE(20) > MAX_TILE_SIDE)
        return null;
      const png = PNG.sync.read(body);
      return { width: png.width, height: png.height, data: png.data };
    }
    if (isJpeg(body)) {
      const img = jpeg.decode(body, {
        useTArray: true,
        formatAsRGBA: true,
        maxResolutionInMP: (MAX_TILE_SIDE * MAX_TILE_SIDE) / 1e6,
        maxMemoryUsageInMB: 64,
      });
      return { width: img.width, height: img.height, data: img.data };
    }
  } catch {
    // A corrupt tile: the caller leaves that square plain.
  }
  return null;
}

/**
 * Paints each tile's bitmap into the RGB buffer (`w`×`h`) at its place and size, sampling the nearest source
 * pixel (a tile is drawn near its own size: the zoom is picked that way), alpha-blended over what is there.
 */
export function paintTiles(
  px: Uint8Array,
  w: number,
  h: number,
  tiles: ReadonlyArray<PlacedTile & { image: Bitmap }>,
): void {
  for (const t of tiles) {
    const { image } = t;
    const x0 = Math.max(0, Math.floor(t.left));
    const y0 = Math.max(0, Math.floor(t.top));
    const x1 = Math.min(w, Math.ceil(t.left + t.size));
    const y1 = Math.min(h, Math.ceil(t.top + t.size));
    for (let y = y0; y < y1; y++) {
      const sy = Math.min(image.height - 1, Math.floor(((y + 0.5 - t.top) / t.size) * image.height));
      if (sy < 0) continue;
      for (let x = x0; x < x1; x++) {
        const sx = Math.min(image.width - 1, Math.floor(((x + 0.5 - t.left) / t.size) * image.width));
        if (sx < 0) continue;
        const s = (sy * image.width + sx) * 4;
        const alpha = (image.data[s + 3] ?? 255) / 255;
        const d = (y * w + x) * 3;
        for (let c = 0; c < 3; c++) {
          const old = px[d + c] ?? 0;
          px[d + c] = Math.round(old + ((image.data[s + c] ?? 0) - old) * alpha);
        }
      }
    }
  }
}
