import type { TEntryRequest } from "~/server/api/schemas/race";
import type { Database } from "~/server/db";
import { deleteParticipantProgress } from "~/server/db/races";
import { notFound } from "~/server/errors";
import { withImportVisibility } from "./import-visibility";
import { raceChanged } from "./race-live";
import { findRace } from "./race-lookup";

/**
 * Who runs a race: entering a participant of the event (with their wave and the organiser's decisions),
 * removing them. Each edit may show or hide the participant's imported files in live views.
 */

const date = (v: string | null) => (v ? new Date(v) : null);

/** The participants entered in a race. */
export async function entrantIds(db: Database, raceId: string): Promise<string[]> {
  const rows = await db.prisma.raceParticipant.findMany({
    where: { raceId },
    select: { participantId: true },
  });
  return rows.map((r) => r.participantId);
}

/**
 * The participants entered in a race of the event without cut-off: their windows end with the start's local
 * day, so the event's time zone places that end (domain/live/imports.ts windowEnd).
 */
export async function dayBoundEntrantIds(db: Database, eventId: string): Promise<string[]> {
  const rows = await db.prisma.raceParticipant.findMany({
    where: { race: { eventId, endTs: null } },
    select: { participantId: true },
  });
  return rows.map((r) => r.participantId);
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
