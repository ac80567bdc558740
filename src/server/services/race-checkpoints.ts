import type { TCheckpointFields, TRaceResponse } from "~/server/api/schemas/race";
import type { Database } from "~/server/db";
import { AppError, notFound } from "~/server/errors";
import type { Prisma } from "~/generated/prisma/client";
import { raceChanged } from "./race-live";
import { findRace, RACE_INCLUDE, type RaceWithRows, toRaceResponse } from "./race-lookup";
import { asBadRequest, loadRaceModel, modelOf } from "./race-model";
import { changedCheckpointIds } from "./race-recompute";

/** The organiser's checkpoints of a race: add, move or rename, delete, each followed by its recompute. */

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
      include: RACE_INCLUDE,
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
