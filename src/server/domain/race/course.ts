import { haversineMeters } from "~/server/domain/stats/geo";
import { simplifyIndexes } from "../simplify";
import { buildGrid, type CourseGrid } from "./candidates";
import { type CourseLine, courseLine, inLap, positionAt } from "./course-line";
import { type LocalFrame, localFrame, toX, toY } from "./geo";
import { COURSE_SIMPLIFY_M, GRID_CELL_M, LOOP_CLOSE_M } from "./params";
import { buildProfile, type ElevationProfile, profileValue } from "./profile";

/** Positions along the course are the line's (course-line.ts: the browser places runners with it too). */
export { type CourseLine, positionAt } from "./course-line";

/** A route point: parsed from GPX/TCX/FIT (time ignored) or drawn on the map (no altitude). */
export interface RoutePoint {
  lat: number;
  lon: number;
  altitude?: number | null;
}

export interface CourseOptions {
  /** The route is one lap, run this many times (default 1); needs a loop (start and end within 100 m). */
  laps?: number;
  /** Douglas–Peucker tolerance in metres (default COURSE_SIMPLIFY_M; 0 keeps every point). */
  simplifyToleranceM?: number;
}

/**
 * A race course, built once per route and kept in memory (it holds typed arrays and a spatial index, so it
 * is rebuilt from the route rather than serialised). Distances along the course run from 0 at the start
 * to `lengthM` at the finish, over every lap.
 */
export interface Course extends CourseLine {
  /** One lap's vertices' positions in the local plane (lat, lon, cum: see CourseLine). */
  x: Float64Array;
  y: Float64Array;
  /** Start and end within LOOP_CLOSE_M of each other. */
  loop: boolean;
  frame: LocalFrame;
  grid: CourseGrid;
  /** Null when the route has no altitudes (drawn on the map). */
  profile: ElevationProfile | null;
}

export class CourseError extends Error {
  override name = "CourseError";
}

const validPoint = (p: RoutePoint): boolean =>
  Number.isFinite(p.lat) && Number.isFinite(p.lon) && Math.abs(p.lat) <= 90 && Math.abs(p.lon) <= 180;

export function buildCourse(route: readonly RoutePoint[], options: CourseOptions = {}): Course {
  const points = route.filter(validPoint);
  const laps = options.laps ?? 1;
  if (!Number.isInteger(laps) || laps < 1) throw new CourseError("laps must be a positive integer");
  const kept = simplifyIndexes(points, options.simplifyToleranceM ?? COURSE_SIMPLIFY_M).filter(
    (i, k, all) => {
      // Repeated points would make zero-length segments.
      const prev = all[k - 1];
      const a = points[i];
      const b = prev === undefined ? undefined : points[prev];
      return a !== undefined && (b === undefined || a.lat !== b.lat || a.lon !== b.lon);
    },
  );
  if (kept.length < 2) throw new CourseError("a course needs at least two distinct points");
  const n = kept.length;
  const lat = new Float64Array(n);
  const lon = new Float64Array(n);
  kept.forEach((i, k) => {
    lat[k] = points[i]?.lat ?? 0;
    lon[k] = points[i]?.lon ?? 0;
  });
  const mid = (values: Float64Array) =>
    (values.reduce((a, b) => Math.min(a, b)) + values.reduce((a, b) => Math.max(a, b))) / 2;
  const frame = localFrame(mid(lat), mid(lon));
  const x = lat.map((_, k) => toX(frame, lon[k] ?? 0));
  const y = lat.map((v) => toY(frame, v));
  const line = courseLine(lat, lon, laps);
  const { cum, lapLengthM } = line;
  const loop = haversineMeters(lat[0] ?? 0, lon[0] ?? 0, lat[n - 1] ?? 0, lon[n - 1] ?? 0) <= LOOP_CLOSE_M;
  if (laps > 1 && !loop) throw new CourseError("a course with laps must end where it starts");
  return {
    ...line,
    x,
    y,
    loop,
    frame,
    grid: buildGrid(x, y, GRID_CELL_M),
    profile: buildProfile(
      routeAlong(points, kept, cum),
      points.map((p) => p.altitude ?? null),
      lapLengthM,
    ),
  };
}

