import type { IncomingMessage, ServerResponse } from "node:http";
import { nodeHTTPRequestHandler } from "@trpc/server/adapters/node-http";
import { openApiDocument } from "~/server/api/openapi";
import { openApiProcedures } from "~/server/api/procedures";
import { appRouter } from "~/server/api/root";
import { createContext } from "~/server/api/trpc";
import { sessionFromHeaders } from "~/server/auth/session";
import { serveResultsCsv, serveViewerLeaderboard, serveViewerRaces } from "./race";
import { config } from "~/server/config";
import { AppError, httpError } from "~/server/errors";
import { serveLiveMapImage, serveLiveSnapshot, serveLiveStream } from "~/server/live/sse";
import { closeAllViewers } from "~/server/live/hub";
import { rateLimits } from "~/server/services/rate-limit";
import { countRequest } from "~/server/idle";
import { FILE_ROUTES, fileHandler } from "./files";
import { clientAddress, nodeHeaders, sendError, sendJson } from "./node";
import { type ApiRequest, cookieSession, crossSite } from "./request";
import { restHandler } from "./rest";
import { pageSecurityHeaders } from "./security";
import { serveTile, TILE_ROUTE } from "./tiles";
import { TRACKER_ROUTES } from "./trackers";

/**
 * The one HTTP edge of the server (scripts/serve.mjs hands it every request first). It answers everything
 * under /api itself — the REST procedures, files, live streams, the dashboard's tRPC and the OpenAPI document
 * — with one error path (errors.ts: status, body, headers). Everything else (pages, next-auth under
 * /api/auth) goes on to Next.js, after the edge has capped its body and added the pages' security headers.
 */
export interface Edge {
  /** Answers the request, or calls `next` for Next.js to answer it. */
  handle(req: IncomingMessage, res: ServerResponse, next: () => void): void;
  close(): Promise<void>;
  keepAliveTimeoutMs: number;
}

type Handler = (call: ApiRequest) => Promise<void>;
interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  handler: Handler;
}

/** "/tracks/{id}/points" → /^\/api\/tracks\/(?<id>[^/]+)\/points\/?$/ */
function compile(template: string): RegExp {
  const source = template
    .split("/")
    .map((part) =>
      /^\{\w+\}$/.test(part) ? `(?<${part.slice(1, -1)}>[^/]+)` : part.replace(/[.*+?^$()[\]\\|]/g, "\\$&"),
    )
    .join("/");
  return new RegExp(`^/api${source}/?$`);
}

function routeTable(): Route[] {
  const route = (method: string, template: string, handler: Handler): Route => ({
    method,
    template,
    pattern: compile(template),
    handler,
  });
  return [
    ...[...openApiProcedures().values()].map((p) =>
      route(p.meta.openapi.method, p.meta.openapi.path, restHandler(p)),
    ),
    ...FILE_ROUTES.map((r) => route("GET", r.path, fileHandler(r))),
    ...TRACKER_ROUTES.map((r) => route(r.method, r.path, r.handler)),
    route("GET", "/live/{eventId}/stream", serveLiveStream),
    route("GET", "/live/{eventId}/map.png", serveLiveMapImage),
    route("GET", "/live/{eventId}/races", serveViewerRaces),
    route("GET", "/live/{eventId}/races/{raceId}/leaderboard", serveViewerLeaderboard),
    route("GET", "/events/{id}/races/{raceId}/results.csv", serveResultsCsv),
    route("GET", "/live/{eventId}", serveLiveSnapshot),
    route("GET", TILE_ROUTE, serveTile),
    route("GET", "/openapi.json", async (call) =>
      sendJson(call.res, 200, openApiDocument(`${call.url.origin}/api`)),
    ),
  ];
}

/** The dashboard's tRPC (batched JSON over /api/trpc), with the same body cap as every small request. */
async function serveTrpc(call: ApiRequest, path: string): Promise<void> {
  // The dashboard's own calls carry its cookie: one from another site must not act with it (CSRF).
  if (call.method !== "GET" && crossSite(call.headers))
    throw new AppError("FORBIDDEN", "Cross-site requests are refused");
  const session = await sessionFromHeaders(call.headers);
  await nodeHTTPRequestHandler({
    router: appRouter,
    req: call.req,
    res: call.res,
    path,
    maxBodySize: config().maxBodyBytes.other,
    createContext: () => createContext({ headers: call.headers, session, address: call.address }),
    onError: ({ error, path: procedure }) => {
      if (httpError(error.cause ?? error).status === 500)
        console.error(`[trpc] ${procedure ?? ""}`, error.cause ?? error);
    },
  });
}

