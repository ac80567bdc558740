import { afterAll, beforeAll } from "vitest";
import { createTestDatabase, startServer, type TestDatabase, type TestServer } from "./server";

/** The instance bus's two transports, for `describe.each`: LISTEN/NOTIFY (no REDIS_URL) and Redis pub/sub. */
export const BUS_TRANSPORTS = [
  { transport: "PostgreSQL LISTEN/NOTIFY", env: { REDIS_URL: "" } },
  {
    transport: "Redis pub/sub",
    env: { REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0" },
  },
];

/**
 * Two instances of the built app on one fresh PostgreSQL database, as behind a load balancer, for the
 * enclosing `describe` (started before its tests, stopped and dropped after them).
 */
export function twoInstances(label: string, env: Record<string, string>) {
  const started: { database?: TestDatabase; one?: TestServer; two?: TestServer } = {};
  beforeAll(async () => {
    const database = await createTestDatabase("postgres", label);
    started.database = database;
    [started.one, started.two] = await Promise.all([
      startServer(database.url, env),
      startServer(database.url, env),
    ]);
  });
  afterAll(async () => {
    await Promise.all([started.one?.stop(), started.two?.stop()]);
    await started.database?.drop();
  });
  const get = <K extends keyof typeof started>(key: K): NonNullable<(typeof started)[K]> => {
    const value = started[key];
    if (!value) throw new Error(`${key} is not started`);
    return value;
  };
  return {
    get database() {
      return get("database");
    },
    get one() {
      return get("one");
    },
    get two() {
      return get("two");
    },
  };
}
