import { createHash } from "node:crypto";
import type { TImportRequest, TImportResponse } from "~/server/api/schemas/import";
import type { Database } from "~/server/db";
import { FormatError, type ParsedTrack } from "~/server/domain/formats";
import { InflateBudget } from "~/server/domain/formats/archive";
import { AppError } from "~/server/errors";
import { parseActivityFileInWorker } from "~/server/workers/cpu-tasks";
import { publishTrackChange, type TrackChange } from "./live-bus";
import { appendLiveLog } from "./live-log";
import { insertPoints } from "./points";
import {
  type EventRef,
  findTrack,
  insertTrack,
  storeComputedStats,
  type TrackScope,
  toTrackResponse,
} from "./tracks";

interface ParsedFile {
  name: string;
  digest: string;
  tracks: ParsedTrack[];
}

/** Parsed in a worker thread, one file after the other, with one decompression budget for the request. */
async function parseAll(files: TImportRequest["files"]): Promise<ParsedFile[]> {
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

/**
 * Imports activity files as tracks of the event: every file is parsed first, then all tracks are written in
 * one transaction, so a broken file means nothing is imported. A file already imported (same bytes) is a
 * CONFLICT, through the track's device_track_id `import:<sha256 prefix>:<n>`.
 */
export async function importFiles(
  db: Database,
  event: EventRef,
  input: TImportRequest,
): Promise<TImportResponse> {
  const files = await parseAll(input.files);
  const created = await db.transaction(async (tx) => {
    const out: TImportResponse["tracks"] = [];
    const changes: TrackChange[] = [];
    for (const file of files) {
      for (const [n, parsed] of file.tracks.entries()) {
        const first = parsed.points[0];
        const last = parsed.points[parsed.points.length - 1];
        const activity = input.activity_type ?? parsed.activityType ?? "run";
        const id = await insertTrack(
          tx,
          event,
          {
            device_track_id: `import:${file.digest}:${n}`,
            title: input.title ?? parsed.name,
            activity_type: activity,
            start_ts: new Date(parsed.startTs ?? first?.ts ?? Date.now()).toISOString(),
            end_ts: last ? new Date(last.ts).toISOString() : undefined,
            user_id: input.user_id,
          },
          "stopped",
          `"${file.name}" was already imported into this event`,
        );
        await insertPoints(
          tx,
          id,
          parsed.points.map((p) => ({
            ts: p.ts,
            lat: p.lat,
            lon: p.lon,
            altitude: p.altitude ?? null,
            accuracy: null,
            speedMps: p.speedMps ?? null,
            heading: p.heading ?? null,
            battery: null,
            origin: null,
          })),
        );
        const row = await storeComputedStats(tx, await findTrack(tx, { eventId: event.id }, id));
        changes.push({
          ...(await appendLiveLog(tx, { eventId: event.id, trackId: id, kind: "finished" })),
          track: toTrackResponse(row),
        });
        out.push({
          id,
          uri: `/api/tracks/${id}`,
          file: file.name,
          title: row.title,
          activity_type: activity,
          points_count: row.points_count,
          distance_meters: row.distance_meters,
        });
      }
    }
    return { out, changes };
  });
  for (const change of created.changes) publishTrackChange(change);
  return { tracks: created.out };
}

/** The event an import goes to: the token's, or the organiser's event named in the request. */
export async function importTarget(db: Database, scope: TrackScope, eventId?: string): Promise<EventRef> {
  const where = "eventId" in scope ? { id: scope.eventId } : { id: eventId ?? "", ownerId: scope.ownerId };
  if (!("eventId" in scope) && !eventId) throw new AppError("BAD_REQUEST", "event_id is required");
  const event = await db.prisma.event.findFirst({ where, select: { id: true, timezone: true } });
  if (!event) throw new AppError("NOT_FOUND", "Event not found");
  return event;
}
