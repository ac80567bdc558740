import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeAdminCommand } from "~/server/admin/client";
import { withEnv } from "../support/env";
import { createTestDatabase, startServer, type TestDatabase, type TestServer } from "../support/server";
import { api, linePoints, newEventToken, uniqueDeviceId } from "../support/api";
import { openSse } from "../support/sse";

/**
 * Two app instances on one PostgreSQL database, as behind a load balancer: a point posted to one reaches a
 * viewer of the other, through LISTEN/NOTIFY, and through Redis pub/sub when REDIS_URL is set.
 */
describe.each([
  { transport: "PostgreSQL LISTEN/NOTIFY", env: { REDIS_URL: "" } },
  {
    transport: "Redis pub/sub",
    env: { REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0" },
  },
])("two instances over $transport", ({ env }) => {
  let database: TestDatabase;
  let one: TestServer;
  let two: TestServer;
  beforeAll(async () => {
    database = await createTestDatabase("postgres", "multi");
    [one, two] = await Promise.all([startServer(database.url, env), startServer(database.url, env)]);
  });
  afterAll(async () => {
    await Promise.all([one?.stop(), two?.stop()]);
    await database?.drop();
  });

  it("delivers a batch posted to instance one to a viewer of instance two, in order, once", async () => {
    const { token, eventId } = await newEventToken({ isPublic: true, databaseUrl: database.url });
    const sse = await openSse(`${two.url}/api/live/${eventId}/stream`);
    const snapshot = (await sse.next("snapshot")).data as { seq: number };
    const created = await api<{ id: string }>("POST", "/tracks", {
      token,
      base: one.url,
      body: { device_track_id: uniqueDeviceId() },
    });
    const points = linePoints(3);
    for (const point of points) {
      expect(
        (
          await api("POST", `/tracks/${created.body.id}/points`, {
            token,
            base: one.url,
            body: { points: [point] },
          })
        ).status,
      ).toBe(204);
    }
    const messages = await sse.drain(1500);
    expect(messages.map((m) => m.event)).toEqual(["track", "points", "points", "points"]);
    expect(messages.map((m) => Number(m.id))).toEqual([1, 2, 3, 4].map((n) => snapshot.seq + n));
    const timestamps = messages.slice(1).map((m) => (m.data as { points: number[][] }).points[0]?.[2]);
    expect(timestamps).toEqual(points.map((p) => Date.parse(p.timestamp)));
    sse.close();
  });

  it("keeps delivering across instances after the database drops the bus connections", async () => {
    const { token, eventId } = await newEventToken({ isPublic: true, databaseUrl: database.url });
    const created = await api<{ id: string }>("POST", "/tracks", {
      token,
      base: one.url,
      body: { device_track_id: uniqueDeviceId() },
    });
    const sse = await openSse(`${two.url}/api/live/${eventId}/stream`);
    await sse.next("snapshot");
    // Every session of the two instances goes (as on a database restart or failover); they reconnect.
    const name = new URL(database.url).pathname.slice(1);
    const { default: pg } = await import("pg");
    const admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
      [name],
    );
    await admin.end();
    // One batch while the bus is down (a pool connection that just died may refuse it once: the app retries),
    // then nothing more: instance two must still get it, from the log, once its bus is back.
    const points = linePoints(1, { start: Date.parse("2026-03-12T11:00:00Z") });
    let status = 0;
    for (let i = 0; i < 20 && status !== 204; i++) {
      status = (
        await api("POST", `/tracks/${created.body.id}/points`, { token, base: one.url, body: { points } })
      ).status;
    }
    expect(status).toBe(204);
    const delivered = (await sse.next("points", 10_000)).data as { points: number[][] };
    expect(delivered.points.map((p) => p[2])).toEqual([Date.parse(points[0]?.timestamp ?? "")]);
    sse.close();
  });

  it("refuses a token revoked from the CLI on both instances at once, not at the cache's expiry", async () => {
    const { token } = await newEventToken({ databaseUrl: database.url });
    const create = (server: TestServer) =>
      api("POST", "/tracks", { token, base: server.url, body: { device_track_id: uniqueDeviceId() } });
    // Both instances now hold the token's lookup.
    for (const server of [one, two]) expect((await create(server)).status).toBe(201);
    // The CLI runs with the servers' environment: straight on the database, then one bus message.
    await withEnv({ DATABASE_URL: database.url, REDIS_URL: env.REDIS_URL }, () =>
      executeAdminCommand({ op: "revoke", token }),
    );
    const revokedAt = Date.now();
    for (const server of [one, two]) {
      let status = 0;
      while (Date.now() - revokedAt < 3000) {
        status = (await create(server)).status;
        if (status === 401) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      // Within 3 s of a lookup cached just before, for 5 s: the bus message did it, not the expiry.
      expect(status).toBe(401);
    }
  });
});
