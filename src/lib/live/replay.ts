import { haversineMeters } from "~/server/domain/stats/geo";
import type { WirePoint } from "./state";

/**
 * Replay: every runner moves on one clock. Positions between two trail points are interpolated linearly in
 * time, so runners sampled at different rates still move smoothly and together.
 */

export const REPLAY_SPEEDS = [1, 2, 5, 10, 30, 60] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];

export interface ReplayTrail {
  id: string;
  trail: WirePoint[];
  /** Distance from the first point to each point (m). */
  cumulative: number[];
}

export function replayTrail(id: string, trail: WirePoint[]): ReplayTrail {
  const cumulative: number[] = [];
  let total = 0;
  trail.forEach((p, i) => {
    const previous = trail[i - 1];
    if (previous) total += haversineMeters(previous[0], previous[1], p[0], p[1]);
    cumulative.push(total);
  });
  return { id, trail, cumulative };
}

/** First and last timestamps over all trails; null when there is nothing to replay. */
export function replayBounds(trails: Array<{ trail: WirePoint[] }>): { start: number; end: number } | null {
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const { trail } of trails) {
    const first = trail[0];
    const last = trail[trail.length - 1];
    if (first) start = Math.min(start, first[2]);
    if (last) end = Math.max(end, last[2]);
  }
  return Number.isFinite(start) && end > start ? { start, end } : null;
}

/** Index of the last point at or before `t`; -1 before the first point. Binary search: trails are sorted. */
export function indexAt(trail: WirePoint[], t: number): number {
  let lo = 0;
  let hi = trail.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = trail[mid];
    if (p && p[2] <= t) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

export interface ReplayPosition {
  lat: number;
  lon: number;
  /** Point before (or at) `t`, and how far towards the next one (0..1). */
  index: number;
  fraction: number;
  /** `t` is past the last point: the runner has arrived (or stopped sending). */
  ended: boolean;
}

/** Where the runner is at `t`: null before its first point, its last point after the end. */
export function positionAt(trail: WirePoint[], t: number): ReplayPosition | null {
  const i = indexAt(trail, t);
  const a = trail[i];
  if (!a) return null;
  const b = trail[i + 1];
  if (!b) return { lat: a[0], lon: a[1], index: i, fraction: 0, ended: true };
  const fraction = (t - a[2]) / (b[2] - a[2]);
  return {
    lat: a[0] + (b[0] - a[0]) * fraction,
    lon: a[1] + (b[1] - a[1]) * fraction,
    index: i,
    fraction,
    ended: false,
  };
}

/** The path travelled by `t`, ending at the interpolated position. */
export function pathUntil(trail: WirePoint[], t: number): Array<[number, number]> {
  const at = positionAt(trail, t);
  if (!at) return [];
  const path = trail.slice(0, at.index + 1).map((p): [number, number] => [p[0], p[1]]);
  if (at.fraction > 0) path.push([at.lat, at.lon]);
  return path;
}

/** Distance covered by `t` (m), along the trail. */
export function distanceAt(replay: ReplayTrail, t: number): number {
  const at = positionAt(replay.trail, t);
  if (!at) return 0;
  const done = replay.cumulative[at.index] ?? 0;
  const next = replay.cumulative[at.index + 1];
  return next === undefined ? done : done + (next - done) * at.fraction;
}

/** The clock after `elapsedMs` of wall time at `speed`; stops at `end`. */
export function advance(t: number, elapsedMs: number, speed: number, end: number): number {
  return Math.min(end, t + Math.max(0, elapsedMs) * speed);
}

/** Of one runner's trails, the one to show at `t`: the latest that has started by then. */
export function activeTrail<T extends { trail: WirePoint[] }>(trails: T[], t: number): T | null {
  let best: T | null = null;
  let bestStart = Number.NEGATIVE_INFINITY;
  for (const item of trails) {
    const first = item.trail[0];
    if (first && first[2] <= t && first[2] > bestStart) {
      best = item;
      bestStart = first[2];
    }
  }
  return best;
}
