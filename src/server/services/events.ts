import { fromLocalDateTime, toLocalDateTime } from "~/lib/time";
import type {
  TCreateEventRequest,
  TCreateEventResponse,
  TEventResponse,
  TEventStatus,
  TListEventsResponse,
  TUpdateEventRequest,
} from "~/server/api/schemas/event";
import type { TParticipantFields } from "~/server/api/schemas/participant";
import type { TokenScope } from "~/server/auth/tokens";
import { publish } from "~/server/bus";
import type { Database } from "~/server/db";
import { isValidTimeZone } from "~/lib/time";
import { AppError, notFound } from "~/server/errors";
import type { Event } from "~/generated/prisma/client";
import { newInviteCode } from "./joining";
import { withImportVisibility } from "./import-visibility";
import { isUniqueViolation } from "./prisma-errors";
import { dayBoundEntrantIds } from "./race-entries";
import { forgetTokens, issueToken } from "./tokens";

export interface NewEvent {
  name: string;
  label?: string;
  scopes?: TokenScope[];
  startsAt?: Date;
  timezone?: string;
  isPublic?: boolean;
  spectatorDelaySec?: number;
  description?: string | null;
  start?: { lat: number; lon: number } | null;
  destination?: { lat: number; lon: number } | null;
  participants?: TParticipantFields[];
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
      spectatorDelaySec: input.spectatorDelaySec ?? 0,
      description: input.description ?? null,
      startLat: input.start?.lat ?? null,
      startLon: input.start?.lon ?? null,
      destLat: input.destination?.lat ?? null,
      destLon: input.destination?.lon ?? null,
      participants: input.participants?.length
        ? {
            create: input.participants.map((p) => ({
              name: p.name,
              bib: p.bib,
              userId: p.user_id,
              email: p.email ?? null,
              inviteCode: newInviteCode(),
            })),
          }
        : undefined,
    },
  });
  const token = await issueToken(db, event.id, { label: input.label ?? "Default", scopes: input.scopes });
  return { event, token };
}

/** For operators and tests: the organiser's event of that name, created if needed, and a new token for it. */
export async function ensureEventWithToken(db: Database, ownerId: string, input: NewEvent) {
  const find = () => db.prisma.event.findUnique({ where: { ownerId_name: { ownerId, name: input.name } } });
  let existing = await find();
  if (!existing) {
    try {
      const { event, token } = await createEvent(db, ownerId, input);
      return { event, token, created: true };
    } catch (error) {
      // Another process created it meanwhile: use theirs.
      existing = isUniqueViolation(error) ? await find() : null;
      if (!existing) throw error;
    }
  }
  const token = await issueToken(db, existing.id, { label: input.label ?? "CLI", scopes: input.scopes });
  return { event: existing, token, created: false };
}

// ---------------------------------------------------------------------------------------------------------
// Dashboard: the organiser's events. Another organiser's event is NOT_FOUND, never FORBIDDEN (ids do not leak).

const EVENT_NOT_FOUND = () => notFound("Event");

/**
 * Where an event stands for its organiser: current on its day (in its own timezone) or while a track runs,
 * upcoming before that day, past after it.
 */
export function eventStatus(startsAt: Date, timezone: string, runningCount: number, now: Date): TEventStatus {
  if (runningCount > 0) return "current";
  const day = toLocalDateTime(startsAt, timezone).date;
  const today = toLocalDateTime(now, timezone).date;
  if (day === today) return "current";
  return day > today ? "upcoming" : "past";
}

interface EventCounts {
  tracks: number;
  running: number;
  participants: number;
}

export function toEventResponse(event: Event, counts: EventCounts, now: Date): TEventResponse {
  const local = toLocalDateTime(event.startsAt, event.timezone);
  return {
    id: event.id,
    name: event.name,
    description: event.description,
    starts_at: event.startsAt.toISOString(),
    date: local.date,
    time: local.time,
    timezone: event.timezone,
    is_public: event.isPublic,
    spectator_delay_sec: event.spectatorDelaySec,
    start:
      event.startLat !== null && event.startLon !== null
        ? { lat: event.startLat, lon: event.startLon }
        : null,
    destination:
      event.destLat !== null && event.destLon !== null ? { lat: event.destLat, lon: event.destLon } : null,
    status: eventStatus(event.startsAt, event.timezone, counts.running, now),
    tracks_count: counts.tracks,
    running_count: counts.running,
    participants_count: counts.participants,
    created_at: event.createdAt.toISOString(),
    updated_at: event.updatedAt.toISOString(),
  };
}

export async function countsOf(db: Database, eventIds: string[]): Promise<Map<string, EventCounts>> {
  const counts = new Map<string, EventCounts>(
    eventIds.map((id) => [id, { tracks: 0, running: 0, participants: 0 }]),
  );
  if (eventIds.length === 0) return counts;
  const [tracks, participants] = await Promise.all([
    db.prisma.track.groupBy({ by: ["eventId", "state"], where: { eventId: { in: eventIds } }, _count: true }),
    db.prisma.participant.groupBy({ by: ["eventId"], where: { eventId: { in: eventIds } }, _count: true }),
  ]);
  for (const row of tracks) {
    const c = counts.get(row.eventId);
    if (!c) continue;
    c.tracks += row._count;
    if (row.state === "running") c.running += row._count;
  }
  for (const row of participants) {
    const c = counts.get(row.eventId);
    if (c) c.participants = row._count;
  }
  return counts;
}

