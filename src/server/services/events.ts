import type { TokenScope } from "~/server/auth/tokens";
import type { Database } from "~/server/db";
import { isValidTimeZone } from "~/server/domain/title";
import { AppError } from "~/server/errors";
import { issueToken } from "./tokens";

export interface NewEvent {
  name: string;
  label?: string;
  scopes?: TokenScope[];
  startsAt?: Date;
  timezone?: string;
  isPublic?: boolean;
}

/** Creates an event with its first API token (every event has one from the start). */
export async function createEvent(db: Database, ownerId: string, input: NewEvent) {
  const timezone = input.timezone ?? "Europe/Paris";
  if (!isValidTimeZone(timezone)) throw new AppError("BAD_REQUEST", `Unknown timezone "${timezone}"`);
  const event = await db.prisma.event.create({
    data: {
      ownerId,
      name: input.name,
      startsAt: input.startsAt ?? new Date(),
      timezone,
      isPublic: input.isPublic ?? false,
    },
  });
  const token = await issueToken(db, event.id, { label: input.label ?? "Default", scopes: input.scopes });
  return { event, token };
}

/** For operators and tests: the organiser's event of that name, created if needed, and a new token for it. */
export async function ensureEventWithToken(db: Database, ownerId: string, input: NewEvent) {
  const existing = await db.prisma.event.findUnique({
    where: { ownerId_name: { ownerId, name: input.name } },
  });
  if (!existing) {
    const { event, token } = await createEvent(db, ownerId, input);
    return { event, token, created: true };
  }
  const token = await issueToken(db, existing.id, { label: input.label ?? "CLI", scopes: input.scopes });
  return { event: existing, token, created: false };
}
