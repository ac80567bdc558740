import { type Scope, scopeEventWhere } from "~/server/access/scope";
import type { TRaceResponse } from "~/server/api/schemas/race";
import type { Database } from "~/server/db";
import type { Checkpoint } from "~/server/domain/race";
import { notFound } from "~/server/errors";
import type { Race, RaceCheckpoint } from "~/generated/prisma/client";
import { loadRaceModel } from "./race-model";

/**
 * A race as every race service reads it: found within the caller's scope (else NOT_FOUND, never another
 * organiser's race) and answered in the API's shape. Each edit (races.ts, race-course.ts,
 * race-checkpoints.ts, race-entries.ts) starts with `findRace` and ends with `toRaceResponse`.
 */

export type RaceWithRows = Race & { checkpoints: RaceCheckpoint[]; _count: { participants: number } };
export const RACE_INCLUDE = {
  checkpoints: { orderBy: { createdAt: "asc" } },
  _count: { select: { participants: true } },
} as const;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toCheckpointResponse(c: Checkpoint, sourceOf: Map<string, string>) {
  return {
    id: c.id,
    name: c.name,
    kind: c.kind,
    distance_m: c.distanceM,
    lap: c.lap,
    source_id: sourceOf.get(c.id) ?? null,
  };
}

export async function toRaceResponse(db: Database, race: RaceWithRows): Promise<TRaceResponse> {
  const model = await loadRaceModel(db, race.id);
  const route = Array.isArray(race.route) ? race.route : [];
  return {
    id: race.id,
    event_id: race.eventId,
    name: race.name,
    activity_type: model.activity,
    start_mode: race.startMode as TRaceResponse["start_mode"],
    start_at: race.startTs.toISOString(),
    start_closes_at: iso(race.startClosesTs),
    end_at: iso(race.endTs),
    inactivity_dnf_sec: race.inactivityDnfSec,
    laps: race.laps,
    split_every_m: race.splitEveryM,
    off_course_m: race.offCourseM,
    off_course_sec: race.offCourseSec,
    cutoffs: (Array.isArray(race.cutoffs) ? race.cutoffs : []) as TRaceResponse["cutoffs"],
    course:
      model.context && race.distanceM !== null
        ? { file: race.courseFile, distance_m: race.distanceM, points: route.length }
        : null,
    checkpoints: (model.context?.checkpoints ?? []).map((c) => toCheckpointResponse(c, model.sourceOf)),
    participants: race._count.participants,
  };
}

/** The event, if the caller may see it (a token: its own; an organiser: theirs); else NOT_FOUND. */
export async function visibleEvent(db: Database, scope: Scope, eventId: string) {
  const event = await db.prisma.event.findFirst({
    where: { AND: [{ id: eventId }, scopeEventWhere(scope)] },
  });
  if (!event) throw notFound("Event");
  return event;
}

export async function findRace(
  db: Database,
  scope: Scope,
  raceId: string,
  eventId?: string,
): Promise<RaceWithRows> {
  const race = await db.prisma.race.findFirst({
    where: { id: raceId, ...(eventId ? { eventId } : {}), event: scopeEventWhere(scope) },
    include: RACE_INCLUDE,
  });
  if (!race) throw notFound("Race");
  return race;
}