function match(
  routes: readonly Route[],
  method: string,
  pathname: string,
): { route: Route; params: Record<string, string> } | { allowed: string[] } {
  const allowed: string[] = [];
  for (const r of routes) {
    const m = r.pattern.exec(pathname);
    if (!m) continue;
    if (r.method === method) return { route: r, params: decodeParams(m.groups) };
    allowed.push(r.method);
  }
  return { allowed };
}

function decodeParams(groups: Record<string, string> | undefined): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(groups ?? {})) {
    try {
      params[k] = decodeURIComponent(v);
    } catch {
      throw new AppError("BAD_REQUEST", `Malformed path parameter "${k}"`);
    }
  }
  return params;
}

const SIGN_IN = "/api/auth/callback/credentials";

export function createEdge(): Edge {
  const routes = routeTable();
  const c = config();

  async function dispatch(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? "GET";
    const headers = nodeHeaders(req);
    const call: ApiRequest = {
      req,
      res,
      method,
      url,
      params: {},
      headers,
      address: clientAddress(req, c.trustProxyHops),
      session: cookieSession(method, headers),
    };
    try {
      if (url.pathname.startsWith("/api/trpc/"))
        return await serveTrpc(call, url.pathname.slice("/api/trpc/".length));
      const found = match(routes, method, url.pathname);
      if ("route" in found) return await found.route.handler({ ...call, params: found.params });
      if (found.allowed.length > 0) {
        throw new AppError(
          "METHOD_NOT_ALLOWED",
          `${method} is not allowed on ${url.pathname}: use ${found.allowed.join(", ")}`,
          {
            headers: { Allow: [...new Set(found.allowed)].join(", ") },
          },
        );
      }
      throw new AppError("NOT_FOUND", `No such endpoint: ${method} ${url.pathname}`);
    } catch (error) {
      const answer = httpError(error);
      if (answer.status === 500) console.error(`[api] ${method} ${url.pathname}`, error);
      sendError(res, answer);
    }
  }

  /** Before Next.js: pages get their security headers; bodies are capped; password attempts are limited. */
  async function beforeNext(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    next: () => void,
  ): Promise<void> {
    for (const [k, v] of Object.entries(pageSecurityHeaders(url.pathname, c.dev))) res.setHeader(k, v);
    const method = req.method ?? "GET";
    try {
      if (method !== "GET" && method !== "HEAD") {
        const length = Number(req.headers["content-length"] ?? Number.NaN);
        if (!Number.isFinite(length) && req.headers["transfer-encoding"])
          throw new AppError("BAD_REQUEST", "Send a Content-Length with this request");
        if (length > c.maxBodyBytes.other)
          throw new AppError("PAYLOAD_TOO_LARGE", `Request body larger than ${c.maxBodyBytes.other} bytes`);
        if (url.pathname === SIGN_IN) {
          // Per client address here; next-auth's authorize limits per account: changing the e-mail won't help.
          const limit = await rateLimits().passwordFromAddress(clientAddress(req, c.trustProxyHops));
          if (!limit.allowed)
            throw new AppError("RATE_LIMIT", "Too many sign-in attempts from this address", {
              retryAfterSec: limit.retryAfterSec,
            });
        }
      }
    } catch (error) {
      req.resume();
      sendError(res, httpError(error));
      return;
    }
    next();
  }

  return {
    keepAliveTimeoutMs: c.keepAliveTimeoutMs,
    handle(req, res, next) {
      const raw = req.url ?? "/";
      let url: URL;
      try {
        url = new URL(raw.startsWith("/") ? raw : `/${raw}`, `http://${req.headers.host ?? "localhost"}`);
      } catch {
        url = new URL(raw.startsWith("/") ? raw : `/${raw}`, "http://localhost");
      }
      if (url.pathname.startsWith("/api/") && !url.pathname.startsWith("/api/auth/")) {
        // Live streams stay open for hours: they are not requests that work waits for.
        if (!url.pathname.endsWith("/stream")) countRequest(res);
        void dispatch(req, res, url);
      } else void beforeNext(req, res, url, next);
    },
    close: closeAllViewers,
  };
}
