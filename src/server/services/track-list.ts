import { type Scope, scopeEventWhere } from "~/server/access/scope";
import type { Database } from "~/server/db";
import { selectTrackPage, type TrackFilter } from "~/server/db/track-queries";
import type { ShownTrack } from "~/server/db/tracks";
import { AppError } from "~/server/errors";
import { fromLocalDateTime } from "~/lib/time";

/** A bound of a date filter: an instant, or a calendar day of the event's timezone. */
export type TimeBound = { at: Date } | { date: string };

/** A list query: TrackFilter without the scope, paged from 1, its date bounds still to resolve. */
export type TrackQuery = Omit<TrackFilter, "eventId" | "ownerId" | "limit" | "offset" | "from" | "to"> & {
  /** Dashboard only: the organiser's event (a token always lists its own). */
  eventId?: string;
  from?: TimeBound;
  to?: TimeBound;
  page: number;
  perPage: number;
};

/** A day bound in the event's timezone: `from` is its first instant, `to` its last. */
function resolve(bound: TimeBound | undefined, end: boolean, timezone: string): Date | undefined {
  if (!bound) return undefined;
  if ("at" in bound) return bound.at;
  const start = fromLocalDateTime(bound.date, "00:00", timezone);
  if (!end) return start;
  const [y = 0, m = 1, d = 1] = bound.date.split("-").map(Number);
  const nextDay = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return new Date(fromLocalDateTime(nextDay, "00:00", timezone).getTime() - 1);
}

/** A page of an event's tracks, filtered and ordered in SQL, with the total over all pages. */
export async function listTracks(
  db: Database,
  scope: Scope,
  query: TrackQuery,
): Promise<{ tracks: ShownTrack[]; total: number }> {
  const { page, perPage, eventId: requested, from, to, ...filter } = query;
  if (!("eventId" in scope) && !requested) throw new AppError("BAD_REQUEST", "event_id is required");
  const eventId = "eventId" in scope ? scope.eventId : (requested as string);
  let timezone = "UTC";
  if ((from && "date" in from) || (to && "date" in to)) {
    const event = await db.prisma.event.findFirst({
      where: { id: eventId, ...scopeEventWhere(scope) },
      select: { timezone: true },
    });
    timezone = event?.timezone ?? "UTC";
  }
  return selectTrackPage(db, {
    ...filter,
    from: resolve(from, false, timezone),
    to: resolve(to, true, timezone),
    limit: perPage,
    offset: (page - 1) * perPage,
    eventId,
    ownerId: "ownerId" in scope ? scope.ownerId : undefined,
    participantId: "eventId" in scope ? (scope.participantId ?? undefined) : undefined,
  });
}
