import { deflateSync } from "node:zlib";
import { type Bitmap, paintTiles } from "./raster";
import { fitPath, type PlacedTile, type StaticMapOptions } from "./static-map";

/**
 * The static map as a PNG, for link previews (Open Graph / Twitter cards: chat apps and social sites do not
 * show SVG). A plain background, or the map tiles the caller decoded, and anti-aliased round-capped strokes,
 * one colour per track; encoded with node:zlib. Pure but for zlib.
 */

type Rgb = [number, number, number];
const BACKGROUND: Rgb = [238, 242, 241];
export const TRACK_COLOURS: readonly Rgb[] = [
  [37, 99, 235],
  [220, 38, 38],
  [22, 163, 74],
  [217, 119, 6],
  [147, 51, 234],
  [8, 145, 178],
];

/** Blends a stroke of `width` px along segment a→b into the RGB buffer (coverage from the distance). */
function strokeSegment(
  px: Uint8Array,
  w: number,
  h: number,
  a: [number, number],
  b: [number, number],
  width: number,
  colour: Rgb,
): void {
  const half = width / 2;
  const minX = Math.max(0, Math.floor(Math.min(a[0], b[0]) - half - 1));
  const maxX = Math.min(w - 1, Math.ceil(Math.max(a[0], b[0]) + half + 1));
  const minY = Math.max(0, Math.floor(Math.min(a[1], b[1]) - half - 1));
  const maxY = Math.min(h - 1, Math.ceil(Math.max(a[1], b[1]) + half + 1));
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  for (let y = minY; y <= maxY; y++) {
    for (let x = minX; x <= maxX; x++) {
      const cx = x + 0.5 - a[0];
      const cy = y + 0.5 - a[1];
      const t = len2 === 0 ? 0 : Math.max(0, Math.min(1, (cx * dx + cy * dy) / len2));
      const dist = Math.hypot(cx - t * dx, cy - t * dy);
      const cover = Math.max(0, Math.min(1, half + 0.5 - dist));
      if (cover <= 0) continue;
      const i = (y * w + x) * 3;
      for (let c = 0; c < 3; c++) {
        const old = px[i + c] ?? 0;
        const next = colour[c] ?? 0;
        px[i + c] = Math.round(old + (next - old) * cover);
      }
    }
  }
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const body = Buffer.concat([head.subarray(4), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([head.subarray(0, 4), body, crc]);
}

/** An 8-bit RGB PNG of the pixels (rows top to bottom). */
export function encodePng(px: Uint8Array, w: number, h: number): Buffer {
  const raw = Buffer.alloc((w * 3 + 1) * h);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0; // filter: none
    raw.set(px.subarray(y * w * 3, (y + 1) * w * 3), y * (w * 3 + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IDAT", deflateSync(raw)),
    chunk("IEND", new Uint8Array(0)),
  ]);
}

/**
 * Several tracks ([lat, lon] paths) fitted together into one PNG, each in its colour, over `tiles` (placed by
 * `backgroundTiles` for the same paths and size) when given.
 */
export function staticMapPng(
  tracks: ReadonlyArray<ReadonlyArray<[number, number]>>,
  opts: StaticMapOptions & { tiles?: ReadonlyArray<PlacedTile & { image: Bitmap }> },
): Buffer {
  const { width: w, height: h } = opts;
  const px = new Uint8Array(w * h * 3);
  for (let i = 0; i < px.length; i += 3) px.set(BACKGROUND, i);
  paintTiles(px, w, h, opts.tiles ?? []);
  const fitted = fitPath(tracks.flat(), opts);
  const stroke = Math.max(2, Math.min(w, h) / 60);
  let at = 0;
  tracks.forEach((track, n) => {
    const pts = fitted.slice(at, at + track.length);
    at += track.length;
    const colour = TRACK_COLOURS[n % TRACK_COLOURS.length] ?? [37, 99, 235];
    for (let i = 0; i < pts.length; i++) {
      const a = pts[i];
      const b = pts[i + 1] ?? a;
      if (a && b) strokeSegment(px, w, h, a, b, stroke, colour);
    }
  });
  return encodePng(px, w, h);
}
