import type { PauseInterval } from "./types";

/** A gap between two fixes this long starts a new segment (a phone off, a tunnel, a watch stopped). */
export const SEGMENT_GAP_MS = 5 * 60_000;

export interface Segment {
  /** From 0, in time order. */
  index: number;
  /** Indices of the segment's first and last point in the track's points (sorted by time). */
  first: number;
  last: number;
  startTs: number;
  endTs: number;
}

/**
 * A track's segments, as FitTrackee has them: the file's own (GPX <trkseg>: `starts`), the athlete's pauses
 * (a segment ends where a pause begins, the next starts after it) and gaps of SEGMENT_GAP_MS or more between
 * fixes. Points sorted by time; a track without points has no segment.
 */
export function segmentsOf(
  points: ReadonlyArray<{ ts: number }>,
  opts: { starts?: readonly number[]; pauses?: readonly PauseInterval[] } = {},
): Segment[] {
  const segments: Segment[] = [];
  const first = points[0];
  if (!first) return segments;
  const starts = [...(opts.starts ?? [])].sort((a, b) => a - b);
  const pauses = [...(opts.pauses ?? [])].sort((a, b) => a.start - b.start);
  let begin = 0;
  let s = 0;
  let p = 0;
  for (let i = 1; i < points.length; i++) {
    const prev = (points[i - 1] as { ts: number }).ts;
    const ts = (points[i] as { ts: number }).ts;
    let cut = ts - prev >= SEGMENT_GAP_MS;
    while (s < starts.length && (starts[s] as number) <= ts) {
      if ((starts[s] as number) > prev) cut = true;
      s++;
    }
    while (p < pauses.length && (pauses[p] as PauseInterval).start < ts) {
      if ((pauses[p] as PauseInterval).start >= prev) cut = true;
      p++;
    }
    if (cut) {
      segments.push(segment(segments.length, begin, i - 1, points));
      begin = i;
    }
  }
  segments.push(segment(segments.length, begin, points.length - 1, points));
  return segments;
}

function segment(index: number, first: number, last: number, points: ReadonlyArray<{ ts: number }>): Segment {
  return { index, first, last, startTs: points[first]?.ts ?? 0, endTs: points[last]?.ts ?? 0 };
}
