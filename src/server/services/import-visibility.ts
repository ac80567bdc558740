import type { Database } from "~/server/db";
import { selectImportedTracksOf } from "~/server/db/races";
import type { Track } from "~/server/db/tracks";
import { type PendingChange, withTrackChange } from "~/server/live/change";
import { shownLive } from "~/server/live/shown";

/**
 * An imported file is shown live only inside its participant's race windows (domain/live/imports.ts), so
 * entering a participant, removing them, moving or deleting a race, or changing the event's time zone (the
 * end of a race without cut-off is the end of its start's local day) can show or hide files that are
 * already stored. `change` makes that edit; open live streams then hear of each file whose visibility
 * changed, at once rather than at their next snapshot: one newly shown is announced `finished` with its
 * track, as an import announces it (services/imports.ts: viewers get its trail); one newly hidden `updated`,
 * which the live message turns into `deleted` since the track is no longer shown (live/messages.ts).
 */
export async function withImportVisibility<T>(
  db: Database,
  eventId: string,
  participantIds: readonly string[],
  change: () => Promise<T>,
): Promise<T> {
  const tracks = await selectImportedTracksOf(db, participantIds);
  if (tracks.length === 0) return change();
  const shownIds = async () => new Set((await shownLive(db, eventId, tracks)).map((t) => t.id));
  const before = await shownIds();
  const value = await change();
  const after = await shownIds();
  const announced = (track: Track): PendingChange | null => {
    if (before.has(track.id) === after.has(track.id)) return null;
    return { eventId, trackId: track.id, kind: after.has(track.id) ? "finished" : "updated", track };
  };
  const changes = tracks.flatMap((t) => announced(t) ?? []);
  if (changes.length > 0) await withTrackChange(db, async () => ({ value: undefined, changes }));
  return value;
}
