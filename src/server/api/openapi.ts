import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";
import type { SchemaObject } from "openapi3-ts/oas31";
import { APP_ERROR_STATUS } from "~/server/errors";
import { appRouter } from "./root";
import type { Meta } from "./trpc";

type ProcedureLike = { _def: { meta?: Meta; type: string } };

/** Meta of every procedure by its path (`track.create`), for status codes at run time. */
export const procedureMeta: ReadonlyMap<string, Meta> = new Map(
  Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureLike>).map(([path, p]) => [
    path,
    p._def.meta ?? {},
  ]),
);

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "BAD_REQUEST: invalid data (validation issues listed) or malformed JSON",
  401: "UNAUTHORIZED: missing, unknown or revoked token",
  403: "FORBIDDEN: the token lacks the scope this operation needs",
  404: "NOT_FOUND: not found, or not visible to this token",
  409: "CONFLICT: device_track_id already used in this event",
  413: "PAYLOAD_TOO_LARGE: body larger than the documented batch limits allow",
  429: "RATE_LIMIT: too many requests; see the Retry-After header",
};

const errorSchema: SchemaObject = {
  type: "object",
  required: ["code", "message"],
  properties: {
    code: { type: "string", enum: Object.keys(APP_ERROR_STATUS) },
    message: { type: "string" },
    issues: {
      type: "array",
      items: { type: "object" },
      description: "zod validation issues with their path",
    },
  },
};

function errorStatuses(method: string, path: string, hasBody: boolean): number[] {
  const statuses = [401, 403, 429, 400];
  if (path.includes("{id}")) statuses.push(404);
  if (path === "/tracks" && method === "post") statuses.push(409);
  if (path === "/sync") statuses.push(409);
  if (hasBody && (path.endsWith("/points") || path === "/sync")) statuses.push(413);
  return statuses.sort();
}

let cached: OpenAPIObject | null = null;

/** The OpenAPI 3 document, with the real success codes (201/204), both auth schemes and the error body. */
export function openApiDocument(baseUrl: string): OpenAPIObject {
  cached ??= buildDocument();
  return { ...cached, servers: [{ url: baseUrl }] };
}

function buildDocument(): OpenAPIObject {
  const doc = generateOpenApiDocument(appRouter, {
    title: "Runify REST API",
    version: "1.0.0",
    description:
      "GPS tracks for sports events. Authenticate with `X-API-Key: <token>` or `Authorization: Bearer <token>`; " +
      "a token belongs to one event. Errors are `{code, message, issues?}`.",
    baseUrl: "/api",
    securitySchemes: {
      ApiKey: { type: "apiKey", in: "header", name: "X-API-Key" },
      Bearer: { type: "http", scheme: "bearer" },
    },
  });
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, Error: errorSchema } };
  const byRoute = new Map<string, Meta>();
  for (const meta of procedureMeta.values()) {
    if (meta.openapi) byRoute.set(`${meta.openapi.method.toLowerCase()} ${meta.openapi.path}`, meta);
  }
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ["get", "post", "patch", "put", "delete"] as const) {
      const op = item[method];
      if (!op) continue;
      const meta = byRoute.get(`${method} ${path}`);
      const success = meta?.successStatus ?? 200;
      const ok = op.responses?.["200"];
      const responses: Record<string, unknown> = {};
      responses[String(success)] =
        success === 204 ? { description: "Accepted and durably stored; empty body" } : ok;
      for (const status of errorStatuses(method, path, Boolean(op.requestBody))) {
        responses[String(status)] = {
          description: ERROR_DESCRIPTIONS[status],
          ...(status === 429
            ? { headers: { "Retry-After": { schema: { type: "integer" }, description: "seconds" } } }
            : {}),
          content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
        };
      }
      op.responses = responses;
      // Either scheme authenticates (OpenAPI: alternatives are separate security requirement objects).
      op.security = [{ ApiKey: [] }, { Bearer: [] }];
    }
  }
  Object.assign(doc.paths ?? {}, fileEndpoints());
  return doc;
}

/** Endpoints that answer files rather than JSON (served by route handlers, documented here by hand). */
function fileEndpoints() {
  const errors = Object.fromEntries(
    [401, 403, 404, 429].map((status) => [
      String(status),
      {
        description: ERROR_DESCRIPTIONS[status],
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    ]),
  );
  const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
  const file = (summary: string, type: string, example: string, parameters: unknown[]) => ({
    get: {
      tags: ["exports"],
      summary,
      parameters,
      security: [{ ApiKey: [] }, { Bearer: [] }],
      responses: {
        "200": {
          description: "The file (Content-Disposition: attachment)",
          content: { [type]: { example } },
        },
        ...errors,
      },
    },
  });
  return {
    "/tracks/{id}/gpx": file(
      "The track as GPX 1.1 (every stored point, with time and elevation)",
      "application/gpx+xml",
      '<gpx version="1.1" creator="Runify" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>Sortie du 12 mars à 09h20</name><trkseg><trkpt lat="45.1" lon="6.2"><ele>812.5</ele><time>2026-03-12T08:20:10.250Z</time></trkpt></trkseg></trk></gpx>',
      [idParam],
    ),
    "/tracks/{id}/geojson": file(
      "The track as a GeoJSON Feature (LineString [lon, lat, ele], properties with times and statistics)",
      "application/geo+json",
      '{"type":"Feature","geometry":{"type":"LineString","coordinates":[[6.2,45.1,812.5]]},"properties":{"name":"…","coordTimes":["2026-03-12T08:20:10.250Z"]}}',
      [idParam],
    ),
    "/tracks/{id}/csv": file(
      "The track's points as CSV",
      "text/csv",
      "timestamp,latitude,longitude,altitude,accuracy,speed_mps,heading,battery,origin\n2026-03-12T08:20:10.250Z,45.1,6.2,812.5,3.2,2.8,271,0.64,background\n",
      [idParam],
    ),
    "/exports/tracks.zip": file(
      "Every track of the token's event as GPX files in one zip",
      "application/zip",
      "(binary)",
      [
        {
          name: "event_id",
          in: "query",
          required: false,
          schema: { type: "string", format: "uuid" },
          description: "Dashboard only",
        },
      ],
    ),
  };
}
