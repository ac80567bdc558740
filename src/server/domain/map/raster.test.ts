import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { staticMapPng } from "./png";
import { decodeTile, paintTiles } from "./raster";
import { backgroundTiles, fitView } from "./static-map";

function solidPng(width: number, height: number, rgba: [number, number, number, number]): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < png.data.length; i += 4) png.data.set(rgba, i);
  return PNG.sync.write(png);
}

describe("map tiles as pixels", () => {
  it("decodes PNG and JPEG tiles to RGBA", () => {
    const png = decodeTile(solidPng(256, 256, [10, 20, 30, 255]));
    expect(png && [png.width, png.height, ...png.data.subarray(0, 4)]).toEqual([256, 256, 10, 20, 30, 255]);
    const raw = { width: 16, height: 16, data: Buffer.alloc(16 * 16 * 4, 200) };
    const jpg = decodeTile(Buffer.from(jpeg.encode(raw, 90).data));
    expect(jpg && [jpg.width, jpg.height]).toEqual([16, 16]);
    expect(Math.abs((jpg?.data[0] ?? 0) - 200)).toBeLessThan(4);
  });

  it("refuses what is no tile: another format, a corrupt file, a header claiming 100,000 px", () => {
    expect(decodeTile(Buffer.from("<html>rate limited</html>"))).toBeNull();
    const png = solidPng(4, 4, [0, 0, 0, 255]);
    expect(decodeTile(png.subarray(0, 40))).toBeNull();
    const huge = Buffer.from(png);
    huge.writeUInt32BE(100_000, 16);
    expect(decodeTile(huge)).toBeNull();
  });

  it("paints a tile scaled to its place, blending its transparency over the background", () => {
    const px = new Uint8Array(4 * 4 * 3).fill(100);
    const image = {
      width: 2,
      height: 2,
      data: new Uint8Array([255, 0, 0, 255, 0, 0, 255, 0, 0, 255, 0, 255, 0, 0, 255, 0]),
    };
    paintTiles(px, 4, 4, [{ z: 0, x: 0, y: 0, left: 0, top: 0, size: 4, image }]);
    expect([...px.subarray(0, 3)]).toEqual([255, 0, 0]); // top-left quarter: red
    expect([...px.subarray(3 * 3, 3 * 3 + 3)]).toEqual([100, 100, 100]); // top-right: transparent
    expect([...px.subarray((3 * 4 + 3) * 3, (3 * 4 + 3) * 3 + 3)]).toEqual([100, 100, 100]); // blue at alpha 0
    expect([...px.subarray(3 * 4 * 3, 3 * 4 * 3 + 3)]).toEqual([0, 255, 0]); // bottom-left: green
  });

  it("draws a static PNG on the tiles placed for its path, the path over them", () => {
    const path: Array<[number, number]> = [
      [45, 6],
      [45.02, 6.03],
    ];
    const size = { width: 300, height: 160 };
    const image = decodeTile(solidPng(256, 256, [200, 30, 160, 255]));
    if (!image) throw new Error("tile not decoded");
    const tiles = backgroundTiles(fitView(path, size), size).map((t) => ({ ...t, image }));
    expect(tiles.length).toBeGreaterThan(0);
    const out = PNG.sync.read(staticMapPng([path], { ...size, tiles }));
    const at = (x: number, y: number) => [...out.data.subarray((y * 300 + x) * 4, (y * 300 + x) * 4 + 3)];
    expect(at(0, 0)).toEqual([200, 30, 160]);
    expect(at(299, 159)).toEqual([200, 30, 160]);
    expect(at(150, 80)).toEqual([37, 99, 235]); // the middle of the diagonal
  });
});
