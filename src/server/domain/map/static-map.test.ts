import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { backgroundTiles, fitPath, fitView, mercator, staticMapSvg } from "./static-map";

describe("static map image", () => {
  it("projects in Web Mercator: the equator at the middle, north up", () => {
    expect(mercator(0, 0)).toEqual([0.5, 0.5]);
    expect(mercator(45, 6)[1]).toBeLessThan(0.5);
    expect(mercator(0, 180)[0]).toBe(1);
  });

  it("fits the path inside the margins, centred, keeping its shape", () => {
    const path: Array<[number, number]> = [
      [45.0, 6.0],
      [45.01, 6.0],
      [45.01, 6.01],
    ];
    const px = fitPath(path, { width: 200, height: 100, padding: 10 });
    for (const [x, y] of px) {
      expect(x).toBeGreaterThanOrEqual(10);
      expect(x).toBeLessThanOrEqual(190);
      expect(y).toBeGreaterThanOrEqual(10);
      expect(y).toBeLessThanOrEqual(90);
    }
    // North is up: the second point (further north) is higher on the image.
    expect(px[1]?.[1]).toBeLessThan(px[0]?.[1] ?? 0);
    // The tall side fills the height; 0.01° of longitude is narrower than 0.01° of latitude at 45°N.
    const height = (px[0]?.[1] ?? 0) - (px[1]?.[1] ?? 0);
    const width = (px[2]?.[0] ?? 0) - (px[1]?.[0] ?? 0);
    expect(height).toBeCloseTo(80, 0);
    expect(width / height).toBeCloseTo(Math.cos((45 * Math.PI) / 180), 1);
  });

  it("draws a single point in the middle, and nothing for no point", () => {
    expect(fitPath([[45, 6]], { width: 100, height: 60 })).toEqual([[50, 30]]);
    const empty = staticMapSvg([], { width: 100, height: 60 });
    expect(empty).toContain("<rect");
    expect(empty).not.toContain("<path");
  });

  it("is a well-formed SVG document (xmllint), the title escaped, one path per segment", () => {
    const svg = staticMapSvg(
      [
        [
          [45, 6],
          [45.01, 6.01],
        ],
        [
          [45.02, 6.02],
          [45.03, 6.01],
        ],
      ],
      { width: 300, height: 200, title: 'Tom & "Jerry" <run>' },
    );
    expect(svg.match(/<path /g)?.length).toBe(2);
    expect(svg).toContain("<title>Tom &amp; &quot;Jerry&quot; &lt;run&gt;</title>");
    expect(() => execFileSync("xmllint", ["--noout", "-"], { input: svg })).not.toThrow();
  });
});

describe("static map as PNG (link previews)", () => {
  it("is a valid PNG of the size asked with the track drawn on the plain background", async () => {
    const { staticMapPng } = await import("./png");
    const { inflateSync } = await import("node:zlib");
    const png = staticMapPng(
      [
        [
          [45, 6],
          [45.01, 6.01],
        ],
      ],
      { width: 120, height: 63 },
    );
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBe(120);
    expect(png.readUInt32BE(20)).toBe(63);
    const idat = png.indexOf("IDAT");
    const raw = inflateSync(png.subarray(idat + 4, idat + 4 + png.readUInt32BE(idat - 4)));
    expect(raw.length).toBe((120 * 3 + 1) * 63);
    // The corner is background; the middle (where the diagonal passes) is the track's blue.
    expect([...raw.subarray(1, 4)]).toEqual([238, 242, 241]);
    const mid = 31 * (120 * 3 + 1) + 1 + 60 * 3;
    expect(raw[mid + 2]).toBeGreaterThan(raw[mid] ?? 255);
  });
});

describe("a straight line", () => {
  it("is drawn at full height going north, not as a dot", () => {
    const north: Array<[number, number]> = [
      [45, 6],
      [45.01, 6],
    ];
    const [a, b] = fitPath(north, { width: 300, height: 200, padding: 10 });
    expect(a?.[0]).toBe(150);
    expect(b?.[0]).toBe(150);
    expect(Math.abs((a?.[1] ?? 0) - (b?.[1] ?? 0))).toBeCloseTo(180, 0);
    const [c, d] = fitPath(
      [
        [45, 6],
        [45, 6.01],
      ],
      { width: 300, height: 200, padding: 10 },
    );
    expect(Math.abs((c?.[0] ?? 0) - (d?.[0] ?? 0))).toBeCloseTo(280, 0);
  });
});

describe("tile background of a static map", () => {
  it("covers the whole image with tiles placed where the path's points fall on them", () => {
    const path: Array<[number, number]> = [
      [45.1, 6.2],
      [45.12, 6.25],
      [45.09, 6.28],
    ];
    const opts = { width: 600, height: 400 };
    const view = fitView(path, opts);
    const tiles = backgroundTiles(view, opts);
    expect(tiles.length).toBeGreaterThan(0);
    expect(tiles.length).toBeLessThanOrEqual(36);
    const z = tiles[0]?.z ?? 0;
    expect(tiles.every((t) => t.z === z)).toBe(true);
    // Every pixel of the image lies on one tile.
    for (const [px, py] of [
      [0, 0],
      [599, 399],
      [300, 200],
      [0, 399],
    ] as const)
      expect(
        tiles.some((t) => px >= t.left && px < t.left + t.size && py >= t.top && py < t.top + t.size),
      ).toBe(true);
    // The first point's pixel is where its tile and its position in that tile put it.
    const [lat, lon] = path[0] ?? [0, 0];
    const [wx, wy] = mercator(lat, lon);
    const n = 2 ** z;
    const tile = tiles.find((t) => t.x === Math.floor(wx * n) && t.y === Math.floor(wy * n));
    const [px, py] = fitPath(path, opts)[0] ?? [0, 0];
    expect(tile).toBeDefined();
    expect(Math.abs((tile?.left ?? 0) + (wx * n - Math.floor(wx * n)) * (tile?.size ?? 0) - px)).toBeLessThan(
      0.5,
    );
    expect(Math.abs((tile?.top ?? 0) + (wy * n - Math.floor(wy * n)) * (tile?.size ?? 0) - py)).toBeLessThan(
      0.5,
    );
  });

  it("takes a lower zoom rather than dozens of tiles, and none for a single point", () => {
    const path: Array<[number, number]> = [
      [45.1, 6.2],
      [45.3, 6.6],
    ];
    const big = { width: 2000, height: 2000 };
    expect(backgroundTiles(fitView(path, big), big).length).toBeLessThanOrEqual(36);
    const thumb = { width: 96, height: 64 };
    expect(backgroundTiles(fitView(path, thumb), thumb).length).toBeLessThanOrEqual(4);
    expect(backgroundTiles(fitView([[45, 6]], thumb), thumb)).toEqual([]);
  });

  it("draws the tiles under the path as embedded images", () => {
    const svg = staticMapSvg(
      [
        [
          [45.1, 6.2],
          [45.12, 6.25],
        ],
      ],
      {
        width: 300,
        height: 200,
        tiles: [{ z: 1, x: 1, y: 0, left: -10, top: 0, size: 256, href: "data:image/png;base64,AAAA" }],
      },
    );
    expect(svg).toMatch(
      /<rect[^>]*\/><image href="data:image\/png;base64,AAAA" x="-10" y="0" width="256" height="256"\/><path/,
    );
  });
});