/**
 * Distance along the simplified lap of every original point: exact at the kept vertices, proportional to
 * the original path in between (so the altitudes the simplification dropped still shape the profile).
 */
function routeAlong(points: readonly RoutePoint[], kept: readonly number[], cum: Float64Array): number[] {
  const along = points.map(() => 0);
  for (let k = 0; k + 1 < kept.length; k++) {
    const from = kept[k] ?? 0;
    const to = kept[k + 1] ?? from;
    const original = [0];
    for (let j = from + 1; j <= to; j++) {
      const a = points[j - 1];
      const b = points[j];
      const step = a && b ? haversineMeters(a.lat, a.lon, b.lat, b.lon) : 0;
      original.push((original[original.length - 1] ?? 0) + step);
    }
    const total = original[original.length - 1] ?? 0;
    const start = cum[k] ?? 0;
    const span = (cum[k + 1] ?? start) - start;
    for (let j = from; j <= to; j++) {
      along[j] = start + (total > 0 ? ((original[j - from] ?? 0) / total) * span : 0);
    }
  }
  const last = kept[kept.length - 1] ?? 0;
  for (let j = last + 1; j < points.length; j++) along[j] = cum[cum.length - 1] ?? 0;
  return along;
}

/** Smoothed altitude at a distance along the course; null without a profile. */
export function altitudeAt(course: Course, distanceM: number): number | null {
  const profile = course.profile;
  return profile === null ? null : profileValue(profile, profile.altitude, inLap(course, distanceM).d);
}

/** Climb and descent from the start to `distanceM` (whole laps included); zeros without a profile. */
export function climbTo(course: Course, distanceM: number): { gainM: number; lossM: number } {
  const profile = course.profile;
  if (profile === null) return { gainM: 0, lossM: 0 };
  const { lap, d } = inLap(course, distanceM);
  const lapGain = profileValue(profile, profile.gain, course.lapLengthM);
  const lapLoss = profileValue(profile, profile.loss, course.lapLengthM);
  return {
    gainM: lap * lapGain + profileValue(profile, profile.gain, d),
    lossM: lap * lapLoss + profileValue(profile, profile.loss, d),
  };
}

/** Spacings a map's distance markers may take, shortest first (metres). */
const MARKER_STEPS_M = [1000, 2000, 5000, 10_000, 20_000, 50_000];
/** At most this many markers on one lap: more crowd a phone's map into an unreadable row of labels. */
const MAX_MARKERS = 12;

/** The distance markers' spacing for a lap of this length: every km on a 10 km, every 5 km on a marathon. */
export function markerSpacingM(lapLengthM: number): number {
  return MARKER_STEPS_M.find((step) => lapLengthM / step <= MAX_MARKERS) ?? 100_000;
}

/** Distance markers every `everyM` metres (default 1 km), start and finish excluded. */
export function courseMarkers(
  course: Course,
  everyM = 1000,
): { distanceM: number; lat: number; lon: number; altitudeM: number | null }[] {
  const markers: { distanceM: number; lat: number; lon: number; altitudeM: number | null }[] = [];
  if (!(everyM > 0)) return markers;
  for (let d = everyM; d < course.lengthM - 1e-6; d += everyM) {
    markers.push({ distanceM: d, ...positionAt(course, d), altitudeM: altitudeAt(course, d) });
  }
  return markers;
}

/** The elevation chart: about `maxPoints` evenly spaced samples over the whole course; empty without a profile. */
export function elevationChart(course: Course, maxPoints = 500): { distanceM: number; altitudeM: number }[] {
  if (course.profile === null || maxPoints < 2) return [];
  const step = course.lengthM / (maxPoints - 1);
  const chart: { distanceM: number; altitudeM: number }[] = [];
  for (let k = 0; k < maxPoints; k++) {
    const d = k * step;
    chart.push({ distanceM: d, altitudeM: altitudeAt(course, d) ?? 0 });
  }
  return chart;
}

/** One lap's vertices as [lat, lon] pairs, for the map. */
export function coursePolyline(course: Course): [number, number][] {
  return Array.from(course.lat, (v, k) => [v, course.lon[k] ?? 0]);
}
