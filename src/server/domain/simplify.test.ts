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

describe("simplifyIndexes with time (TD-TR)", () => {
  const T0 = Date.parse("2026-06-14T07:00:00Z");
  /** A straight road north, one fix a second, `metresAt(second)` from the start. */
  const road = (seconds: number, metresAt: (s: number) => number) =>
    Array.from({ length: seconds + 1 }, (_, s) => ({
      lat: 45 + metresAt(s) * metre,
      lon: 6,
      ts: T0 + s * 1000,
    }));
  const timeAware = { time: { toleranceMeters: 5 } };

  it("collapses a constant-speed straight line to its two ends", () => {
    const line = road(1000, (s) => s * 3);
    expect(simplifyIndexes(line, 2, timeAware)).toEqual([0, 1000]);
  });

  it("keeps both ends of a pause on a straight road, which shape alone drops", () => {
    // 300 s at 3 m/s, 180 s standing still at 900 m, then 300 s more.
    const paused = road(780, (s) => (s <= 300 ? s * 3 : s <= 480 ? 900 : 900 + (s - 480) * 3));
    expect(simplifyIndexes(paused, 2)).toEqual([0, 780]);
    expect(simplifyIndexes(paused, 2, timeAware)).toEqual([0, 300, 480, 780]);
  });

  it("keeps where a runner slows down, within the time tolerance everywhere", () => {
    // 4 m/s, then gradually slower on a climb (down to 2 m/s), then 2 m/s.
    const metresAt = (s: number) =>
      s <= 200 ? 4 * s : s <= 400 ? 800 + 4 * (s - 200) - (s - 200) ** 2 / 200 : 1400 + 2 * (s - 400);
    const slowing = road(600, metresAt);
    const kept = simplifyIndexes(slowing, 2, timeAware);
    expect(kept.length).toBeGreaterThan(3);
    expect(kept.length).toBeLessThan(60);
    // Every real fix is within 5 m of the time-interpolated position between the kept points.
    for (let k = 1; k < kept.length; k++) {
      const a = kept[k - 1] ?? 0;
      const b = kept[k] ?? 0;
      for (let s = a; s <= b; s++) {
        const interpolated = metresAt(a) + ((metresAt(b) - metresAt(a)) * (s - a)) / (b - a);
        expect(Math.abs(metresAt(s) - interpolated)).toBeLessThanOrEqual(5 + 1e-6);
      }
    }
  });

  it("simplifies 50,000 fixes with pauses in well under a second", () => {
    const pts = Array.from({ length: 50_000 }, (_, i) => ({
      lat: 45 + Math.sin(i / 500) * 0.01 + (i % 7) * 1e-6,
      // Stands still for 2 minutes in every 20.
      lon: 6 + (i - Math.max(0, (i % 1200) - 1080) - Math.floor(i / 1200) * 120) * 3e-5,
      ts: T0 + i * 1000,
    }));
    const started = performance.now();
    const kept = simplifyIndexes(pts, 2, timeAware);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(kept[0]).toBe(0);
    expect(kept.at(-1)).toBe(49_999);
    expect(kept.length).toBeLessThan(10_000);
  });
});

describe("toleranceForZoom", () => {
  it("is about 1 pixel: ~153 m at zoom 10 and ~0.6 m at zoom 18 on the equator", () => {
    expect(toleranceForZoom(10, 0)).toBeCloseTo(152.9, 0);
    expect(toleranceForZoom(18, 0)).toBeCloseTo(0.6, 1);
    expect(toleranceForZoom(10, 60)).toBeCloseTo(76.4, 0);
  });
});
