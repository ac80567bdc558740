/**
 * Imported files in live views (issue 13, item 6). A past activity uploaded to an event (device_track_id
 * `import:…`, services/imports.ts) is no live runner: it is shown in the live snapshot, the live messages and
 * hence the replay's time range only when it belongs to a participant entered in a race of the event and its
 * time range overlaps that race's window. Otherwise it stays in the track list, exports and statistics only,
 * so a run recorded years ago neither appears on the live map nor stretches the replay across years.
 */

import { endOfLocalDay } from "~/lib/time";
import { type StartMode, startFrom } from "../race/status";

export const IMPORT_PREFIX = "import:";

export const isImported = (deviceTrackId: string): boolean => deviceTrackId.startsWith(IMPORT_PREFIX);

/** A race's window: its start, to its cut-off (the course closing), or to the end of its day without one. */
export interface RaceWindow {
  startMs: number;
  endMs: number | null;
  /** The event's IANA time zone: "its day" is the local calendar day of the race's start. */
  timezone: string;
}

/** A participant's entry in a race, as the window needs it (db/races.ts selectImportRaceEntries). */
export interface RaceEntryTimes {
  startMode: StartMode;
  startMs: number;
  /** The participant's wave (waves); null: the race's start (its default wave). */
  waveStartMs: number | null;
  endMs: number | null;
  timezone: string;
}

/**
 * The window of a participant's race: from their own start (their wave's, in a race with waves: a later wave
 * starts hours after the race's first one), to the cut-off or the end of that start's local day.
 */
export function raceWindow(e: RaceEntryTimes): RaceWindow {
  return { startMs: startFrom(e.startMode, e.startMs, e.waveStartMs), endMs: e.endMs, timezone: e.timezone };
}

export interface LiveCandidate {
  deviceTrackId: string;
  startMs: number;
  /** Null for a track without an end (its start alone counts). */
  endMs: number | null;
}

export function windowEnd(w: RaceWindow): number {
  return w.endMs ?? endOfLocalDay(w.startMs, w.timezone);
}

/**
 * Whether a track is shown in live views. Tracks not imported always are; an imported one only when its time
 * range overlaps one of its participant's race windows (none when it has no participant or the participant is
 * in no race; several when the participant is entered in several races).
 */
export function showsLive(track: LiveCandidate, windows: readonly RaceWindow[]): boolean {
  if (!isImported(track.deviceTrackId)) return true;
  const end = track.endMs ?? track.startMs;
  return windows.some((w) => track.startMs < windowEnd(w) && end >= w.startMs);
}
