import { createHash } from "node:crypto";
import { type Scope, scopeEventWhere } from "~/server/access/scope";
import type { Database } from "~/server/db";
import { insertPoints } from "~/server/db/points";
import type { Queryable } from "~/server/db";
import { selectOverlappingSummaries } from "~/server/db/track-queries";
import type { Track } from "~/server/db/tracks";
import type { ActivityType } from "~/server/domain/activity";
import { FormatError, type ParsedPoint, type ParsedTrack } from "~/server/domain/formats";
import { InflateBudget } from "~/server/domain/formats/archive";
import { type Point, pointAt } from "~/server/domain/point";
import { type ActivitySummary, compareActivities, summarizeActivity } from "~/server/domain/stats";
import { singleLine } from "~/server/domain/title";
import { AppError, notFound } from "~/server/errors";
import { withTrackChange } from "~/server/live/change";
import { shownLive } from "~/server/live/shown";
import { parseActivityFileInWorker } from "~/server/workers/cpu-tasks";
import { asStored, type EventRef, findTrack, insertNewTrack, storeComputedStats } from "./tracks";

export interface ImportInput {
  files: Array<{ name: string; data_base64: string }>;
  activityType?: ActivityType;
  userId?: string;
  title?: string;
  /** The language of titles made up for files without a name (FIT, TCX). */
  titleLocale?: "fr" | "en";
  /** Import an activity even when the event already holds it (refuseDuplicate). */
  keepDuplicates?: boolean;
}

interface ParsedFile {
  name: string;
  digest: string;
  tracks: ParsedTrack[];
}

/** Parsed in a worker thread, one file after the other, with one decompression budget for the request. */
async function parseAll(files: ImportInput["files"]): Promise<ParsedFile[]> {
  const problems: Array<{ path: (string | number)[]; message: string; file: string }> = [];
  const parsed: ParsedFile[] = [];
  const budget = new InflateBudget();
  for (const [i, file] of files.entries()) {
    const bytes = Buffer.from(file.data_base64, "base64");
    if (bytes.length === 0) {
      problems.push({ path: ["files", i], file: file.name, message: `${file.name}: empty file` });
      continue;
    }
    try {
      const tracks = await parseActivityFileInWorker(bytes, file.name, budget);
      parsed.push({
        name: file.name,
        digest: createHash("sha256").update(bytes).digest("hex").slice(0, 16),
        tracks,
      });
    } catch (error) {
      if (!(error instanceof FormatError)) throw error;
      const message = error.message.startsWith(file.name) ? error.message : `${file.name}: ${error.message}`;
      problems.push({ path: ["files", i], file: file.name, message });
    }
  }
  if (problems.length > 0) {
    throw new AppError("BAD_REQUEST", problems.map((p) => p.message).join("; "), { issues: problems });
  }
  return parsed;
}

/** A parsed point as stored: every field the file had, null for the rest. */
function storedPoint(p: ParsedPoint): Point {
  return {
    ...pointAt(p.ts, p.lat, p.lon, p.altitude ?? null),
    accuracy: p.accuracy ?? null,
    speedMps: p.speedMps ?? null,
    heading: p.heading ?? null,
    distanceM: p.distanceM ?? null,
    heartRateBpm: p.heartRateBpm ?? null,
    cadenceRpm: p.cadenceRpm ?? null,
    powerW: p.powerW ?? null,
    temperatureC: p.temperatureC ?? null,
  };
}

export interface ImportedTrack {
  file: string;
  track: Track;
  /** What was repaired or left out of a damaged file, in words (empty when nothing was). */
  repairs: string[];
}

/**
 * The same activity already in the event (the participant's, or with no participant when none is given)?
 * A run imported as FIT and again as GPX, or a watch's file beside the phone's live track: a CONFLICT naming
 * the track, unless the caller asked to keep both.
 */
