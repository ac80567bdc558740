import { callProcedure } from "~/server/api/call";
import { jsonBody } from "~/server/api/json-text";
import type { OpenApiProcedure } from "~/server/api/procedures";
import { createContext, type Meta } from "~/server/api/trpc";
import { config } from "~/server/config";
import type { z } from "zod";
import { AppError, issuePath, validationError } from "~/server/errors";
import { hasBody, isMultipart, multipartToJson, parseJson, readBody } from "./body";
import { send } from "./node";
import { queryInput } from "./query";
import { unknownFields } from "./unknown-fields";
import type { ApiRequest } from "./request";

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * What the request is about, for per-device rate limits: the track of a /tracks/{id}/… path, or the
 * device_track_id of a new track.
 */
function deviceOf(params: Record<string, string>, input: unknown): string | null {
  if (params.id) return `track:${params.id}`;
  if (!isPlainObject(input)) return null;
  const track = isPlainObject(input.track) ? input.track : input;
  return typeof track.device_track_id === "string" ? `device:${track.device_track_id.slice(0, 100)}` : null;
}

/**
 * A body field the procedure does not take is a 400 naming it, as an unknown query parameter is. When the
 * body is also invalid, zod's answer comes first (it names `lat` as a misnamed `latitude`, and a batch past
 * its limit is a 413): parsing again costs only on this error path.
 */
function refuseUnknownFields(schema: z.ZodType, input: unknown, meta: Meta) {
  const unknown = unknownFields(schema, input);
  if (unknown.length === 0) return;
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, meta.batchLimits, input);
  const names = unknown.map((u) => issuePath(u.path)).join(", ");
  throw new AppError("BAD_REQUEST", `Invalid input: unknown field${unknown.length > 1 ? "s" : ""} ${names}`, {
    issues: unknown.map((u) => ({ code: "unrecognized_keys", ...u })),
  });
}

/**
 * The REST form of a procedure: the body (capped before parsing, JSON as sent: no coercion) or the query
 * (strict: see queryInput) merged with the path's parameters is the procedure's input; the answer is its
 * output with the success status of its meta. Errors go to the edge's one error path.
 */
export function restHandler(procedure: OpenApiProcedure) {
  const { meta, path, input: schema } = procedure;
  return async (call: ApiRequest): Promise<void> => {
    let raw: unknown;
    if (hasBody(call.method)) {
      const body = await readBody(call.req, config().maxBodyBytes[meta.body ?? "other"]);
      raw =
        meta.multipart && isMultipart(call.req)
          ? await multipartToJson(call.req, body)
          : parseJson(call.req, body);
      if (call.url.search) queryInput(undefined, call.url.searchParams);
    } else {
      raw = queryInput(schema, call.url.searchParams, meta.queryAliases);
    }
    const hasParams = Object.keys(call.params).length > 0;
    if (hasParams && !isPlainObject(raw)) throw new AppError("BAD_REQUEST", "The body must be a JSON object");
    const input = hasParams ? { ...(raw as Record<string, unknown>), ...call.params } : raw;
    const ctx = await createContext({
      headers: call.headers,
      session: await call.session(),
      address: call.address,
      device: deviceOf(call.params, input),
      checkBody: hasBody(call.method) && schema ? () => refuseUnknownFields(schema, input, meta) : undefined,
    });
    const output = await callProcedure(ctx, path, input);
    const status = meta.successStatus ?? 200;
    if (status === 204) send(call.res, 204, null);
    else send(call.res, status, jsonBody(output), { "Content-Type": "application/json" });
  };
}
