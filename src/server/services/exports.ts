import { zipSync } from "fflate";
import { type Scope, scopeEventWhere } from "~/server/access/scope";
import { toTrackResponse } from "~/server/api/present";
import type { Database } from "~/server/db";
import { selectPoints } from "~/server/db/points";
import { type ShownTrack, selectEventTracks } from "~/server/db/tracks";
import { toCsv, toGeoJson, toGpx } from "~/server/domain/formats";
import type { Point } from "~/server/domain/point";
import { AppError } from "~/server/errors";
import { pointsOfSegment } from "./segments";
import { findTrack } from "./tracks";

export type ExportFormat = "gpx" | "geojson" | "csv";

export const EXPORT_TYPES: Record<ExportFormat, string> = {
  gpx: "application/gpx+xml",
  geojson: "application/geo+json",
  csv: "text/csv; charset=utf-8",
};

function render(format: ExportFormat, track: ShownTrack, points: Point[]): string {
  if (format === "gpx") return toGpx({ name: track.title, activityType: track.activityType, points });
  if (format === "csv") return toCsv(points);
  const { stats, ...properties } = toTrackResponse(track);
  return JSON.stringify(
    toGeoJson({
      id: track.id,
      name: track.title,
      activityType: track.activityType,
      points,
      properties: { ...properties, ...stats },
    }),
  );
}

/** A file name safe in a Content-Disposition header and on every file system. */
export function exportFileName(title: string, id: string, ext: string): string {
  const base = title
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80);
  return `${base || "track"}-${id.slice(0, 8)}.${ext}`;
}

/** One track in full (every stored point), as GPX 1.1, GeoJSON or CSV. */
export async function exportTrack(
  db: Database,
  scope: Scope,
  id: string,
  format: ExportFormat,
  segment?: number,
) {
  const track = await findTrack(db, scope, id);
  const points = pointsOfSegment(track, await selectPoints(db, track.id), segment);
  return { body: render(format, track, points), fileName: exportFileName(track.title, track.id, format) };
}

/** Every track of an event as GPX files in one zip. */
export async function exportEventZip(db: Database, scope: Scope, eventId?: string) {
  if (!("eventId" in scope) && !eventId) throw new AppError("BAD_REQUEST", "event_id is required");
  const event = await db.prisma.event.findFirst({
    where: "eventId" in scope ? scopeEventWhere(scope) : { id: eventId, ...scopeEventWhere(scope) },
    select: { id: true, name: true },
  });
  if (!event) throw new AppError("NOT_FOUND", "Event not found");
  const participantId = "eventId" in scope ? scope.participantId : null;
  const tracks = (await selectEventTracks(db, event.id)).filter(
    (t) => !participantId || t.participantId === participantId,
  );
  const files: Record<string, Uint8Array> = {};
  const encoder = new TextEncoder();
  for (const track of tracks) {
    const points = await selectPoints(db, track.id);
    // Two tracks may share a title and even an id prefix: never let one file replace another in the zip.
    let name = exportFileName(track.title, track.id, "gpx");
    for (let n = 2; files[name]; n++) name = exportFileName(`${track.title}-${n}`, track.id, "gpx");
    files[name] = encoder.encode(render("gpx", track, points));
  }
  return { body: zipSync(files, { level: 6 }), fileName: exportFileName(event.name, event.id, "zip") };
}
