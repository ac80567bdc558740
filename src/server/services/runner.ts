import type { TParticipantFields } from "~/server/api/schemas/participant";
import type {
  TJoinResponse,
  TMeResponse,
  TRunnerCreateEventRequest,
  TRunnerEvent,
  TRunnerEventsResponse,
} from "~/server/api/schemas/runner";
import { config } from "~/server/config";
import type { Database } from "~/server/db";
import { AppError, notFound } from "~/server/errors";
import type { Event, Participant } from "~/generated/prisma/client";
import { countsOf, createOwnedEvent, NO_COUNTS, toEventResponse } from "./events";
import { type Joined, joinByInvitation, registerForEvent } from "./joining";
import { createParticipant, listParticipants, toParticipantResponse } from "./participants";
import { type AnyTokenAuth, type OrganiserTokenAuth, revokeTokensWhere } from "./tokens";

/**
 * The runner's API: what a token sees of events. An organiser's personal token sees the events it owns; an
 * event's or a participant's token sees its own event. Another event is NOT_FOUND, never FORBIDDEN.
 */

const eventWhere = (token: AnyTokenAuth) =>
  token.kind === "organiser" ? { ownerId: token.userId } : { id: token.eventId };

const isCreator = (token: AnyTokenAuth, event: Event) =>
  token.kind === "organiser" ? event.ownerId === token.userId : token.kind === "event";

function toRunnerEvent(
  token: AnyTokenAuth,
  event: Event,
  participants: Participant[],
  counts: typeof NO_COUNTS,
  now: Date,
): TRunnerEvent {
  const visible = participants.filter((p) => p.status !== "revoked" || token.kind !== "participant");
  return {
    ...toEventResponse(event, counts, now),
    is_creator: isCreator(token, event),
    participants: visible.map((p) => ({
      id: p.id,
      name: p.name,
      bib: p.bib,
      status: toParticipantResponse(p).status,
      joined_at: p.joinedAt?.toISOString() ?? null,
    })),
    registration: {
      open: event.isPublic && event.registrationOpen,
      cap: event.registrationCap,
      require_approval: event.requireApproval,
      taken: participants.filter((p) => p.status !== "revoked").length,
    },
  };
}

async function runnerEvents(db: Database, token: AnyTokenAuth, where: object, now: Date) {
  const events = await db.prisma.event.findMany({
    where: { ...eventWhere(token), ...where },
    orderBy: { startsAt: "asc" },
    include: { participants: { orderBy: [{ bib: "asc" }, { name: "asc" }] } },
  });
  const counts = await countsOf(
    db,
    events.map((e) => e.id),
  );
  return events.map((e) => toRunnerEvent(token, e, e.participants, counts.get(e.id) ?? NO_COUNTS, now));
}

/** The token's events, grouped by where they stand in their own timezone (see eventStatus). */
export async function listRunnerEvents(
  db: Database,
  token: AnyTokenAuth,
  now = new Date(),
): Promise<TRunnerEventsResponse> {
  const grouped: TRunnerEventsResponse = { upcoming: [], current: [], past: [] };
  for (const event of await runnerEvents(db, token, {}, now)) grouped[event.status].push(event);
  grouped.past.reverse();
  return grouped;
}

export async function getRunnerEvent(db: Database, token: AnyTokenAuth, id: string, now = new Date()) {
  const [event] = await runnerEvents(db, token, { id }, now);
  if (!event) throw notFound("Event");
  return event;
}

export async function me(db: Database, token: AnyTokenAuth): Promise<TMeResponse> {
  const row = await db.prisma.apiToken.findUniqueOrThrow({
    where: { id: token.tokenId },
    include: { participant: true, user: true, event: { include: { owner: true } } },
  });
  const user =
    token.kind === "organiser" ? row.user : token.kind === "event" ? (row.event?.owner ?? null) : null;
  return {
    kind: token.kind,
    level: user?.isAdmin ? "admin" : "user",
    token: { id: row.id, prefix: row.prefix, label: row.label, scopes: row.scopes },
    user: user ? { id: user.id, email: user.email, name: user.name } : null,
    participant: row.participant
      ? {
          id: row.participant.id,
          name: row.participant.name,
          bib: row.participant.bib,
          status: toParticipantResponse(row.participant).status,
        }
      : null,
    event_id: row.eventId,
  };
}

/** POST /logout: the calling token is revoked, here at once and on the other instances through the bus. */
export async function logout(db: Database, token: AnyTokenAuth): Promise<void> {
  await revokeTokensWhere(db, { id: token.tokenId });
}

function organiserOnly(token: AnyTokenAuth): OrganiserTokenAuth {
  if (token.kind !== "organiser")
    throw new AppError("FORBIDDEN", "Only an organiser's personal token may create events and invite");
  return token;
}

export async function createRunnerEvent(db: Database, token: AnyTokenAuth, input: TRunnerCreateEventRequest) {
  const owner = organiserOnly(token);
  const created = await createOwnedEvent(db, owner.userId, { ...input, participants: [] });
  await db.prisma.event.update({
    where: { id: created.event.id },
    data: {
      registrationOpen: input.registration_open,
      registrationCap: input.registration_cap,
      requireApproval: input.require_approval,
    },
  });
  return { event: await getRunnerEvent(db, token, created.event.id), token: created.token };
}

/** The absolute invitation link, on the public URL of the dashboard. */
export function inviteUrl(path: string | null): string | null {
  if (!path) return null;
  const base = config().auth.url ?? `http://localhost:${process.env.PORT ?? 3000}`;
  return new URL(path, base).toString();
}

export async function inviteParticipant(
  db: Database,
  token: AnyTokenAuth,
  eventId: string,
  input: TParticipantFields,
) {
  const owner = organiserOnly(token);
  const participant = await createParticipant(db, owner.userId, { ...input, event_id: eventId });
  return { ...participant, invite_url: inviteUrl(participant.invite_path) };
}

export async function listInvitations(db: Database, token: AnyTokenAuth, eventId: string) {
  const owner = organiserOnly(token);
  const participants = await listParticipants(db, owner.userId, eventId);
  return participants.map((p) => ({ ...p, invite_url: inviteUrl(p.invite_path) }));
}

export function toJoinResponse(joined: Joined): TJoinResponse {
  const p = joined.participant;
  return {
    participant: {
      id: p.id,
      name: p.name,
      bib: p.bib,
      status: toParticipantResponse({
        id: p.id,
        eventId: p.event_id,
        name: p.name,
        bib: p.bib,
        userId: p.user_id,
        email: p.email,
        status: p.status,
        inviteCode: p.invite_code,
        joinedAt: p.joined_at,
        revokedAt: p.revoked_at,
        createdAt: p.created_at,
      }).status,
      joined_at: p.joined_at?.toISOString() ?? null,
    },
    event_id: joined.eventId,
    token: joined.token,
  };
}

export const join = async (
  db: Database,
  eventId: string,
  input: { name: string; bib: string | null; email?: string | null },
) =>
  toJoinResponse(
    await registerForEvent(db, eventId, { name: input.name, bib: input.bib, email: input.email ?? null }),
  );

export const acceptInvitation = async (db: Database, code: string) =>
  toJoinResponse(await joinByInvitation(db, code));
