import type { Scope } from "~/server/access/scope";
import type {
  TCreateRaceRequest,
  TRaceFields,
  TRaceResponse,
  TUpdateRaceRequest,
} from "~/server/api/schemas/race";
import type { Database } from "~/server/db";
import { AppError } from "~/server/errors";
import type { Prisma, Race } from "~/generated/prisma/client";
import { withImportVisibility } from "./import-visibility";
import { isUniqueViolation } from "./prisma-errors";
import { entrantIds } from "./race-entries";
import { raceChanged } from "./race-live";
import { findRace, RACE_INCLUDE, type RaceWithRows, toRaceResponse, visibleEvent } from "./race-lookup";
import { buildRaceCourse, loadRaceModel, modelOf } from "./race-model";
import { changedCheckpointIds } from "./race-recompute";

/**
 * A race's definition (docs/race.md, "Integration"): list, read, create, edit its rules and window, delete.
 * Its other homes: the course upload in race-course.ts, checkpoints in race-checkpoints.ts, who runs it in
 * race-entries.ts, lookup and the answer's shape in race-lookup.ts.
 */

const date = (v: string | null) => (v ? new Date(v) : null);

function fields(f: TRaceFields) {
  return {
    name: f.name,
    activityType: f.activity_type,
    startMode: f.start_mode,
    startTs: new Date(f.start_at),
    startClosesTs: date(f.start_closes_at),
    endTs: date(f.end_at),
    inactivityDnfSec: f.inactivity_dnf_sec,
    laps: f.laps,
    splitEveryM: f.split_every_m,
    offCourseM: f.off_course_m,
    offCourseSec: f.off_course_sec,
    cutoffs: f.cutoffs as unknown as Prisma.InputJsonValue,
  };
}

const conflict = (error: unknown, name: string) =>
  isUniqueViolation(error)
    ? new AppError("CONFLICT", `A race named "${name}" already exists in this event`)
    : error;

export async function listRaces(db: Database, scope: Scope, eventId: string): Promise<TRaceResponse[]> {
  await visibleEvent(db, scope, eventId);
  const races = await db.prisma.race.findMany({
    where: { eventId },
    include: RACE_INCLUDE,
    orderBy: { startTs: "asc" },
  });
  return Promise.all(races.map((r) => toRaceResponse(db, r)));
}

export async function getRace(db: Database, scope: Scope, raceId: string): Promise<TRaceResponse> {
  return toRaceResponse(db, await findRace(db, scope, raceId));
}

/** Checks the rules against the race's checkpoints: a cut-off must name one of them. */
async function checkCutoffs(db: Database, race: Race) {
  const model = await loadRaceModel(db, race.id);
  if (!model.context) return;
  const ids = new Set(model.context.checkpoints.map((c) => c.id));
  for (const c of model.context.rules.cutoffs)
    if (!ids.has(c.checkpointId))
      throw new AppError("BAD_REQUEST", `cut-off at unknown checkpoint "${c.checkpointId}"`);
}

export async function createRace(
  db: Database,
  ownerId: string,
  input: TCreateRaceRequest,
): Promise<TRaceResponse> {
  await visibleEvent(db, { ownerId }, input.event_id);
  try {
    const race = await db.prisma.race.create({
      data: { eventId: input.event_id, ...fields(input) },
      include: RACE_INCLUDE,
    });
    return toRaceResponse(db, race);
  } catch (error) {
    throw conflict(error, input.name);
  }
}

export async function updateRace(
  db: Database,
  ownerId: string,
  input: TUpdateRaceRequest,
): Promise<TRaceResponse> {
  const before = await findRace(db, { ownerId }, input.race_id);
  const beforeModel = await loadRaceModel(db, before.id);
  // The window (waves: each entrant's own start) decides which of the entrants' imported files live views show.
  const windowMoved =
    before.startMode !== input.start_mode ||
    before.startTs.getTime() !== Date.parse(input.start_at) ||
    (before.endTs?.getTime() ?? null) !== (date(input.end_at)?.getTime() ?? null);
  const entrants = windowMoved ? await entrantIds(db, before.id) : [];
  let race: RaceWithRows;
  try {
    race = await withImportVisibility(db, before.eventId, entrants, () =>
      db.prisma.$transaction(async (tx) => {
        const r = await tx.race.update({
          where: { id: before.id },
          data: { ...fields(input), version: { increment: 1 } },
          include: RACE_INCLUDE,
        });
        // A new number of laps makes another course: it must still hold every checkpoint.
        const course = buildRaceCourse(r);
        if (course) modelOf(r, r.checkpoints, course);
        return r;
      }),
    );
  } catch (error) {
    throw conflict(error, input.name);
  }
  await checkCutoffs(db, race);
  const courseChanged = before.laps !== race.laps;
  const windowChanged =
    windowMoved ||
    before.activityType !== race.activityType ||
    before.offCourseM !== race.offCourseM ||
    before.offCourseSec !== race.offCourseSec;
  if (courseChanged || windowChanged) await raceChanged(db, race.id, { kind: "course" }, 0);
  else if (before.splitEveryM !== race.splitEveryM) {
    const after = await loadRaceModel(db, race.id);
    const ids = changedCheckpointIds(
      beforeModel.context?.checkpoints ?? [],
      after.context?.checkpoints ?? [],
    );
    await raceChanged(db, race.id, { kind: "checkpoints", ids });
  } else await raceChanged(db, race.id, { kind: "rules" });
  return toRaceResponse(db, race);
}

export async function deleteRace(db: Database, ownerId: string, raceId: string): Promise<{ id: string }> {
  const race = await findRace(db, { ownerId }, raceId);
  await withImportVisibility(db, race.eventId, await entrantIds(db, race.id), () =>
    db.prisma.race.delete({ where: { id: race.id } }),
  );
  await raceChanged(db, race.id, { kind: "deleted" });
  return { id: race.id };
}
