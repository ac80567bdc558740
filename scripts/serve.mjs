/**
 * The Runify server: one node:http server whose every request goes first to the app's HTTP edge
 * (src/server/http/edge.ts, registered at start-up by src/instrumentation.ts inside the app's bundle). The
 * edge answers the whole API itself — REST, files, live streams, the dashboard's tRPC — without Next's
 * per-request pipeline (≈ 3 ms of CPU a request here, more than the work itself), and hands pages and
 * next-auth to Next.js. This file only starts things and routes.
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
try {
  await app.prepare();
} catch (error) {
  console.error("[runify] could not start:", error instanceof Error ? error.message : error);
  process.exit(1);
}

/**
 * The edge appears when Next.js runs the instrumentation hook: at prepare() in development, on the first
 * request in production. So the server starts listening, sends itself one warm-up request that goes straight
 * to Next.js, and holds every other request until the edge is there.
 * @type {symbol}
 */
const EDGE = Symbol.for("runify:edge");
const WARM_UP = "x-runify-warm-up";
const warmUpToken = Math.random().toString(36).slice(2);
/** @typedef {{ handle(req: http.IncomingMessage, res: http.ServerResponse, next: () => void): void, close(): Promise<void>, keepAliveTimeoutMs: number }} Edge */
/** @returns {Edge | undefined} */
const currentEdge = () => /** @type {Record<symbol, Edge | undefined>} */ (globalThis)[EDGE];
const edgeReady = (async () => {
  for (let waited = 0; waited < 120_000 && !currentEdge(); waited += 10)
    await new Promise((r) => setTimeout(r, 10));
  return currentEdge();
})();

const server = http.createServer((req, res) => {
  const edge = currentEdge();
  if (edge) return edge.handle(req, res, () => handle(req, res));
  if (req.headers[WARM_UP] === warmUpToken) return handle(req, res);
  void edgeReady.then((ready) => {
    if (ready) ready.handle(req, res, () => handle(req, res));
    else {
      res.statusCode = 503;
      res.end();
    }
  });
});
server.on("error", (error) => {
  console.error(`[runify] cannot listen on ${hostname}:${port}: ${error.message}`);
  process.exit(1);
});
// Node's default accept queue is 511: thousands of spectators opening the live page when a race starts (or
// reconnecting after a restart) overflowed it, and the kernel reset the rest (bench:live, 10,000 viewers: 385
// resets). The kernel caps it at net.core.somaxconn (4096 on Debian 12).
server.listen({ port, host: hostname, backlog: 4096 }, () => {
  console.log(`[runify] listening on http://${hostname}:${port}${dev ? " (dev)" : ""}`);
  const local = hostname === "0.0.0.0" || hostname === "::" ? "127.0.0.1" : hostname;
  http
    .get({ host: local, port, path: "/runify-warm-up", headers: { [WARM_UP]: warmUpToken } }, (res) =>
      res.resume(),
    )
    .on("error", (error) => console.error("[runify] warm-up request failed:", error.message));
});
void edgeReady.then((edge) => {
  if (!edge) {
    console.error("[runify] the app did not register its HTTP edge (src/instrumentation.ts)");
    process.exit(1);
  }
  // Phones post every few seconds: keep their connections open between batches (Node's default is 5 s, the
  // very period of a typical app, so each batch would pay for a new connection).
  server.keepAliveTimeout = edge.keepAliveTimeoutMs;
  server.headersTimeout = edge.keepAliveTimeoutMs + 1000;
});

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  void currentEdge()?.close();
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 5000).unref();
}
// RUNIFY_PROFILE_DIR: SIGUSR2 starts a CPU profile of this process, the next one writes it there (a bench
// profiles its measured window only, not its set-up: bench:race --profile DIR).
if (process.env.RUNIFY_PROFILE_DIR) {
  const dir = process.env.RUNIFY_PROFILE_DIR;
  const { Session } = await import("node:inspector/promises");
  const { writeFile } = await import("node:fs/promises");
  /** @type {import("node:inspector/promises").Session | null} */
  let session = null;
  process.on("SIGUSR2", async () => {
    if (!session) {
      session = new Session();
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
      return;
    }
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    session = null;
    await writeFile(
      path.join(dir, `server-${process.pid}-${Date.now()}.cpuprofile`),
      JSON.stringify(profile),
    );
  });
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
// Started by a test or a benchmark (tests/support/server.ts): stop when the process that started it is gone,
// however it ended (an uncaught error, kill -9), instead of serving and burning CPU for nobody.
if (process.env.RUNIFY_STOP_WITH_STDIN === "1") {
  process.stdin.on("end", stop).on("error", stop).resume();
}
