import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { fitPath, mercator, staticMapSvg } from "./static-map";

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
