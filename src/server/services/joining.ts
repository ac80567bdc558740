import { randomBytes, randomUUID } from "node:crypto";
import { generateToken, TOKEN_SCOPES } from "~/server/auth/tokens";
import type { Database, Queryable } from "~/server/db";
import {
  insertParticipantToken,
  insertRegisteredParticipant,
  lockEventRegistration,
  lockParticipantByCode,
  markJoined,
  type PARTICIPANT_ROW,
} from "~/server/db/participants";
import type { Row } from "~/server/db/rows";
import { AppError, notFound } from "~/server/errors";

/**
 * How a participant gets a personal device token: through their invitation link (/join/<code>, any event), or
 * by registering on a public event's page while its registration is open (within its cap; approved at once,
 * or waiting for the organiser when the event asks for approval). Private events are invitation-only.
 */

export type ParticipantRecord = Row<typeof PARTICIPANT_ROW>;

/** An invitation code: 128 random bits, URL-safe (22 characters). */
export const newInviteCode = () => randomBytes(16).toString("base64url");
const INVITE_CODE = /^[A-Za-z0-9_-]{16,64}$/;

export interface Joined {
  participant: ParticipantRecord;
  eventId: string;
  /** The personal token: shown once. */
  token: { id: string; raw: string; prefix: string };
}

async function issueParticipantToken(q: Queryable, eventId: string, participantId: string, label: string) {
  const token = generateToken();
  const id = randomUUID();
  await insertParticipantToken(q, {
    id,
    eventId,
    participantId,
    label,
    prefix: token.prefix,
    hash: token.hash,
    scopes: [...TOKEN_SCOPES],
  });
  return { id, raw: token.raw, prefix: token.prefix };
}

/**
 * Joins through an invitation link: the participant becomes approved (an invitation is the organiser's
 * approval) and gets a new personal token. Opening the link again (another phone, a lost one) gives another
 * token; earlier ones stay valid until the organiser revokes the participant. Revoked: the code is gone.
 */
export async function joinByInvitation(
  db: Database,
  code: string,
  label = "Joined by invitation",
): Promise<Joined> {
  if (!INVITE_CODE.test(code)) throw notFound("Invitation");
  return db.transaction(async (tx) => {
    const found = await lockParticipantByCode(tx, code);
    if (!found || found.status === "revoked") throw notFound("Invitation");
    const participant = (await markJoined(tx, found.id)) ?? found;
    const token = await issueParticipantToken(tx, participant.event_id, participant.id, label);
    return { participant, eventId: participant.event_id, token };
  });
}

export interface Registration {
  name: string;
  bib: string | null;
  email: string | null;
}

/**
 * Self-registration on a public event: refused (FORBIDDEN) for a private event or while registration is
 * closed, CONFLICT once the cap is reached or the bib taken. The event's row lock makes the cap exact under
 * concurrent registrations.
 */
export async function registerForEvent(db: Database, eventId: string, input: Registration): Promise<Joined> {
  return db.transaction(async (tx) => {
    const event = await lockEventRegistration(tx, eventId);
    if (!event) throw notFound("Event");
    if (!event.is_public)
      throw new AppError("FORBIDDEN", "This event is private: joining is by invitation only");
    if (!event.registration_open) throw new AppError("FORBIDDEN", "Registration for this event is closed");
    if (event.registration_cap !== null && event.taken >= event.registration_cap)
      throw new AppError("CONFLICT", `This event is full (${event.registration_cap} participants)`);
    const participant = await insertRegisteredParticipant(tx, {
      id: randomUUID(),
      eventId,
      name: input.name,
      bib: input.bib,
      email: input.email,
      status: event.require_approval ? "registered" : "approved",
      code: newInviteCode(),
    });
    if (!participant) throw new AppError("CONFLICT", `Bib "${input.bib}" is already taken`);
    const token = await issueParticipantToken(tx, eventId, participant.id, "Self-registration");
    return { participant, eventId, token };
  });
}
