import type { Database } from "~/server/db";
import type { ActivityType } from "~/server/domain/activity";
import {
  buildCourse,
  type Checkpoint,
  CheckpointError,
  type Course,
  CourseError,
  climbFactorFor,
  type Cutoff,
  type ProgressParams,
  progressParamsFor,
  type RaceContext,
  type RaceRules,
  type RoutePoint,
  resolveCheckpoints,
  type StartMode,
} from "~/server/domain/race";
import { AppError, notFound } from "~/server/errors";
import { processSingleton } from "~/server/process-singleton";
import type { Race, RaceCheckpoint } from "~/generated/prisma/client";

/** A race as the domain sees it: its course (built once per version), checkpoints and rules. */
export interface RaceModel {
  id: string;
  eventId: string;
  name: string;
  version: number;
  activity: ActivityType;
  endMs: number | null;
  /** Null until a course is uploaded: nobody can be ranked then. */
  context: RaceContext | null;
  /** Which organiser's checkpoint each placed checkpoint comes from (everyLap ones give several). */
  sourceOf: Map<string, string>;
  offCourse: { offCourseM?: number; offCourseSec?: number };
}

export type StoredRoute = [number, number, number | null][];

export const routeOf = (json: unknown): RoutePoint[] =>
  Array.isArray(json)
    ? (json as StoredRoute).map(([lat, lon, altitude]) => ({ lat, lon, altitude: altitude ?? null }))
    : [];

export function rulesOf(race: Race): RaceRules {
  const cutoffs = (Array.isArray(race.cutoffs) ? race.cutoffs : []) as Array<{
    checkpoint_id: string;
    at: string | null;
    after_start_sec: number | null;
  }>;
  return {
    startMode: race.startMode as StartMode,
    startMs: race.startTs.getTime(),
    startClosesMs: race.startClosesTs?.getTime() ?? null,
    cutoffs: cutoffs.map(
      (c): Cutoff => ({
        checkpointId: c.checkpoint_id,
        atMs: c.at ? Date.parse(c.at) : null,
        afterStartSec: c.after_start_sec,
      }),
    ),
    inactivityDnfSec: race.inactivityDnfSec,
    climbFactor: climbFactorFor(race.activityType as ActivityType),
  };
}

/** The checkpoint rows as the domain's plan, each with its row id as checkpoint id. */
export function checkpointPlan(race: Race, rows: readonly RaceCheckpoint[]) {
  return {
    splitEveryM: race.splitEveryM,
    points: rows.map((r) => ({
      id: r.id,
      name: r.name,
      distanceM: r.distanceM,
      position: r.lat !== null && r.lon !== null ? { lat: r.lat, lon: r.lon } : null,
      nearM: r.nearM,
      everyLap: r.everyLap,
    })),
  };
}

/** The domain's refusals (a route that is no course, a checkpoint off it) are the caller's mistake: 400. */
export function asBadRequest<T>(build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof CourseError || error instanceof CheckpointError)
      throw new AppError("BAD_REQUEST", error.message);
    throw error;
  }
}

export function buildRaceCourse(race: Race): Course | null {
  const route = routeOf(race.route);
  return route.length === 0 ? null : asBadRequest(() => buildCourse(route, { laps: race.laps }));
}

export function modelOf(race: Race, rows: readonly RaceCheckpoint[], course: Course | null): RaceModel {
  let checkpoints: Checkpoint[] = [];
  if (course) checkpoints = asBadRequest(() => resolveCheckpoints(course, checkpointPlan(race, rows)));
  const sourceOf = new Map<string, string>();
  for (const c of checkpoints) {
    const source = c.id.split("@")[0] ?? c.id;
    if (rows.some((r) => r.id === source)) sourceOf.set(c.id, source);
  }
  return {
    id: race.id,
    eventId: race.eventId,
    name: race.name,
    version: race.version,
    activity: race.activityType as ActivityType,
    endMs: race.endTs?.getTime() ?? null,
    context: course ? { course, checkpoints, rules: rulesOf(race) } : null,
    sourceOf,
    offCourse: {
      ...(race.offCourseM !== null ? { offCourseM: race.offCourseM } : {}),
      ...(race.offCourseSec !== null ? { offCourseSec: race.offCourseSec } : {}),
    },
  };
}

/** A participant's progress parameters: their wave, the course's closing, the race's off-course limits. */
export function paramsFor(model: RaceModel, waveStartMs: number | null): ProgressParams | null {
  if (!model.context) return null;
  return {
    ...progressParamsFor(model.context.rules, model.activity, waveStartMs, model.endMs),
    ...model.offCourse,
  };
}

// A course takes ~10 ms to build from 5,000 route points, and every batch needs it: one per race version.
const courses = () =>
  processSingleton("race:courses", () => new Map<string, { version: number; course: Course | null }>());

/** The race's model from the database, its course reused while the race's version is the same. */
export async function loadRaceModel(db: Database, raceId: string): Promise<RaceModel> {
  const race = await db.prisma.race.findUnique({
    where: { id: raceId },
    include: { checkpoints: { orderBy: { createdAt: "asc" } } },
  });
  if (!race) throw notFound("Race");
  const cache = courses();
  let hit = cache.get(race.id);
  if (!hit || hit.version !== race.version) {
    hit = { version: race.version, course: buildRaceCourse(race) };
    cache.set(race.id, hit);
  }
  return modelOf(race, race.checkpoints, hit.course);
}
