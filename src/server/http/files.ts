import { z } from "zod";
import { authorizeTrackAccess } from "~/server/api/access";
import { ZSegmentIndex } from "~/server/api/schemas/track";
import { createContext } from "~/server/api/trpc";
import { EXPORT_TYPES, type ExportFormat, exportEventZip, exportTrack } from "~/server/services/exports";
import { trackMapImage } from "~/server/services/track-map";
import { send } from "./node";
import { queryInput } from "./query";
import type { ApiRequest } from "./request";

/**
 * Routes that answer files rather than JSON: an API token or the organiser's session, as the JSON routes,
 * and the same error path. Documented in the OpenAPI document from this table (openapi.ts).
 */
export interface FileRoute {
  path: string;
  /** The OpenAPI operationId (a generated client's method name). */
  operationId: string;
  format: ExportFormat | "zip" | "map";
  summary: string;
  example: string;
  query: z.ZodObject;
}

const TRACK_FILE_QUERY = z.object({ segment: ZSegmentIndex.optional() });
const MAP_SIZE = (fallback: number) => z.int().min(16).max(2000).default(fallback);

/** What each kind of file is sent as. */
export const FILE_TYPES: Record<FileRoute["format"], string> = {
  ...EXPORT_TYPES,
  zip: "application/zip",
  map: "image/svg+xml",
};

export const FILE_ROUTES: readonly FileRoute[] = [
  {
    path: "/tracks/{id}/gpx",
    operationId: "export-gpx",
    format: "gpx",
    summary: "The track as GPX 1.1 (every stored point, with time and elevation)",
    example:
      '<gpx version="1.1" creator="Runify" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>Sortie du 12 mars à 09h20</name><trkseg><trkpt lat="45.1" lon="6.2"><ele>812.5</ele><time>2026-03-12T08:20:10.250Z</time></trkpt></trkseg></trk></gpx>',
    query: TRACK_FILE_QUERY,
  },
  {
    path: "/tracks/{id}/geojson",
    operationId: "export-geojson",
    format: "geojson",
    summary:
      "The track as a GeoJSON Feature (LineString [lon, lat, ele], properties with times and statistics)",
    example:
      '{"type":"Feature","geometry":{"type":"LineString","coordinates":[[6.2,45.1,812.5]]},"properties":{"name":"…","coordTimes":["2026-03-12T08:20:10.250Z"]}}',
    query: TRACK_FILE_QUERY,
  },
  {
    path: "/tracks/{id}/csv",
    operationId: "export-csv",
    format: "csv",
    summary: "The track's points as CSV",
    example:
      "timestamp,latitude,longitude,altitude,accuracy,speed_mps,heading,battery,origin,heart_rate_bpm,cadence_rpm,power_w,temperature_c\n2026-03-12T08:20:10.250Z,45.1,6.2,812.5,3.2,2.8,271,0.64,background,148,84,,\n",
    query: TRACK_FILE_QUERY,
  },
  {
    path: "/tracks/{id}/map",
    operationId: "track-map",
    format: "map",
    summary:
      "A static map of the track (SVG, Web Mercator, on map tiles when a tile server is configured, else a plain background; start and finish markers): thumbnails, link previews",
    example:
      '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="400" viewBox="0 0 600 400"><rect width="100%" height="100%" fill="#eef2f1"/><path d="M120 80L480 320" fill="none" stroke="#2563eb" stroke-width="6.7"/></svg>',
    query: z.object({
      width: MAP_SIZE(600).meta({ description: "Image width in pixels (16 to 2,000; default 600)" }),
      height: MAP_SIZE(400).meta({ description: "Image height in pixels (16 to 2,000; default 400)" }),
      segment: ZSegmentIndex.optional(),
    }),
  },
  {
    path: "/exports/tracks.zip",
    operationId: "export-zip",
    format: "zip",
    summary: "Every track of the token's event as GPX files in one zip",
    example: "(binary)",
    query: z.object({
      event_id: z.uuid().optional().meta({ description: "Dashboard only: the organiser's event" }),
    }),
  },
];

const attachment = (fileName: string) => `attachment; filename="${fileName}"`;

export function fileHandler(route: FileRoute) {
  return async (call: ApiRequest): Promise<void> => {
    const query = route.query.parse(queryInput(route.query, call.url.searchParams));
    const ctx = await createContext({
      headers: call.headers,
      session: await call.session(),
      address: call.address,
    });
    const { scope } = await authorizeTrackAccess(ctx, "tracks:read");
    if (route.format === "map") {
      const map = await trackMapImage(ctx.db, scope, call.params.id ?? "", {
        width: Number(query.width),
        height: Number(query.height),
        segment: typeof query.segment === "number" ? query.segment : undefined,
      });
      send(call.res, 200, map.body, {
        "Content-Type": FILE_TYPES.map,
        "Content-Disposition": `inline; filename="${map.fileName}"`,
        // The dashboard's thumbnails: the same image for a minute without asking again.
        "Cache-Control": "private, max-age=60",
      });
      return;
    }
    const file =
      route.format === "zip"
        ? await exportEventZip(ctx.db, scope, typeof query.event_id === "string" ? query.event_id : undefined)
        : await exportTrack(
            ctx.db,
            scope,
            call.params.id ?? "",
            route.format,
            typeof query.segment === "number" ? query.segment : undefined,
          );
    send(call.res, 200, file.body, {
      "Content-Type": FILE_TYPES[route.format],
      "Content-Disposition": attachment(file.fileName),
    });
  };
}
