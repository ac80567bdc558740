import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executeAdminCommand } from "~/server/admin/client";
import { dbConfigFrom } from "~/server/config";
import { openDatabase } from "~/server/db/client";
import { deployMigrations } from "~/server/db/migrate";
import { api, linePoints, uniqueDeviceId } from "../support/api";
import { type PrivateCluster, startPrivateCluster } from "../support/private-pg";
import { startServer, type TestServer } from "../support/server";

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/** Issue 11, item 14: a database outage is a 503 with Retry-After, and the server stays up and recovers. */
describe("a PostgreSQL outage under a running server", () => {
  let cluster: PrivateCluster;
  let server: TestServer;

  beforeAll(async () => {
    cluster = await startPrivateCluster(await freePort());
    const db = await openDatabase(dbConfigFrom(cluster.url));
    try {
      await deployMigrations(db);
    } finally {
      await db.close();
    }
    server = await startServer(cluster.url);
  });
  afterAll(async () => {
    await server?.stop();
    cluster?.destroy();
  });

  it("answers 503 SERVICE_UNAVAILABLE with Retry-After while the database is down, then works again", async () => {
    const issued = await executeAdminCommand({ op: "token", event: "outage" }, dbConfigFrom(cluster.url));
    if (!("token" in issued)) throw new Error("no token");
    const { token } = issued;
    const base = server.url;
    const created = await api<{ id: string }>("POST", "/tracks", {
      token,
      base,
      body: { device_track_id: uniqueDeviceId() },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;

    cluster.crash();
    for (const res of [
      await api("POST", `/tracks/${id}/points`, { token, base, body: { points: linePoints(5) } }),
      await api("GET", `/tracks/${id}`, { token, base }),
      await api("POST", "/tracks", { token, base, body: { device_track_id: uniqueDeviceId() } }),
    ]) {
      expect(res.status, res.text).toBe(503);
      expect(res.body).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    // The process is healthy: what needs no database still answers.
    expect((await fetch(`${base}/api/openapi.json`)).status).toBe(200);
    expect(server.process.exitCode).toBeNull();

    await cluster.start();
    let status = 0;
    for (let i = 0; i < 50 && status !== 204; i++) {
      status = (await api("POST", `/tracks/${id}/points`, { token, base, body: { points: linePoints(5) } }))
        .status;
      if (status !== 204) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(204);
    expect(
      (await api<{ points_count: number }>("GET", `/tracks/${id}`, { token, base })).body.points_count,
    ).toBe(5);
  });
});
