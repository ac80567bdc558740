/**
 * The Runify server: Next.js (dashboard, pages, dashboard tRPC) behind one node:http server that answers the
 * two race-day hot paths itself, without Next's per-request pipeline (≈ 3 ms of CPU a request here, more
 * than the work itself): the REST contract endpoints (the same tRPC procedures through trpc-to-openapi) and
 * the live Server-Sent Events stream. Those handlers live in the app's own server bundle and are registered
 * on start-up by src/instrumentation.ts (src/server/http/fast-paths.ts); this file only routes.
 *
 *   node scripts/serve.mjs [--dev] [-p PORT] [-H HOST]     (PORT, HOSTNAME in the environment work too)
 */
import http from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import next from "next";

const { values } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    port: { type: "string", short: "p" },
    hostname: { type: "string", short: "H" },
  },
});
const dev = values.dev;
const port = Number(values.port ?? process.env.PORT ?? 3000);
const hostname = values.hostname ?? process.env.HOSTNAME ?? "0.0.0.0";
if (!dev) process.env.NODE_ENV = "production";
// The worker-thread bundles that `next build` / `next dev` put beside the app (src/server/workers/location.ts).
process.env.RUNIFY_WORKERS_DIR ??= path.resolve(import.meta.dirname, "../.build/workers");

const app = next({ dev, hostname, port, dir: path.resolve(import.meta.dirname, "..") });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  /** @type {{ handle(req: http.IncomingMessage, res: http.ServerResponse): boolean } | undefined} */
  const fast = globalThis.runifyFastPaths;
  if (fast?.handle(req, res)) return;
  handle(req, res);
});
// Phones post every few seconds: keep their connections open between batches (Node's default is 5 s, the
// very period of a typical app, so each batch would pay for a new connection).
server.keepAliveTimeout = Number(process.env.KEEP_ALIVE_TIMEOUT_MS ?? 65_000);
server.headersTimeout = server.keepAliveTimeout + 1000;
server.listen(port, hostname, () => {
  console.log(`[runify] listening on http://${hostname}:${port}${dev ? " (dev)" : ""}`);
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  globalThis.runifyFastPaths?.close();
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 5000).unref();
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
