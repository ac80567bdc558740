// Over 300 lines: every write of a race (definition, course, checkpoints, entries) and its recompute trigger.
import { type Scope, scopeEventWhere } from "~/server/access/scope";
import type {
  TCheckpointFields,
  TCreateRaceRequest,
  TEntryRequest,
  TRaceFields,
  TRaceResponse,
  TUpdateRaceRequest,
} from "~/server/api/schemas/race";
import type { Database } from "~/server/db";
import { deleteParticipantProgress } from "~/server/db/races";
import type { Checkpoint } from "~/server/domain/race";
import { FormatError, NoTrackPointsError } from "~/server/domain/formats";
import { parseRouteXml } from "~/server/domain/formats/route";
import { InflateBudget } from "~/server/domain/formats/archive";
import { AppError, notFound } from "~/server/errors";
import { parseActivityFileInWorker } from "~/server/workers/cpu-tasks";
import type { Prisma, Race, RaceCheckpoint } from "~/generated/prisma/client";
import { isUniqueViolation } from "./prisma-errors";
import { raceChanged } from "./race-live";
import { changedCheckpointIds } from "./race-recompute";
import { withImportVisibility } from "./import-visibility";
import { asBadRequest, buildRaceCourse, loadRaceModel, modelOf, type StoredRoute } from "./race-model";

/** Races of an event: definitions, course upload, checkpoints and entries (docs/race.md, "Integration"). */

const MAX_ROUTE_XML_BYTES = 16 * 1024 * 1024;
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const date = (v: string | null) => (v ? new Date(v) : null);

type RaceWithRows = Race & { checkpoints: RaceCheckpoint[]; _count: { participants: number } };
const INCLUDE = {
  checkpoints: { orderBy: { createdAt: "asc" } },
  _count: { select: { participants: true } },
} as const;

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

