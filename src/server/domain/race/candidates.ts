import type { Course } from "./course";
import { projectOnSegment, toX, toY } from "./geo";
import { CANDIDATE_MERGE_M } from "./params";

/**
 * Uniform grid over the lap's segments: each cell lists the segments whose bounding box touches it, so
 * finding the course near a fix reads a handful of cells instead of every segment. Cells are keyed in a
 * Map (a 200 km point-to-point course would otherwise need millions of empty cells).
 */
export interface CourseGrid {
  cellM: number;
  cells: Map<number, Int32Array>;
  /** Per segment, the number of the last query that saw it (dedupes segments listed in several cells). */
  seen: Int32Array;
  query: number;
}

/** One place on the course near a fix: one per pass of the course there (and per lap). */
export interface Candidate {
  alongM: number;
  offsetM: number;
}

const OFFSET = 2 ** 20;
const cellKey = (cx: number, cy: number): number => (cx + OFFSET) * 2 ** 21 + (cy + OFFSET);

export function buildGrid(x: Float64Array, y: Float64Array, cellM: number): CourseGrid {
  const lists = new Map<number, number[]>();
  for (let s = 0; s + 1 < x.length; s++) {
    const ax = x[s] ?? 0;
    const ay = y[s] ?? 0;
    const bx = x[s + 1] ?? 0;
    const by = y[s + 1] ?? 0;
    const x0 = Math.floor(Math.min(ax, bx) / cellM);
    const x1 = Math.floor(Math.max(ax, bx) / cellM);
    const y0 = Math.floor(Math.min(ay, by) / cellM);
    const y1 = Math.floor(Math.max(ay, by) / cellM);
    for (let cx = x0; cx <= x1; cx++) {
      for (let cy = y0; cy <= y1; cy++) {
        const key = cellKey(cx, cy);
        const list = lists.get(key);
        if (list) list.push(s);
        else lists.set(key, [s]);
      }
    }
  }
  const cells = new Map<number, Int32Array>();
  for (const [key, list] of lists) cells.set(key, Int32Array.from(list));
  return { cellM, cells, seen: new Int32Array(Math.max(0, x.length - 1)), query: 0 };
}

/**
 * Every pass of the course within `radiusM` of the point, sorted by distance along the course: the
 * nearest point of each segment in range, then non-minimum suppression along the course (a projection is
 * kept only if no other within CANDIDATE_MERGE_M along is nearer), so a straight road gives one candidate
 * per pass while the lanes of a hairpin or of an out-and-back stay apart. Laps repeat each candidate.
 */
export function candidatesAt(course: Course, lat: number, lon: number, radiusM: number): Candidate[] {
  const { grid, x, y, cum, segmentM } = course;
  const px = toX(course.frame, lon);
  const py = toY(course.frame, lat);
  grid.query = grid.query >= 2 ** 31 - 1 ? 1 : grid.query + 1;
  if (grid.query === 1) grid.seen.fill(0);
  const raw: Candidate[] = [];
  const x0 = Math.floor((px - radiusM) / grid.cellM);
  const x1 = Math.floor((px + radiusM) / grid.cellM);
  const y0 = Math.floor((py - radiusM) / grid.cellM);
  const y1 = Math.floor((py + radiusM) / grid.cellM);
  for (let cx = x0; cx <= x1; cx++) {
    for (let cy = y0; cy <= y1; cy++) {
      const list = grid.cells.get(cellKey(cx, cy));
      if (list === undefined) continue;
      for (const s of list) {
        if (grid.seen[s] === grid.query) continue;
        grid.seen[s] = grid.query;
        const hit = projectOnSegment(px, py, x[s] ?? 0, y[s] ?? 0, x[s + 1] ?? 0, y[s + 1] ?? 0);
        if (hit.distance > radiusM || !isLocalMinimum(course, px, py, s, hit.fraction)) continue;
        raw.push({ alongM: (cum[s] ?? 0) + hit.fraction * (segmentM[s] ?? 0), offsetM: hit.distance });
      }
    }
  }
  if (raw.length === 0) return raw;
  const laps: Candidate[] = [];
  for (let lap = 0; lap < course.laps; lap++) {
    const base = lap * course.lapLengthM;
    for (const c of raw) laps.push({ alongM: base + c.alongM, offsetM: c.offsetM });
  }
  laps.sort((a, b) => a.alongM - b.alongM);
  return suppressNonMinima(laps);
}

/**
 * A projection clamped to a vertex is the nearest point of the course around it only if the neighbouring
 * segment clamps to the same vertex (the fix lies outside the corner) or the vertex ends the course; else
 * the neighbour has a nearer point and this one is an artefact (a second, false pass of the course).
 */
function isLocalMinimum(course: Course, px: number, py: number, s: number, fraction: number): boolean {
  const { x, y } = course;
  const last = x.length - 1;
  if (fraction === 0) {
    if (s === 0) return true;
    return projectOnSegment(px, py, x[s - 1] ?? 0, y[s - 1] ?? 0, x[s] ?? 0, y[s] ?? 0).fraction === 1;
  }
  if (fraction === 1) {
    if (s + 1 === last) return true;
    return (
      projectOnSegment(px, py, x[s + 1] ?? 0, y[s + 1] ?? 0, x[s + 2] ?? 0, y[s + 2] ?? 0).fraction === 0
    );
  }
  return true;
}

function suppressNonMinima(sorted: Candidate[]): Candidate[] {
  const kept: Candidate[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const c = sorted[i];
    if (c === undefined) continue;
    let best = true;
    for (let j = i - 1; j >= 0 && best; j--) {
      const o = sorted[j];
      if (o === undefined || c.alongM - o.alongM > CANDIDATE_MERGE_M) break;
      // Ties go to the earlier one, so exactly one of equal neighbours survives.
      if (o.offsetM <= c.offsetM) best = false;
    }
    for (let j = i + 1; j < sorted.length && best; j++) {
      const o = sorted[j];
      if (o === undefined || o.alongM - c.alongM > CANDIDATE_MERGE_M) break;
      if (o.offsetM < c.offsetM) best = false;
    }
    if (best) kept.push(c);
  }
  return kept;
}
