import type { PauseInterval } from "./types";

/** Pauses merged into disjoint intervals sorted by start (so their ends are sorted too). */
export interface PauseIndex {
  starts: number[];
  ends: number[];
}

export function indexPauses(pauses: readonly PauseInterval[] | undefined): PauseIndex {
  const valid = (pauses ?? [])
    .filter((p) => Number.isFinite(p.start) && !Number.isNaN(p.end) && p.end > p.start)
    .slice()
    .sort((a, b) => a.start - b.start);
  const index: PauseIndex = { starts: [], ends: [] };
  for (const p of valid) {
    const last = index.ends.length - 1;
    const lastEnd = index.ends[last];
    if (lastEnd !== undefined && p.start <= lastEnd) index.ends[last] = Math.max(lastEnd, p.end);
    else {
      index.starts.push(p.start);
      index.ends.push(p.end);
    }
  }
  return index;
}

/** Does the time span [a, b] overlap a pause? O(log n). */
export function overlapsPause(index: PauseIndex, a: number, b: number): boolean {
  let lo = 0;
  let hi = index.ends.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((index.ends[mid] ?? Number.POSITIVE_INFINITY) <= a) lo = mid + 1;
    else hi = mid;
  }
  const start = index.starts[lo];
  return start !== undefined && start < b;
}
