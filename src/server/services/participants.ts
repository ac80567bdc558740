import {
  PARTICIPANT_STATUSES,
  type TCreateParticipantRequest,
  type TParticipantResponse,
  type TRegistrationSettingsRequest,
  type TUpdateParticipantRequest,
} from "~/server/api/schemas/participant";
import type { Database } from "~/server/db";
import { AppError, notFound } from "~/server/errors";
import type { Participant } from "~/generated/prisma/client";
import { findOwnedEvent } from "./events";
import { newInviteCode } from "./joining";
import { isUniqueViolation } from "./prisma-errors";
import { forgetTokens, revokeTokensWhere } from "./tokens";

const statusOf = (s: string): TParticipantResponse["status"] =>
  PARTICIPANT_STATUSES.find((x) => x === s) ?? "invited";

export function toParticipantResponse(p: Participant): TParticipantResponse {
  return {
    id: p.id,
    event_id: p.eventId,
    name: p.name,
    bib: p.bib,
    user_id: p.userId,
    email: p.email,
    status: statusOf(p.status),
    joined_at: p.joinedAt?.toISOString() ?? null,
    revoked_at: p.revokedAt?.toISOString() ?? null,
    invite_path: p.inviteCode ? `/join/${p.inviteCode}` : null,
    created_at: p.createdAt.toISOString(),
  };
}
const toResponse = toParticipantResponse;

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
  // Participants typed before invitations existed get their code on first listing.
  const missing = await db.prisma.participant.findMany({
    where: { eventId, inviteCode: null, status: { not: "revoked" } },
    select: { id: true },
  });
  for (const m of missing)
    await db.prisma.participant.update({ where: { id: m.id }, data: { inviteCode: newInviteCode() } });
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
      data: {
        eventId: input.event_id,
        name: input.name,
        bib: input.bib,
        userId: input.user_id,
        email: input.email ?? null,
        inviteCode: newInviteCode(),
      },
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
      data: {
        name: input.name,
        bib: input.bib,
        userId: input.user_id,
        ...(input.email === undefined ? {} : { email: input.email }),
      },
    });
    return toResponse(row);
  } catch (error) {
    throw conflictOf(error, input);
  }
}

/** Approves a self-registered participant: its tokens may write from now on (here at once, elsewhere ≤ 5 s). */
export async function approveParticipant(db: Database, ownerId: string, id: string) {
  const found = await findOwnedParticipant(db, ownerId, id);
  if (found.status === "revoked") throw new AppError("CONFLICT", "This participant was revoked");
  const row = await db.prisma.participant.update({
    where: { id },
    data: { status: "approved", joinedAt: found.joinedAt ?? new Date() },
  });
  const tokens = await db.prisma.apiToken.findMany({ where: { participantId: id }, select: { id: true } });
  if (tokens.length) await forgetTokens(db, { tokenIds: tokens.map((t) => t.id) });
  return toResponse(row);
}

/** Revokes a participant: its personal tokens stop working and its invitation link is gone; its tracks stay. */
export async function revokeParticipant(db: Database, ownerId: string, id: string) {
  await findOwnedParticipant(db, ownerId, id);
  const row = await db.prisma.participant.update({
    where: { id },
    data: { status: "revoked", revokedAt: new Date(), inviteCode: null },
  });
  await revokeTokensWhere(db, { participantId: id });
  return toResponse(row);
}

/** A new invitation link (the old one stops working); tokens already issued stay valid. */
export async function renewInvitation(db: Database, ownerId: string, id: string) {
  const found = await findOwnedParticipant(db, ownerId, id);
  if (found.status === "revoked") throw new AppError("CONFLICT", "This participant was revoked");
  const row = await db.prisma.participant.update({ where: { id }, data: { inviteCode: newInviteCode() } });
  return toResponse(row);
}

export async function deleteParticipant(db: Database, ownerId: string, id: string): Promise<{ id: string }> {
  await findOwnedParticipant(db, ownerId, id);
  const tokens = await db.prisma.apiToken.findMany({ where: { participantId: id }, select: { id: true } });
  // Its tokens go with it (ON DELETE CASCADE): forget their cached lookups too.
  await db.prisma.participant.delete({ where: { id } });
  if (tokens.length) await forgetTokens(db, { tokenIds: tokens.map((t) => t.id) });
  return { id };
}

/** Registration settings of the organiser's event; opening needs a public event (private: invitations only). */
export async function setRegistration(db: Database, ownerId: string, input: TRegistrationSettingsRequest) {
  const event = await findOwnedEvent(db, ownerId, input.event_id);
  if (input.open && !event.isPublic)
    throw new AppError(
      "BAD_REQUEST",
      "A private event is invitation-only: make it public to open registration",
      {
        issues: [{ path: ["open"], message: "the event is private" }],
      },
    );
  const updated = await db.prisma.event.update({
    where: { id: event.id },
    data: {
      registrationOpen: input.open,
      registrationCap: input.cap,
      requireApproval: input.require_approval,
    },
  });
  const taken = await db.prisma.participant.count({
    where: { eventId: event.id, status: { not: "revoked" } },
  });
  return {
    open: updated.registrationOpen,
    cap: updated.registrationCap,
    require_approval: updated.requireApproval,
    taken,
  };
}
