import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
});
