import { generateOpenApiDocument, type OpenAPIObject } from "trpc-to-openapi";
import type { SchemaObject } from "openapi3-ts/oas31";
import type { TokenScope } from "~/server/auth/tokens";
import { APP_ERROR_CODES } from "~/server/errors";
import { FILE_ROUTES, FILE_TYPES } from "~/server/http/files";
import { z } from "zod";
import { TRACKER_SECURITY_SCHEMES, trackerPaths } from "./openapi-trackers";
import { openApiProcedures } from "./procedures";
import { appRouter } from "./root";
import type { Meta } from "./trpc";

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "BAD_REQUEST: invalid data (validation issues listed, with their path) or malformed JSON",
  401: "UNAUTHORIZED: missing, unknown or revoked token",
  403: "FORBIDDEN: the token lacks the scope this operation needs",
  404: "NOT_FOUND: not found, or not visible to this token",
  409: "CONFLICT: device_track_id already used in this event (the body names the existing track)",
  413: "PAYLOAD_TOO_LARGE: body larger than the documented batch limits allow",
  429: "RATE_LIMIT: too many requests; see the Retry-After header",
  503: "SERVICE_UNAVAILABLE: the database is unavailable or the server overloaded; retry after Retry-After",
};

const errorSchema: SchemaObject = {
  type: "object",
  required: ["code", "message"],
  properties: {
    code: { type: "string", enum: APP_ERROR_CODES },
    message: { type: "string" },
    issues: {
      type: "array",
      items: { type: "object" },
      description: "zod validation issues with their path",
    },
  },
};

/** Every operation can answer these; the rest come from the procedure's meta (`errors`). */
const COMMON_ERRORS = [400, 401, 403, 429, 503];

function errorResponses(statuses: readonly number[]) {
  return Object.fromEntries(
    [...new Set(statuses)].sort().map((status) => [
      String(status),
      {
        description: ERROR_DESCRIPTIONS[status],
        ...(status === 429 || status === 503
          ? { headers: { "Retry-After": { schema: { type: "integer" }, description: "seconds" } } }
          : {}),
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    ]),
  );
}

const SCOPES_TEXT =
  "An event's API token. Its scopes (`tracks:read`, `tracks:write`, `tracks:delete`) are listed on each " +
  "operation's security requirement; a token without the operation's scope gets 403 FORBIDDEN.";

/** Either scheme, each with the scope the operation needs as its role. */
function securityFor(scope: TokenScope | undefined): Array<Record<string, string[]>> {
  const roles: string[] = scope ? [scope] : [];
  return [{ ApiKey: roles }, { Bearer: roles }];
}

const scopeNote = (scope: TokenScope, description?: string) =>
  `Scope: \`${scope}\`.${description ? ` ${description}` : ""}`;

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
      ApiKey: { type: "apiKey", in: "header", name: "X-API-Key", description: SCOPES_TEXT },
      Bearer: { type: "http", scheme: "bearer", description: SCOPES_TEXT },
    },
  });
  doc.info.license = { name: "AGPL-3.0-or-later", identifier: "AGPL-3.0-or-later" };
  // trpc-to-openapi adds its own error schemas; every response here uses ours (Error), so they would only be
  // unused components (a lint warning, and dead types in generated clients).
  const schemas = Object.fromEntries(
    Object.entries(doc.components?.schemas ?? {}).filter(([name]) => !name.startsWith("error.")),
  );
  doc.components = { ...doc.components, schemas: { ...schemas, Error: errorSchema } };
  const byRoute = new Map<string, Meta>();
  for (const { meta } of openApiProcedures().values())
    byRoute.set(`${meta.openapi.method.toLowerCase()} ${meta.openapi.path}`, meta);
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of ["get", "post", "patch", "put", "delete"] as const) {
      const op = item[method];
      if (!op) continue;
      const meta = byRoute.get(`${method} ${path}`);
      const success = meta?.successStatus ?? 200;
      const ok = op.responses?.["200"];
      op.responses = {
        [String(success)]: success === 204 ? { description: "Accepted and durably stored; empty body" } : ok,
        ...errorResponses([...COMMON_ERRORS, ...(meta?.errors ?? [])]),
      };
      // Either scheme authenticates (OpenAPI: alternatives are separate security requirement objects); the
      // scope the token needs is the requirement's role (OpenAPI 3.1 allows roles for non-OAuth schemes).
      op.security = meta?.public ? [] : securityFor(meta?.scope);
      if (meta?.scope) op.description = scopeNote(meta.scope, op.description);
      const parameters = (op.parameters ?? []) as Array<{ name: string; schema?: unknown }>;
      for (const [alias, target] of Object.entries(meta?.queryAliases ?? {})) {
        const original = parameters.find((p) => p.name === target);
        parameters.push({
          name: alias,
          in: "query",
          required: false,
          description: `Another name for \`${target}\` (as other APIs call it); send one of the two`,
          schema: original?.schema,
        } as (typeof parameters)[number]);
      }
      if (parameters.length > 0) op.parameters = parameters as typeof op.parameters;
      closeObjects(
        (op.requestBody as { content?: Record<string, { schema?: unknown }> } | undefined)?.content,
      );
    }
  }
  Object.assign(doc.paths ?? {}, fileEndpoints(), trackerPaths(trackerErrors));
  doc.components.securitySchemes = { ...doc.components.securitySchemes, ...TRACKER_SECURITY_SCHEMES };
  dropUnboundedRanges(doc);
  return doc;
}

