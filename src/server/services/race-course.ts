import type { Scope } from "~/server/access/scope";
import type { TRaceResponse } from "~/server/api/schemas/race";
import type { Database } from "~/server/db";
import { FormatError, NoTrackPointsError } from "~/server/domain/formats";
import { InflateBudget } from "~/server/domain/formats/archive";
import { parseRouteXml } from "~/server/domain/formats/route";
import { AppError } from "~/server/errors";
import { parseActivityFileInWorker } from "~/server/workers/cpu-tasks";
import { raceChanged } from "./race-live";
import { findRace, RACE_INCLUDE, toRaceResponse } from "./race-lookup";
import { buildRaceCourse, modelOf, type StoredRoute } from "./race-model";

/** A race's course: the uploaded route file, read into positions, checked as a course and stored. */

const MAX_ROUTE_XML_BYTES = 16 * 1024 * 1024;

type RoutePosition = { lat: number; lon: number; altitude?: number | null };

/** The positions of a GPX, TCX or FIT route (its first track with two points: times are ignored). */
async function routePositions(bytes: Buffer, name: string): Promise<RoutePosition[]> {
  let points: RoutePosition[] = [];
  try {
    const tracks = await parseActivityFileInWorker(bytes, name, new InflateBudget());
    points = tracks.find((t) => t.points.length >= 2)?.points ?? [];
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    // A planned route has no times (the activity parsers refuse it): read its positions alone.
    if (!(error instanceof NoTrackPointsError) || /\.fit$/i.test(name))
      throw new AppError("BAD_REQUEST", error.message);
  }
  if (points.length >= 2) return points;
  // Read on this thread: bounded well below the import cap (a 42 km route is ~1 MB).
  if (bytes.length > MAX_ROUTE_XML_BYTES)
    throw new AppError("BAD_REQUEST", `${name}: a route file without times must be under 16 MB`);
  try {
    return parseRouteXml(bytes, name);
  } catch (error) {
    if (error instanceof FormatError) throw new AppError("BAD_REQUEST", error.message);
    throw error;
  }
}

/**
 * A course from a GPX, TCX or FIT route, parsed in a worker as imports are. The course is built before it is
 * stored: a route that is no course (one point, laps on a route that does not loop) is a 400. Every
 * participant's progress is then computed again, off the request.
 */
export async function uploadCourse(
  db: Database,
  scope: Scope,
  input: { eventId: string; raceId: string; file: { name: string; data_base64: string } },
): Promise<TRaceResponse> {
  const race = await findRace(db, scope, input.raceId, input.eventId);
  const points = await routePositions(Buffer.from(input.file.data_base64, "base64"), input.file.name);
  const route: StoredRoute = points.map((p) => [p.lat, p.lon, p.altitude ?? null]);
  const candidate = { ...race, route };
  const course = buildRaceCourse(candidate);
  if (!course) throw new AppError("BAD_REQUEST", `${input.file.name}: no route in this file`);
  // The checkpoints placed so far must still lie on the new course.
  modelOf(candidate, race.checkpoints, course);
  const updated = await db.prisma.race.update({
    where: { id: race.id },
    data: { route, courseFile: input.file.name, distanceM: course.lengthM, version: { increment: 1 } },
    include: RACE_INCLUDE,
  });
  await raceChanged(db, race.id, { kind: "course" }, 0);
  return toRaceResponse(db, updated);
}
