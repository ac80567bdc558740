import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { serverConfig } from "~/server/config";
import { AppError } from "~/server/errors";
import { procedureMeta } from "./openapi";
import { appRouter } from "./root";
import { type RestError, restError, toRestError } from "./errors";
import { type Session, createContext } from "./trpc";
import { tokenFromHeaders } from "~/server/auth/tokens";
import { getSession } from "~/server/auth/session";

const ENDPOINT = "/api";

function bodyCap(pathname: string): number {
  const caps = serverConfig().maxBodyBytes;
  if (/^\/api\/tracks\/[^/]+\/points\/?$/.test(pathname)) return caps.points;
  if (/^\/api\/sync\/?$/.test(pathname)) return caps.sync;
  if (/^\/api\/imports\/?$/.test(pathname)) return caps.imports;
  return caps.other;
}

function errorResponse(error: RestError): Response {
  return Response.json(error.body, { status: error.status, headers: error.headers });
}

class BodyTooLarge extends Error {}

/** Reads the body up to `cap` bytes; past it, stops reading (the client gets its 413 without us buffering it all). */
async function readCapped(req: Request, cap: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get("content-length") ?? Number.NaN);
  if (declared > cap) throw new BodyTooLarge();
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/**
 * Uploads as multipart/form-data (`file` parts plus plain fields) become the JSON shape of the procedure
 * (`files: [{name, data_base64}]`), so one zod schema validates both forms.
 */
async function multipartToJson(req: Request): Promise<string> {
  const form = await req.formData().catch(() => null);
  if (!form) return "<malformed multipart body>";
  const json: Record<string, unknown> = {};
  const files: Array<{ name: string; data_base64: string }> = [];
  for (const [key, value] of form.entries()) {
    if (typeof value === "string") json[key] = value;
    else if (key === "file" || key === "files") {
      files.push({
        name: value.name || "upload",
        data_base64: Buffer.from(await value.arrayBuffer()).toString("base64"),
      });
    }
  }
  json.files = files;
  return JSON.stringify(json);
}

/**
 * The dashboard may call REST endpoints with its session cookie (file uploads with progress). Only when the
 * request carries no API token, and for writes only from our own origin: a cookie alone must not let another
 * site post on an organiser's behalf (CSRF).
 */
async function cookieSession(req: Request): Promise<Session | null> {
  if (tokenFromHeaders(req.headers) || !req.headers.get("cookie")) return null;
  if (req.method !== "GET" && req.method !== "HEAD") {
    const origin = req.headers.get("origin");
    const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
    if (!origin || !host || URL.parse(origin)?.host !== host) return null;
  }
  return getSession().catch(() => null);
}

/** The REST API (trpc-to-openapi), with size limits before parsing and the contract's error bodies. */
export async function handleRestRequest(req: Request): Promise<Response> {
  let request = req;
  if (req.method !== "GET" && req.method !== "HEAD") {
    const cap = bodyCap(new URL(req.url).pathname);
    let body: Uint8Array<ArrayBuffer>;
    try {
      body = await readCapped(req, cap);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return errorResponse(restError("PAYLOAD_TOO_LARGE", `Request body larger than ${cap} bytes`));
      }
      throw error;
    }
    const headers = new Headers(req.headers);
    // Apps that forget the header still send JSON: the contract is JSON in, JSON out.
    if (!headers.get("content-type")) headers.set("content-type", "application/json");
    headers.delete("content-length");
    let payload: Uint8Array<ArrayBuffer> | string = body.byteLength ? body : "{}";
    if (headers.get("content-type")?.startsWith("multipart/form-data")) {
      payload = await multipartToJson(new Request(req.url, { method: req.method, headers, body }));
      headers.set("content-type", "application/json");
    }
    request = new Request(req.url, { method: req.method, headers, body: payload });
  }
  const response = await createOpenApiFetchHandler({
    endpoint: ENDPOINT,
    router: appRouter,
    req: request,
    createContext: async () =>
      createContext({ headers: request.headers, session: await cookieSession(request) }),
    responseMeta: ({ paths, errors }) => {
      const error = errors[0];
      if (error) {
        const cause = error.cause;
        const retryAfter = cause instanceof AppError ? cause.retryAfterSec : undefined;
        return retryAfter ? { headers: { "Retry-After": String(retryAfter) } } : {};
      }
      const path = paths?.[0];
      return { status: (path && procedureMeta.get(path)?.successStatus) || 200 };
    },
    onError: ({ error }) => {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error("[api]", error.cause ?? error);
    },
  });
  if (response.status === 204) return new Response(null, { status: 204 });
  if (response.status < 400) return response;
  const raw = (await response.json().catch(() => ({}))) as Parameters<typeof toRestError>[1];
  const retryAfter = Number(response.headers.get("retry-after") ?? Number.NaN);
  return errorResponse(
    toRestError(response.status, raw, Number.isFinite(retryAfter) ? retryAfter : undefined),
  );
}
