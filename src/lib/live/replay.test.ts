import { describe, expect, it } from "vitest";
import { LIVE_TRAIL_TOLERANCE, liveTrailIndexes } from "~/server/domain/live/trail";
import { simplifyIndexes } from "~/server/domain/simplify";
import { haversineMeters } from "~/server/domain/stats/geo";
import {
  activeTrail,
  advance,
  distanceAt,
  indexAt,
  pathUntil,
  positionAt,
  replayBounds,
  replayTrail,
} from "./replay";
import type { WirePoint } from "./state";
import { points, T0 } from "./test-helpers";

const at = (sec: number) => T0 + sec * 1000;

describe("replay interpolation", () => {
  const trail = points(3, 0, 10); // at 0, 10, 20 s

  it("finds the point at or before a time", () => {
    expect(indexAt(trail, at(-1))).toBe(-1);
    expect(indexAt(trail, at(0))).toBe(0);
    expect(indexAt(trail, at(9.9))).toBe(0);
    expect(indexAt(trail, at(10))).toBe(1);
    expect(indexAt(trail, at(99))).toBe(2);
    expect(indexAt([], at(0))).toBe(-1);
  });

  it("interpolates linearly in time between points; nothing before the start; the end after it", () => {
    expect(positionAt(trail, at(-5))).toBeNull();
    const mid = positionAt(trail, at(15));
    expect(mid?.lat).toBeCloseTo(45 + 15 * 0.00001, 10);
    expect(mid).toMatchObject({ index: 1, fraction: 0.5, ended: false });
    expect(positionAt(trail, at(20))).toMatchObject({ lat: trail[2]?.[0], ended: true });
    expect(positionAt(trail, at(500))).toMatchObject({ lat: trail[2]?.[0], ended: true });
  });

  it("moves runners sampled at different rates together on one clock", () => {
    const fast = points(21, 0, 1); // every second
    const slow = points(3, 0, 10); // every 10 s, same line and speed
    for (const sec of [0, 3.5, 7, 12.25, 19]) {
      expect(positionAt(fast, at(sec))?.lat).toBeCloseTo(positionAt(slow, at(sec))?.lat ?? 0, 9);
    }
  });

  it("draws the path travelled so far, ending at the runner", () => {
    expect(pathUntil(trail, at(-1))).toEqual([]);
    const path = pathUntil(trail, at(15));
    expect(path).toHaveLength(3);
    expect(path[2]?.[0]).toBeCloseTo(45 + 15 * 0.00001, 10);
    expect(pathUntil(trail, at(10))).toHaveLength(2);
  });

  it("measures the distance covered by a time", () => {
    const replay = replayTrail("a", trail);
    const total = replay.cumulative[2] ?? 0;
    expect(total).toBeGreaterThan(20);
    expect(distanceAt(replay, at(-1))).toBe(0);
    expect(distanceAt(replay, at(10))).toBeCloseTo(total / 2, 6);
    expect(distanceAt(replay, at(15))).toBeCloseTo((total * 3) / 4, 6);
    expect(distanceAt(replay, at(60))).toBe(total);
  });

  it("spans all trails, and advances the clock at the chosen speed up to the end", () => {
    const late: WirePoint[] = points(2, 100, 50);
    expect(replayBounds([{ trail }, { trail: late }, { trail: [] }])).toEqual({ start: at(0), end: at(150) });
    expect(replayBounds([{ trail: points(1) }])).toBeNull();
    expect(advance(at(0), 1000, 60, at(150))).toBe(at(60));
    expect(advance(at(140), 1000, 60, at(150))).toBe(at(150));
    expect(advance(at(10), -50, 1, at(150))).toBe(at(10));
  });

  it("shows, of a runner's several tracks, the latest one started by then", () => {
    const morning = { id: "m", trail: points(3, 0, 10) };
    const evening = { id: "e", trail: points(3, 100, 10) };
    expect(activeTrail([evening, morning], at(-1))).toBeNull();
    expect(activeTrail([evening, morning], at(50))?.id).toBe("m");
    expect(activeTrail([evening, morning], at(100))?.id).toBe("e");
    expect(activeTrail([{ id: "x", trail: [] }], at(0))).toBeNull();
  });
});

describe("replay on a live (simplified) trail", () => {
  // A straight road north at 3 m/s, one fix a second; a 3-minute stop at the 900 m checkpoint, with a metre
  // of GPS wander while standing; then on at 2 m/s (tired).
  const metre = 1 / 111_195;
  const real: WirePoint[] = Array.from({ length: 781 }, (_, s) => {
    const m = s <= 300 ? 3 * s : s <= 480 ? 900 + Math.sin(s / 7) : 900 + 2 * (s - 480);
    return [45 + m * metre, 6, at(s), null];
  });
  const thinned = (indexes: number[]) =>
    indexes.flatMap((i) => {
      const p = real[i];
      return p ? [p] : [];
    });
  const errorsDuring = (trail: WirePoint[], from: number, to: number) =>
    real.slice(from, to + 1).map((p) => {
      const pos = positionAt(trail, p[2]);
      return pos ? haversineMeters(pos.lat, pos.lon, p[0], p[1]) : Number.POSITIVE_INFINITY;
    });
  const fixes = real.map(([lat, lon, ts]) => ({ lat, lon, ts }));

  it("places the runner at the checkpoint during the stop, within the live tolerance", () => {
    const trail = thinned(liveTrailIndexes(fixes));
    expect(trail.length).toBeLessThan(40);
    const worst = Math.max(...errorsDuring(trail, 0, 780));
    expect(worst).toBeLessThanOrEqual(LIVE_TRAIL_TOLERANCE.timeM + 0.01);
    // Mid-stop, the replay shows the runner at the checkpoint.
    const mid = positionAt(trail, at(390));
    expect(mid && haversineMeters(mid.lat, mid.lon, 45 + 900 * metre, 6)).toBeLessThan(2);
  });

  it("a shape-only trail would put the stopped runner hundreds of metres away", () => {
    const trail = thinned(simplifyIndexes(fixes, LIVE_TRAIL_TOLERANCE.shapeM));
    expect(trail).toHaveLength(2);
    expect(Math.max(...errorsDuring(trail, 300, 480))).toBeGreaterThan(200);
  });
});
