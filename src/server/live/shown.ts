import type { Queryable } from "~/server/db";
import { selectImportRaceEntries } from "~/server/db/races";
import type { ShownTrack } from "~/server/db/tracks";
import { isImported, raceWindow, showsLive } from "~/server/domain/live/imports";

/**
 * The tracks live views show (domain/live/imports.ts): every track but imported ones outside their
 * participant's race. Reads the race windows only when there are imported tracks.
 */
export async function shownLive<T extends ShownTrack>(
  q: Queryable,
  eventId: string,
  tracks: readonly T[],
): Promise<T[]> {
  const imported = tracks.filter((t) => isImported(t.deviceTrackId));
  if (imported.length === 0) return [...tracks];
  const entries = await selectImportRaceEntries(
    q,
    eventId,
    imported.map((t) => t.id),
  );
  return tracks.filter((t) =>
    showsLive(
      { deviceTrackId: t.deviceTrackId, startMs: t.startTs.getTime(), endMs: t.endTs?.getTime() ?? null },
      (entries.get(t.id) ?? []).map(raceWindow),
    ),
  );
}
