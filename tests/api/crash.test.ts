import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { executeAdminCommand } from "~/server/admin/client";
import { dbConfigFrom } from "~/server/config";
import { api, linePoints, uniqueDeviceId } from "../support/api";
import { createTestDatabase, startServer, type TestDatabase, type TestServer } from "../support/server";

/**
 * A 204 means stored (README, "Durability"): after `kill -9` of the server in the middle of ingest, every
 * acknowledged point is there when it starts again on the same database, once — whether PostgreSQL runs
 * in the server's process (the embedded database's worker thread) or beside it.
 */
describe("kill -9 of the server during ingest", () => {
  let database: TestDatabase;
  let server: TestServer | null = null;

  beforeAll(async () => {
    database = await createTestDatabase(inject("dbKind"), "crash");
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("loses no acknowledged point and stores none twice", async () => {
    server = await startServer(database.url);
    const issued = await executeAdminCommand({ op: "token", event: "crash" }, dbConfigFrom(database.url));
    if (!("token" in issued)) throw new Error("no token");
    const { token } = issued;
    const base = server.url;
    const devices = 12;
    const tracks: string[] = [];
    for (let d = 0; d < devices; d++) {
      const created = await api<{ id: string }>("POST", "/tracks", {
        token,
        base,
        body: { device_track_id: uniqueDeviceId() },
      });
      expect(created.status).toBe(201);
      tracks.push(created.body.id);
    }
    // Each device sends 10-point batches back to back; a batch counts once its 204 has arrived.
    const acknowledged = tracks.map(() => new Set<string>());
    let killed = false;
    const start = Date.parse("2026-03-12T08:20:00Z");
    const phones = tracks.map(async (id, d) => {
      for (let batch = 0; !killed; batch++) {
        const points = linePoints(10, { start: start + batch * 10_000 });
        const res = await api("POST", `/tracks/${id}/points`, { token, base, body: { points } }).catch(
          () => null,
        );
        if (res?.status === 204) for (const p of points) acknowledged[d]?.add(p.timestamp);
        else if (res) expect(res.status, res.text).toBe(503);
      }
    });
    const total = () => acknowledged.reduce((n, s) => n + s.size, 0);
    // Killed in mid-flight, once a few hundred points are in (later on a busy machine).
    for (let waited = 0; waited < 20_000 && (waited < 2000 || total() < 500); waited += 100)
      await new Promise((r) => setTimeout(r, 100));
    expect(total()).toBeGreaterThan(0);
    server.process.kill("SIGKILL");
    killed = true;
    await new Promise((resolve) => server?.process.once("exit", resolve));
    await Promise.all(phones);
    const before = total();

    // The lock file of the dead process is taken over; PostgreSQL replays its WAL.
    server = await startServer(database.url);
    for (const [d, id] of tracks.entries()) {
      const res = await api<{ count: number; points: Array<{ timestamp: string }> }>(
        "GET",
        `/tracks/${id}/points?limit=50000`,
        { token, base: server.url },
      );
      expect(res.status, res.text).toBe(200);
      const stored = res.body.points.map((p) => p.timestamp);
      expect(new Set(stored).size).toBe(stored.length);
      const missing = [...(acknowledged[d] ?? [])].filter((ts) => !stored.includes(ts));
      expect(missing, `track ${d}`).toEqual([]);
    }
    console.log(`kill -9: ${before} acknowledged points, 0 lost`);
  });
});
