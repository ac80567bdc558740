import { createHash } from "node:crypto";
import { type Scope, scopeEventWhere } from "~/server/access/scope";
import type { Database } from "~/server/db";
import { insertPoints } from "~/server/db/points";
import type { Track } from "~/server/db/tracks";
import type { ActivityType } from "~/server/domain/activity";
import { FormatError, type ParsedTrack, parseActivityFile } from "~/server/domain/formats";
import { pointAt } from "~/server/domain/point";
import { AppError, notFound } from "~/server/errors";
import { withTrackChange } from "~/server/live/change";
import { type EventRef, findTrack, insertNewTrack, storeComputedStats } from "./tracks";

export interface ImportInput {
  files: Array<{ name: string; data_base64: string }>;
  activityType?: ActivityType;
  userId?: string;
  title?: string;
}

interface ParsedFile {
  name: string;
  digest: string;
  tracks: ParsedTrack[];
}

function parseAll(files: ImportInput["files"]): ParsedFile[] {
  const problems: Array<{ path: (string | number)[]; message: string; file: string }> = [];
  const parsed: ParsedFile[] = [];
  files.forEach((file, i) => {
    const bytes = Buffer.from(file.data_base64, "base64");
    if (bytes.length === 0) {
      problems.push({ path: ["files", i], file: file.name, message: `${file.name}: empty file` });
      return;
    }
    try {
      const tracks = parseActivityFile(new Uint8Array(bytes), file.name);
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
  });
  if (problems.length > 0) {
    throw new AppError("BAD_REQUEST", problems.map((p) => p.message).join("; "), { issues: problems });
  }
  return parsed;
}

/**
 * Imports activity files as tracks of the event: every file is parsed first, then all tracks are written in
 * one transaction, so a broken file means nothing is imported. A file already imported (same bytes) is a
 * CONFLICT, through the track's device_track_id `import:<sha256 prefix>:<n>`.
 */
export async function importFiles(
  db: Database,
  event: EventRef,
  input: ImportInput,
): Promise<Array<{ file: string; track: Track }>> {
  const files = parseAll(input.files);
  return withTrackChange(db, async (tx) => {
    const out: Array<{ file: string; track: Track }> = [];
    for (const file of files) {
      for (const [n, parsed] of file.tracks.entries()) {
        const first = parsed.points[0];
        const last = parsed.points[parsed.points.length - 1];
        const id = await insertNewTrack(
          tx,
          event,
          {
            deviceTrackId: `import:${file.digest}:${n}`,
            title: input.title ?? parsed.name,
            activityType: input.activityType ?? parsed.activityType ?? "run",
            startTs: new Date(parsed.startTs ?? first?.ts ?? Date.now()),
            endTs: last ? new Date(last.ts) : undefined,
            userId: input.userId,
          },
          "stopped",
          `"${file.name}" was already imported into this event`,
        );
        await insertPoints(
          tx,
          id,
          parsed.points.map((p) => ({
            ...pointAt(p.ts, p.lat, p.lon, p.altitude ?? null),
            speedMps: p.speedMps ?? null,
            heading: p.heading ?? null,
          })),
        );
        const track = await storeComputedStats(tx, await findTrack(tx, { eventId: event.id }, id));
        out.push({ file: file.name, track });
      }
    }
    return {
      value: out,
      changes: out.map(({ track }) => ({
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
  return event;
}
