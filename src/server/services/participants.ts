import type {
  TCreateParticipantRequest,
  TParticipantResponse,
  TUpdateParticipantRequest,
} from "~/server/api/schemas/participant";
import type { Database } from "~/server/db";
import { AppError, notFound } from "~/server/errors";
import type { Participant } from "~/generated/prisma/client";
import { findOwnedEvent } from "./events";
import { isUniqueViolation } from "./prisma-errors";

function toResponse(p: Participant): TParticipantResponse {
  return {
    id: p.id,
    event_id: p.eventId,
    name: p.name,
    bib: p.bib,
    user_id: p.userId,
    created_at: p.createdAt.toISOString(),
  };
}

/** A clear CONFLICT for the two unique keys of a participant in its event. */
function conflictOf(error: unknown, input: { bib: string | null; user_id: string | null }): unknown {
  if (isUniqueViolation(error, "bib")) return new AppError("CONFLICT", `Bib "${input.bib}" is already taken`);
  if (isUniqueViolation(error, "user_id"))
    return new AppError("CONFLICT", `user_id "${input.user_id}" already belongs to a participant`);
  return error;
}

/** Participants by bib (numeric bibs in numeric order), then by name. */
export async function listParticipants(db: Database, ownerId: string, eventId: string) {
  await findOwnedEvent(db, ownerId, eventId);
  const rows = await db.prisma.participant.findMany({ where: { eventId } });
  const collator = new Intl.Collator("fr", { numeric: true, sensitivity: "base" });
  rows.sort((a, b) => {
    if (a.bib && b.bib) return collator.compare(a.bib, b.bib);
    if (a.bib || b.bib) return a.bib ? -1 : 1;
    return collator.compare(a.name, b.name);
  });
  return rows.map(toResponse);
}

export async function createParticipant(
  db: Database,
  ownerId: string,
  input: TCreateParticipantRequest,
): Promise<TParticipantResponse> {
  await findOwnedEvent(db, ownerId, input.event_id);
  try {
    const row = await db.prisma.participant.create({
      data: { eventId: input.event_id, name: input.name, bib: input.bib, userId: input.user_id },
    });
    return toResponse(row);
  } catch (error) {
    throw conflictOf(error, input);
  }
}

async function findOwnedParticipant(db: Database, ownerId: string, id: string): Promise<Participant> {
  const row = await db.prisma.participant.findFirst({ where: { id, event: { ownerId } } });
  if (!row) throw notFound("Participant");
  return row;
}

export async function updateParticipant(
  db: Database,
  ownerId: string,
  input: TUpdateParticipantRequest,
): Promise<TParticipantResponse> {
  await findOwnedParticipant(db, ownerId, input.id);
  try {
    const row = await db.prisma.participant.update({
      where: { id: input.id },
      data: { name: input.name, bib: input.bib, userId: input.user_id },
    });
    return toResponse(row);
  } catch (error) {
    throw conflictOf(error, input);
  }
}

export async function deleteParticipant(db: Database, ownerId: string, id: string): Promise<{ id: string }> {
  await findOwnedParticipant(db, ownerId, id);
  await db.prisma.participant.delete({ where: { id } });
  return { id };
}
