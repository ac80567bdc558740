import type { IncomingMessage, ServerResponse } from "node:http";
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { serverConfig } from "~/server/config";
import { AppError } from "~/server/errors";
import { procedureMeta } from "./openapi";
import { appRouter } from "./root";
import { type RestError, restError, toRestError } from "./errors";
import { type Session, createContext } from "./trpc";
import { tokenFromHeaders } from "~/server/auth/tokens";
import { sessionFromHeaders } from "~/server/auth/session";
import { nodeHeaders } from "~/server/http/node";

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

function concat(parts: Uint8Array[], size: number): Uint8Array<ArrayBuffer> {
  const body = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.byteLength;
  }
  return body;
}

/** Reads a fetch body up to `cap` bytes; past it, stops reading (413 without buffering it all). */
async function readWebBody(body: ReadableStream<Uint8Array> | null, cap: number) {
  if (!body) return new Uint8Array();
  const reader = body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return concat(parts, size);
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel();
      throw new BodyTooLarge();
    }
    parts.push(value);
  }
}

/**
 * The same for node:http. Past the cap the rest of the body is read and thrown away (up to 4× the cap, then
 * the connection is cut), so that the client, still sending, can read its 413 instead of a broken pipe.
 */
function readNodeBody(req: IncomingMessage, cap: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const parts: Uint8Array[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= cap) return void parts.push(chunk);
      parts.length = 0;
      reject(new BodyTooLarge());
      if (size > 4 * cap) {
        req.off("data", onData);
        req.destroy();
      }
    };
    req.on("data", onData);
    req.once("end", () => resolve(concat(parts, size)));
    req.once("error", reject);
  });
}

/** A REST call as both servers hand it over: Next's route handler (fetch Request) and the node fast path. */
export interface RestCall {
  method: string;
  url: string;
  headers: Headers;
  /** The body, read at most up to `cap` bytes. */
  readBody(cap: number): Promise<Uint8Array<ArrayBuffer>>;
}

function fetchCall(req: Request): RestCall {
  return {
    method: req.method,
    url: req.url,
    headers: req.headers,
    readBody: (cap) => readWebBody(req.body, cap),
  };
}

/** The same call from node:http (scripts/serve.mjs), without Next's per-request pipeline. */
export function nodeCall(req: IncomingMessage): RestCall {
  return {
    method: req.method ?? "GET",
    url: `http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`,
    headers: nodeHeaders(req),
    readBody: (cap) => readNodeBody(req, cap),
  };
}

/** A Response written to node:http. Bodies here are small JSON documents, so they are sent in one piece. */
export async function sendNodeResponse(res: ServerResponse, response: Response): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, key) => {
    res.setHeader(key, value);
  });
  res.end(response.body ? Buffer.from(await response.arrayBuffer()) : undefined);
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
  return sessionFromHeaders(req.headers);
}

/** The REST API (trpc-to-openapi) in Next's route handler: see restResponse. */
export function handleRestRequest(req: Request): Promise<Response> {
  return restResponse(fetchCall(req));
}

/** The REST API (trpc-to-openapi), with size limits before parsing and the contract's error bodies. */
export async function restResponse(call: RestCall): Promise<Response> {
  let request: Request;
  if (call.method !== "GET" && call.method !== "HEAD") {
    const cap = bodyCap(new URL(call.url).pathname);
    let body: Uint8Array<ArrayBuffer>;
    try {
      if (Number(call.headers.get("content-length") ?? Number.NaN) > cap) {
        // Not parsed, but read away (node:http) so that the client gets to read the answer.
        call.readBody(cap).catch(() => undefined);
        throw new BodyTooLarge();
      }
      body = await call.readBody(cap);
    } catch (error) {
      if (error instanceof BodyTooLarge) {
        return errorResponse(restError("PAYLOAD_TOO_LARGE", `Request body larger than ${cap} bytes`));
      }
      throw error;
    }
    const headers = new Headers(call.headers);
    // Apps that forget the header still send JSON: the contract is JSON in, JSON out.
    if (!headers.get("content-type")) headers.set("content-type", "application/json");
    headers.delete("content-length");
    let payload: Uint8Array<ArrayBuffer> | string = body.byteLength ? body : "{}";
    if (headers.get("content-type")?.startsWith("multipart/form-data")) {
      payload = await multipartToJson(new Request(call.url, { method: call.method, headers, body }));
      headers.set("content-type", "application/json");
    }
    request = new Request(call.url, { method: call.method, headers, body: payload });
  } else {
    request = new Request(call.url, { method: call.method, headers: call.headers });
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