/**
 * A request body takes only its documented fields (http/unknown-fields.ts answers 400 for any other): its
 * inline object schemas say so, so that generated clients and validators refuse them before sending.
 */
function closeObjects(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) closeObjects(item);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, unknown>;
  if (record.type === "object" && record.properties && record.additionalProperties === undefined)
    record.additionalProperties = false;
  for (const value of Object.values(record)) closeObjects(value);
}

/**
 * zod writes `z.int()`'s implicit bounds (±2⁵³−1) into every integer schema: they limit nothing a client
 * cares about and read as noise ("1 … 9007199254740991"), so the document leaves them out.
 */
function dropUnboundedRanges(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) dropUnboundedRanges(item);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as Record<string, unknown>;
  if (record.minimum === Number.MIN_SAFE_INTEGER) delete record.minimum;
  if (record.maximum === Number.MAX_SAFE_INTEGER) delete record.maximum;
  for (const value of Object.values(record)) dropUnboundedRanges(value);
}

/** A query parameter's JSON schema from its zod type (its type, range and default; the description is beside). */
function querySchema(schema: z.ZodType): Record<string, unknown> {
  const {
    $schema: _,
    description: __,
    ...json
  } = z.toJSONSchema(schema, { io: "input" }) as Record<string, unknown>;
  return json;
}

/** The tracker apps' errors: ours, except that their 409 is a fix after the event's end. */
function trackerErrors(statuses: number[]) {
  const responses = errorResponses(statuses);
  const conflict = responses["409"];
  if (conflict) responses["409"] = { ...conflict, description: "CONFLICT: the fix is after the event's end" };
  return responses;
}

/** Endpoints that answer files rather than JSON (http/files.ts), documented from their table. */
function fileEndpoints() {
  const idParam = { name: "id", in: "path", required: true, schema: { type: "string", format: "uuid" } };
  return Object.fromEntries(
    FILE_ROUTES.map((route) => [
      route.path,
      {
        get: {
          operationId: route.operationId,
          tags: ["exports"],
          summary: route.summary,
          parameters: [
            ...(route.path.includes("{id}") ? [idParam] : []),
            ...Object.entries(route.query.shape).map(([name, schema]) => ({
              name,
              in: "query",
              required: false,
              schema: querySchema(schema as z.ZodType),
              description: (schema as { description?: string }).description,
            })),
          ],
          description: scopeNote("tracks:read"),
          security: securityFor("tracks:read"),
          responses: {
            "200": {
              description:
                route.format === "map"
                  ? "The image (Content-Disposition: inline)"
                  : "The file (Content-Disposition: attachment)",
              content: {
                [FILE_TYPES[route.format]]: {
                  example: route.example,
                },
              },
            },
            ...errorResponses([401, 403, 404, 429, 503]),
          },
        },
      },
    ]),
  );
}