export const NO_COUNTS: EventCounts = { tracks: 0, running: 0, participants: 0 };

/** The organiser's events, grouped: upcoming (soonest first), current, past (most recent first). */
export async function listEvents(
  db: Database,
  ownerId: string,
  now = new Date(),
): Promise<TListEventsResponse> {
  const events = await db.prisma.event.findMany({ where: { ownerId }, orderBy: { startsAt: "asc" } });
  const counts = await countsOf(
    db,
    events.map((e) => e.id),
  );
  const grouped: TListEventsResponse = { upcoming: [], current: [], past: [] };
  for (const event of events) {
    const response = toEventResponse(event, counts.get(event.id) ?? NO_COUNTS, now);
    grouped[response.status].push(response);
  }
  grouped.past.reverse();
  return grouped;
}

/** The event if `ownerId` owns it, else NOT_FOUND. */
export async function findOwnedEvent(db: Database, ownerId: string, id: string): Promise<Event> {
  const event = await db.prisma.event.findFirst({ where: { id, ownerId } });
  if (!event) throw EVENT_NOT_FOUND();
  return event;
}

export async function getEvent(
  db: Database,
  ownerId: string,
  id: string,
  now = new Date(),
): Promise<TEventResponse> {
  const event = await findOwnedEvent(db, ownerId, id);
  const counts = await countsOf(db, [id]);
  return toEventResponse(event, counts.get(id) ?? NO_COUNTS, now);
}

const nameTaken = (name: string) => new AppError("CONFLICT", `You already have an event named "${name}"`);

/** The dashboard's "new event": the event, its participants and its first token (shown once). */
export async function createOwnedEvent(
  db: Database,
  ownerId: string,
  input: TCreateEventRequest,
): Promise<TCreateEventResponse> {
  const taken = await db.prisma.event.findUnique({ where: { ownerId_name: { ownerId, name: input.name } } });
  if (taken) throw nameTaken(input.name);
  assertDistinctParticipants(input.participants);
  try {
    const { event, token } = await createEvent(db, ownerId, {
      name: input.name,
      startsAt: fromLocalDateTime(input.date, input.time, input.timezone),
      timezone: input.timezone,
      isPublic: input.is_public,
      description: input.description,
      start: input.start,
      destination: input.destination,
      participants: input.participants,
    });
    const counts = { tracks: 0, running: 0, participants: input.participants.length };
    return { event: toEventResponse(event, counts, new Date()), token };
  } catch (error) {
    if (isUniqueViolation(error, "name")) throw nameTaken(input.name);
    throw error;
  }
}

function assertDistinctParticipants(participants: TParticipantFields[]): void {
  for (const key of ["bib", "user_id"] as const) {
    const seen = new Set<string>();
    for (const p of participants) {
      const value = p[key];
      if (value === null) continue;
      if (seen.has(value)) throw new AppError("CONFLICT", `Two participants share the ${key} "${value}"`);
      seen.add(value);
    }
  }
}

export async function updateEvent(
  db: Database,
  ownerId: string,
  input: TUpdateEventRequest,
): Promise<TEventResponse> {
  const event = await findOwnedEvent(db, ownerId, input.id);
  if (event.name !== input.name) {
    const taken = await db.prisma.event.findUnique({
      where: { ownerId_name: { ownerId, name: input.name } },
    });
    if (taken) throw nameTaken(input.name);
  }
  // A new time zone moves the end of every race without cut-off (the end of its start's local day), which
  // can show or hide its entrants' imported files in live views: viewers hear of it now.
  const zoneMoved = event.timezone !== input.timezone;
  const entrants = zoneMoved ? await dayBoundEntrantIds(db, event.id) : [];
  try {
    await withImportVisibility(db, event.id, entrants, () =>
      db.prisma.event.update({
        where: { id: event.id },
        data: {
          name: input.name,
          startsAt: fromLocalDateTime(input.date, input.time, input.timezone),
          timezone: input.timezone,
          isPublic: input.is_public,
          description: input.description,
          startLat: input.start.lat,
          startLon: input.start.lon,
          destLat: input.destination?.lat ?? null,
          destLon: input.destination?.lon ?? null,
        },
      }),
    );
  } catch (error) {
    if (isUniqueViolation(error, "name")) throw nameTaken(input.name);
    throw error;
  }
  // Token lookups carry the event's timezone (track titles): cached ones must not keep the old one.
  if (zoneMoved) await forgetTokens(db, { eventId: event.id });
  // Spectators of an event made private lose their stream, here and on the other instances.
  if (event.isPublic !== input.is_public) publish({ type: "access", eventId: event.id });
  return getEvent(db, ownerId, event.id);
}

/** Deletes the event with its tracks, points, participants and tokens (cascade). */
export async function deleteEvent(db: Database, ownerId: string, id: string): Promise<{ id: string }> {
  const { count } = await db.prisma.event.deleteMany({ where: { id, ownerId } });
  if (count === 0) throw EVENT_NOT_FOUND();
  await forgetTokens(db, { eventId: id });
  publish({ type: "access", eventId: id });
  return { id };
}
