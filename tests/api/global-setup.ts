import type { TestProject } from "vitest/node";
import { executeAdminCommand } from "~/server/admin/client";
import { dbConfigFrom } from "~/server/config";
import { createTestDatabase, startServer } from "../support/server";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
    limitedUrl: string;
    limitedDatabaseUrl: string;
    dbKind: "embedded" | "postgres";
  }
}

/**
 * One real server on a fresh database of the kind in TEST_DB (embedded | postgres), plus a second one with
 * tiny rate limits (per token, per device, per client address) for the 429 tests. Both are dropped at the end.
 */
export default async function setup(project: TestProject) {
  const kind = process.env.TEST_DB === "postgres" ? "postgres" : "embedded";
  const main = await createTestDatabase(kind, "api");
  const limited = await createTestDatabase(kind, "rl");
  // API_TEST_PORT fixes the two servers' ports (it and the next one) instead of free ones.
  const port = process.env.API_TEST_PORT ? Number(process.env.API_TEST_PORT) : null;
  const fixed = (offset: number): Record<string, string> => (port ? { PORT: String(port + offset) } : {});
  // The main server's password budget per address is out of the way: every test signs up and signs in its
  // own organisers from 127.0.0.1 (more than 60 in 15 minutes); the limits are tested on the limited server.
  const server = await startServer(main.url, {
    LIVE_HEARTBEAT_MS: "1000",
    SIGNIN_RATE_LIMIT_IP_MAX: "100000",
    ...fixed(0),
  });
  const limitedServer = await startServer(limited.url, {
    RATE_LIMIT_MAX: "8",
    RATE_LIMIT_DEVICE_MAX: "4",
    RATE_LIMIT_WINDOW_SEC: "60",
    SIGNIN_RATE_LIMIT_IP_MAX: "6",
    ...fixed(1),
  });
  // The instance's first account becomes its administrator: let it be the demo organiser, as after a seed,
  // so that no test's own new organiser is one by the luck of running first.
  for (const url of [main.url, limited.url])
    await executeAdminCommand({ op: "token", event: "first account" }, dbConfigFrom(url));
  project.provide("baseUrl", server.url);
  project.provide("databaseUrl", main.url);
  project.provide("limitedUrl", limitedServer.url);
  project.provide("limitedDatabaseUrl", limited.url);
  project.provide("dbKind", kind);
  console.log(`API tests on ${kind}: ${server.url}`);
  return async () => {
    await server.stop();
    await limitedServer.stop();
    await main.drop();
    await limited.drop();
  };
}
