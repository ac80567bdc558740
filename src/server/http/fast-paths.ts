import type { IncomingMessage, ServerResponse } from "node:http";
import { getPathRegExp, normalizePath } from "trpc-to-openapi";
import { closeAllLiveStreams, liveStream } from "~/server/api/live-stream";
import { procedureMeta } from "~/server/api/openapi";
import { nodeCall, restResponse, sendNodeResponse } from "~/server/api/rest-handler";

/**
 * The requests scripts/serve.mjs answers without Next: every REST contract endpoint (the tRPC procedures that
 * trpc-to-openapi serves under /api; the same code as Next's /api/[...openapi] route) and the live stream.
 * Everything else (pages, dashboard tRPC, auth, file exports, unknown paths) goes to Next.
 */
export interface FastPaths {
  /** True when this request was taken. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  close(): void;
}

const LIVE_STREAM = /^\/api\/live\/([^/]+)\/stream\/?$/;

function restRoutes(): Map<string, RegExp[]> {
  const routes = new Map<string, RegExp[]>();
  for (const meta of procedureMeta.values()) {
    if (!meta.openapi) continue;
    const list = routes.get(meta.openapi.method) ?? [];
    list.push(getPathRegExp(normalizePath(meta.openapi.path)));
    routes.set(meta.openapi.method, list);
  }
  return routes;
}

function internalError(res: ServerResponse) {
  res.writeHead(500, { "Content-Type": "application/json" });
  res.end(JSON.stringify({ code: "INTERNAL_SERVER_ERROR", message: "Internal server error" }));
}

function serveRest(req: IncomingMessage, res: ServerResponse) {
  restResponse(nodeCall(req))
    .then((response) => sendNodeResponse(res, response))
    .catch((error: unknown) => {
      console.error("[api]", error);
      if (res.headersSent) res.destroy();
      else internalError(res);
    });
}

export function createFastPaths(): FastPaths {
  const routes = restRoutes();
  return {
    handle(req, res) {
      const url = req.url ?? "/";
      if (!url.startsWith("/api/")) return false;
      const query = url.indexOf("?");
      const pathname = query < 0 ? url : url.slice(0, query);
      const method = req.method ?? "GET";
      const live = method === "GET" ? LIVE_STREAM.exec(pathname) : null;
      if (live?.[1]) {
        liveStream(req, res, decodeURIComponent(live[1])).catch((error: unknown) => {
          console.error("[live] stream", error);
          if (res.headersSent) res.destroy();
          else internalError(res);
        });
        return true;
      }
      const path = pathname.slice("/api".length);
      if (!routes.get(method)?.some((re) => re.test(path))) return false;
      serveRest(req, res);
      return true;
    },
    close() {
      void closeAllLiveStreams();
    },
  };
}

/** Called once at start-up (src/instrumentation.ts), inside the app's server bundle. */
export function registerFastPaths(): void {
  (globalThis as unknown as { runifyFastPaths?: FastPaths }).runifyFastPaths = createFastPaths();
}
