import type { Scope } from "~/server/access/scope";
import type { Database } from "~/server/db";
import { selectTrackPage, type TrackFilter } from "~/server/db/track-queries";
import type { Track } from "~/server/db/tracks";
import { AppError } from "~/server/errors";

/** A list query: TrackFilter without the scope, paged from 1. */
export type TrackQuery = Omit<TrackFilter, "eventId" | "ownerId" | "limit" | "offset"> & {
  /** Dashboard only: the organiser's event (a token always lists its own). */
  eventId?: string;
  page: number;
  perPage: number;
};

/** A page of an event's tracks, filtered and ordered in SQL, with the total over all pages. */
export async function listTracks(
  db: Database,
  scope: Scope,
  query: TrackQuery,
): Promise<{ tracks: Track[]; total: number }> {
  const { page, perPage, eventId, ...filter } = query;
  const paging = { limit: perPage, offset: (page - 1) * perPage };
  if ("eventId" in scope) return selectTrackPage(db, { ...filter, ...paging, eventId: scope.eventId });
  if (!eventId) throw new AppError("BAD_REQUEST", "event_id is required");
  return selectTrackPage(db, { ...filter, ...paging, eventId, ownerId: scope.ownerId });
}
