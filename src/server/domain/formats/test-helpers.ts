import { readFileSync } from "node:fs";
import path from "node:path";

/** Real recordings shared by the project (read-only), see ../shared/fixtures/README.md. */
export const FIXTURES_DIR = path.resolve(import.meta.dirname, "../../../../../shared/fixtures/real");

/** Real files that break naive parsers (../shared/fixtures/broken). */
export const BROKEN_FIXTURES_DIR = path.resolve(FIXTURES_DIR, "../broken");

export function readBrokenFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(BROKEN_FIXTURES_DIR, name)));
}

export function readFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FIXTURES_DIR, name)));
}

export function readFixtureText(name: string): string {
  return readFileSync(path.join(FIXTURES_DIR, name), "utf8");
}

/** Great-circle length of a polyline in metres (spherical Earth, R = 6371 km). */
export function pathLengthMeters(points: ReadonlyArray<{ lat: number; lon: number }>): number {
  const rad = Math.PI / 180;
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1];
    const b = points[i];
    if (!a || !b) continue;
    const dLat = (b.lat - a.lat) * rad;
    const dLon = (b.lon - a.lon) * rad;
    const h =
      Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
    total += 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
  }
  return total;
}

/** Runs `fn` and returns its result with the elapsed wall time in ms. */
export function timed<T>(fn: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = fn();
  return { result, ms: performance.now() - start };
}
