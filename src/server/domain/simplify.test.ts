import { describe, expect, it } from "vitest";
import { simplifyIndexes, toleranceForZoom } from "./simplify";

const metre = 1 / 111_195;

describe("simplifyIndexes", () => {
  it("reduces a straight line to its two ends", () => {
    const line = Array.from({ length: 1000 }, (_, i) => ({ lat: 45 + i * metre, lon: 6 }));
    expect(simplifyIndexes(line, 1)).toEqual([0, 999]);
  });

  it("keeps a corner and drops points within the tolerance", () => {
    const east = 1 / (111_320 * Math.cos((45 * Math.PI) / 180));
    const north = Array.from({ length: 101 }, (_, i) => ({ lat: 45 + i * metre, lon: 6 }));
    const thenEast = Array.from({ length: 100 }, (_, i) => ({
      lat: 45 + 100 * metre,
      lon: 6 + (i + 1) * east,
    }));
    const wobbly = [...north, ...thenEast].map((p, i) => ({
      ...p,
      lon: p.lon + (i % 2 ? 0.3 : -0.3) * east,
    }));
    expect(simplifyIndexes(wobbly, 2)).toEqual([0, 100, 200]);
  });

  it("keeps every point when the tolerance is zero, and handles tiny inputs", () => {
    const pts = [
      { lat: 45, lon: 6 },
      { lat: 45.001, lon: 6.001 },
      { lat: 45.002, lon: 6 },
    ];
    expect(simplifyIndexes(pts, 0)).toEqual([0, 1, 2]);
    expect(simplifyIndexes([], 5)).toEqual([]);
    expect(simplifyIndexes(pts.slice(0, 1), 5)).toEqual([0]);
  });

  it("simplifies 50,000 noisy points and keeps the ends", () => {
    const pts = Array.from({ length: 50_000 }, (_, i) => ({
      lat: 45 + Math.sin(i / 500) * 0.01 + (i % 7) * 1e-6,
      lon: 6 + i * 1e-5,
    }));
    const kept = simplifyIndexes(pts, 5);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(49_999);
    expect(kept.length).toBeLessThan(2_000);
  });
});

describe("toleranceForZoom", () => {
  it("is about 1 pixel: ~153 m at zoom 10 and ~0.6 m at zoom 18 on the equator", () => {
    expect(toleranceForZoom(10, 0)).toBeCloseTo(152.9, 0);
    expect(toleranceForZoom(18, 0)).toBeCloseTo(0.6, 1);
    expect(toleranceForZoom(10, 60)).toBeCloseTo(76.4, 0);
  });
});