async function refuseDuplicate(
  tx: Queryable,
  eventId: string,
  userId: string | null,
  summary: ActivitySummary | null,
  file: string,
): Promise<void> {
  if (!summary) return;
  const candidates = await selectOverlappingSummaries(
    tx,
    eventId,
    userId,
    new Date(summary.startTs),
    new Date(summary.endTs),
  );
  const same = candidates.find((c) => compareActivities(summary, c.summary).same);
  if (!same) return;
  throw new AppError(
    "CONFLICT",
    `"${file}" is the same activity as the track "${same.title}" already in this event (send keep_duplicates: true to import it anyway)`,
    { details: { track_id: same.id, file } },
  );
}

/**
 * Imports activity files as tracks of the event: every file is parsed first, then all tracks are written in
 * one transaction, so a broken file means nothing is imported. A file already imported (same bytes) is a
 * CONFLICT, through the track's device_track_id `import:<sha256 prefix>:<n>`; so is the same activity in
 * another file (refuseDuplicate). A recording without GPS is a track without points: its samples and the
 * device's totals give its statistics.
 */
export async function importFiles(
  db: Database,
  event: EventRef,
  input: ImportInput,
): Promise<ImportedTrack[]> {
  const files = await parseAll(input.files);
  return withTrackChange(db, async (tx) => {
    const out: ImportedTrack[] = [];
    for (const file of files) {
      for (const [n, parsed] of file.tracks.entries()) {
        const points = parsed.points.map(storedPoint);
        const samples = points.length === 0 ? (parsed.samples ?? []) : null;
        const times = (samples ?? points).map((p) => p.ts);
        const first = times[0] ?? parsed.startTs ?? Date.now();
        const last = times[times.length - 1];
        const userId = input.userId ?? null;
        if (!input.keepDuplicates) {
          const summary = samples
            ? summarizeActivity([], {
                startTs: first,
                endTs: last,
                distanceM: parsed.deviceTotals?.distanceM,
              })
            : summarizeActivity(points);
          await refuseDuplicate(tx, event.id, userId, summary, file.name);
        }
        const id = await insertNewTrack(
          tx,
          event,
          {
            deviceTrackId: `import:${file.digest}:${n}`,
            title: input.title ?? (parsed.name ? singleLine(parsed.name, 500) : undefined),
            titleLocale: input.titleLocale,
            activityType: input.activityType ?? parsed.activityType ?? "run",
            startTs: new Date(parsed.startTs ?? first),
            endTs: last !== undefined ? new Date(last) : undefined,
            userId: userId ?? undefined,
            file: {
              deviceTotals: parsed.deviceTotals,
              altitudeSource: parsed.altitudeSource,
              samples,
              segmentStarts: parsed.segmentStarts,
            },
          },
          "stopped",
          `"${file.name}" was already imported into this event`,
        );
        await insertPoints(tx, id, points);
        // The new track holds exactly these points (as /sync's): its statistics need not read them back.
        const track = await storeComputedStats(tx, await findTrack(tx, { eventId: event.id }, id), {
          points: asStored(points),
        });
        out.push({ file: file.name, track, repairs: parsed.repairs ?? [] });
      }
    }
    // Only what live views show is announced: a past activity outside a race is no live runner.
    const shown = await shownLive(
      tx,
      event.id,
      out.map(({ track }) => track),
    );
    return {
      value: out,
      changes: shown.map((track) => ({
        eventId: event.id,
        trackId: track.id,
        kind: "finished" as const,
        track,
      })),
    };
  });
}

/** The event an import goes to: the token's, or the organiser's event named in the request. */
export async function importTarget(db: Database, scope: Scope, eventId?: string): Promise<EventRef> {
  if (!("eventId" in scope) && !eventId) throw new AppError("BAD_REQUEST", "event_id is required");
  const where = "eventId" in scope ? scopeEventWhere(scope) : { id: eventId, ...scopeEventWhere(scope) };
  const event = await db.prisma.event.findFirst({ where, select: { id: true, timezone: true } });
  if (!event) throw notFound("Event");
  // A participant's personal token imports its own tracks.
  return { ...event, participantId: "eventId" in scope ? (scope.participantId ?? null) : null };
}