async function toRaceResponse(db: Database, race: RaceWithRows): Promise<TRaceResponse> {
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

/** The event, if the caller may see it (a token: its own; an organiser: theirs); else NOT_FOUND. */
async function visibleEvent(db: Database, scope: Scope, eventId: string) {
  const event = await db.prisma.event.findFirst({
    where: { AND: [{ id: eventId }, scopeEventWhere(scope)] },
  });
  if (!event) throw notFound("Event");
  return event;
}

export async function findRace(db: Database, scope: Scope, raceId: string, eventId?: string) {
  const race = await db.prisma.race.findFirst({
    where: { id: raceId, ...(eventId ? { eventId } : {}), event: scopeEventWhere(scope) },
    include: INCLUDE,
  });
  if (!race) throw notFound("Race");
  return race;
}

export async function listRaces(db: Database, scope: Scope, eventId: string): Promise<TRaceResponse[]> {
  await visibleEvent(db, scope, eventId);
  const races = await db.prisma.race.findMany({
    where: { eventId },
    include: INCLUDE,
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
      include: INCLUDE,
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
          include: INCLUDE,
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

async function entrantIds(db: Database, raceId: string): Promise<string[]> {
  const rows = await db.prisma.raceParticipant.findMany({
    where: { raceId },
    select: { participantId: true },
  });
  return rows.map((r) => r.participantId);
}

export async function deleteRace(db: Database, ownerId: string, raceId: string): Promise<{ id: string }> {
  const race = await findRace(db, { ownerId }, raceId);
  await withImportVisibility(db, race.eventId, await entrantIds(db, race.id), () =>
    db.prisma.race.delete({ where: { id: race.id } }),
  );
  await raceChanged(db, race.id, { kind: "deleted" });
  return { id: race.id };
}

/**
 * A course from a GPX, TCX or FIT route (its first track: times are ignored), parsed in a worker as imports
 * are. The course is built before it is stored: a route that is no course (one point, laps on a route that
 * does not loop) is a 400. Every participant's progress is then computed again, off the request.
 */
export async function uploadCourse(
  db: Database,
  scope: Scope,
  input: { eventId: string; raceId: string; file: { name: string; data_base64: string } },
): Promise<TRaceResponse> {
  const race = await findRace(db, scope, input.raceId, input.eventId);
  const bytes = Buffer.from(input.file.data_base64, "base64");
  let points: { lat: number; lon: number; altitude?: number | null }[] = [];
  try {
    const tracks = await parseActivityFileInWorker(bytes, input.file.name, new InflateBudget());
    points = tracks.find((t) => t.points.length >= 2)?.points ?? [];
  } catch (error) {
    if (!(error instanceof FormatError)) throw error;
    // A planned route has no times (the activity parsers refuse it): read its positions alone.
    if (!(error instanceof NoTrackPointsError) || /\.fit$/i.test(input.file.name))
      throw new AppError("BAD_REQUEST", error.message);
  }
  if (points.length < 2) {
    // Read on this thread: bounded well below the import cap (a 42 km route is ~1 MB).
    if (bytes.length > MAX_ROUTE_XML_BYTES)
      throw new AppError("BAD_REQUEST", `${input.file.name}: a route file without times must be under 16 MB`);
    try {
      points = parseRouteXml(bytes, input.file.name);
    } catch (error) {
      if (error instanceof FormatError) throw new AppError("BAD_REQUEST", error.message);
      throw error;
    }
  }
  const route: StoredRoute = points.map((p) => [p.lat, p.lon, p.altitude ?? null]);
  const candidate = { ...race, route };
  const course = buildRaceCourse(candidate);
  if (!course) throw new AppError("BAD_REQUEST", `${input.file.name}: no route in this file`);
  // The checkpoints placed so far must still lie on the new course.
  modelOf(candidate, race.checkpoints, course);
  const updated = await db.prisma.race.update({
    where: { id: race.id },
    data: { route, courseFile: input.file.name, distanceM: course.lengthM, version: { increment: 1 } },
    include: INCLUDE,
  });
  await raceChanged(db, race.id, { kind: "course" }, 0);
  return toRaceResponse(db, updated);
}

function checkpointData(c: TCheckpointFields) {
  return {
    name: c.name,
    distanceM: c.distance_m,
    lat: c.position?.lat ?? null,
    lon: c.position?.lon ?? null,
    nearM: c.near_m,
    everyLap: c.every_lap,
  };
}

/**
 * Adds, moves or deletes a checkpoint in a transaction that places every checkpoint on the course first
 * (off the course, a duplicate: 400, nothing stored), then recomputes the passings of the checkpoints that
 * changed (race-live.ts: a few index lookups per participant).
 */
async function editCheckpoints(
  db: Database,
  race: RaceWithRows,
  edit: (tx: Prisma.TransactionClient) => Promise<unknown>,
): Promise<TRaceResponse> {
  const beforeModel = await loadRaceModel(db, race.id);
  if (!beforeModel.context)
    throw new AppError("BAD_REQUEST", "Upload the race's course before its checkpoints");
  const updated = await db.prisma.$transaction(async (tx) => {
    await edit(tx);
    const r = await tx.race.update({
      where: { id: race.id },
      data: { version: { increment: 1 } },
      include: INCLUDE,
    });
    asBadRequest(() => modelOf(r, r.checkpoints, beforeModel.context?.course ?? null));
    return r;
  });
  const after = await loadRaceModel(db, race.id);
  const ids = changedCheckpointIds(beforeModel.context.checkpoints, after.context?.checkpoints ?? []);
  await raceChanged(db, race.id, { kind: "checkpoints", ids });
  return toRaceResponse(db, updated);
}

export async function addCheckpoint(db: Database, ownerId: string, raceId: string, c: TCheckpointFields) {
  const race = await findRace(db, { ownerId }, raceId);
  return editCheckpoints(db, race, (tx) =>
    tx.raceCheckpoint.create({ data: { raceId, ...checkpointData(c) } }),
  );
}

async function findCheckpoint(db: Database, ownerId: string, id: string) {
  const row = await db.prisma.raceCheckpoint.findFirst({ where: { id, race: { event: { ownerId } } } });
  if (!row) throw notFound("Checkpoint");
  return { row, race: await findRace(db, { ownerId }, row.raceId) };
}

export async function updateCheckpoint(db: Database, ownerId: string, id: string, c: TCheckpointFields) {
  const { race } = await findCheckpoint(db, ownerId, id);
  return editCheckpoints(db, race, (tx) =>
    tx.raceCheckpoint.update({ where: { id }, data: checkpointData(c) }),
  );
}

export async function deleteCheckpoint(db: Database, ownerId: string, id: string) {
  const { race } = await findCheckpoint(db, ownerId, id);
  return editCheckpoints(db, race, (tx) => tx.raceCheckpoint.delete({ where: { id } }));
}

/** Enters a participant of the event in a race (or changes their wave and the organiser's decisions). */
export async function enterParticipant(db: Database, ownerId: string, input: TEntryRequest) {
  const race = await findRace(db, { ownerId }, input.race_id);
  const participant = await db.prisma.participant.findFirst({
    where: { id: input.participant_id, eventId: race.eventId },
    include: { race: true },
  });
  if (!participant) throw notFound("Participant");
  const data = {
    waveStartTs: date(input.wave_start_at),
    statusOverride: input.status,
    startOverride: date(input.start_at),
    finishOverride: date(input.finish_at),
  };
  const previous = participant.race?.raceId ?? null;
  await withImportVisibility(db, race.eventId, [participant.id], () =>
    db.prisma.$transaction(async (tx) => {
      if (previous && previous !== race.id)
        await tx.raceParticipant.delete({ where: { participantId: participant.id } });
      await tx.raceParticipant.upsert({
        where: { participantId: participant.id },
        create: { raceId: race.id, participantId: participant.id, ...data },
        update: data,
      });
    }),
  );
  if (previous && previous !== race.id) {
    await deleteParticipantProgress(db, previous, participant.id);
    await raceChanged(db, previous, { kind: "entries" });
  }
  await raceChanged(db, race.id, { kind: "entries" });
  return { race_id: race.id, participant_id: participant.id };
}

export async function leaveRace(db: Database, ownerId: string, participantId: string) {
  const entry = await db.prisma.raceParticipant.findFirst({
    where: { participantId, race: { event: { ownerId } } },
    include: { race: { select: { eventId: true } } },
  });
  if (!entry) throw notFound("Race entry");
  await withImportVisibility(db, entry.race.eventId, [participantId], () =>
    db.prisma.raceParticipant.delete({ where: { participantId } }),
  );
  await deleteParticipantProgress(db, entry.raceId, participantId);
  await raceChanged(db, entry.raceId, { kind: "entries" });
  return { participant_id: participantId };
}
