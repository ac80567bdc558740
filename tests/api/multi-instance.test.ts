import { describe, expect, it } from "vitest";
import { executeAdminCommand } from "~/server/admin/client";
import { withEnv } from "../support/env";
import { BUS_TRANSPORTS, twoInstances } from "../support/instances";
import type { TestServer } from "../support/server";
import { api, linePoints, newEventToken, uniqueDeviceId } from "../support/api";
import { signedInOrganiser } from "../support/organiser";
import { DEG_PER_M, RACE_START, raceWithCourse } from "../support/race-course";
import { batchesOf, openSse } from "../support/sse";

/** `n` fixes every 5 s at `speed` m/s up the course, from fix `from` and `fromM` metres on. */
const run = (from: number, n: number, speed: number, fromM = 0) =>
  Array.from({ length: n }, (_, k) => ({
    latitude: 45 + (fromM + (k + 1) * 5 * speed) * DEG_PER_M,
    longitude: 6,
    timestamp: new Date(RACE_START + 10_000 + (from + k) * 5000).toISOString(),
    accuracy: 4,
  }));

interface BoardRow {
  participant_id: string;
  rank: number | null;
}

/**
 * Two app instances on one PostgreSQL database, as behind a load balancer: a point posted to one reaches a
 * viewer of the other, through LISTEN/NOTIFY, and through Redis pub/sub when REDIS_URL is set.
 */
describe.each(BUS_TRANSPORTS)("two instances over $transport", ({ env }) => {
  const pair = twoInstances("multi", env);

  it("delivers a batch posted to instance one to a viewer of instance two, in order, once", async () => {
    const { token, eventId } = await newEventToken({ isPublic: true, databaseUrl: pair.database.url });
    const sse = await openSse(`${pair.two.url}/api/live/${eventId}/stream`);
    const snapshot = (await sse.next("snapshot")).data as { seq: number };
    const created = await api<{ id: string }>("POST", "/tracks", {
      token,
      base: pair.one.url,
      body: { device_track_id: uniqueDeviceId() },
    });
    const points = linePoints(3);
    for (const point of points) {
      expect(
        (
          await api("POST", `/tracks/${created.body.id}/points`, {
            token,
            base: pair.one.url,
            body: { points: [point] },
          })
        ).status,
      ).toBe(204);
    }
    const messages = await sse.drain(1500);
    // The spectator's batches in moves frames (as many as flushes), each frame's id its last batch's seq.
    expect(messages[0]).toMatchObject({ event: "track", id: String(snapshot.seq + 1) });
    expect(new Set(messages.slice(1).map((m) => m.event))).toEqual(new Set(["moves"]));
    const batches = batchesOf(messages);
    expect(batches.map((b) => b.seq)).toEqual([2, 3, 4].map((n) => snapshot.seq + n));
    expect(messages.at(-1)?.id).toBe(String(snapshot.seq + 4));
    const timestamps = batches.map((b) => b.points[0]?.[2]);
    expect(timestamps).toEqual(points.map((p) => Date.parse(p.timestamp)));
    sse.close();
  });

  it("keeps delivering across instances after the database drops the bus connections", async () => {
    const { token, eventId } = await newEventToken({ isPublic: true, databaseUrl: pair.database.url });
    const created = await api<{ id: string }>("POST", "/tracks", {
      token,
      base: pair.one.url,
      body: { device_track_id: uniqueDeviceId() },
    });
    const sse = await openSse(`${pair.two.url}/api/live/${eventId}/stream`);
    await sse.next("snapshot");
    // Every session of the two instances goes (as on a database restart or failover); they reconnect.
    const name = new URL(pair.database.url).pathname.slice(1);
    const { default: pg } = await import("pg");
    const admin = new pg.Client({ connectionString: pair.database.url });
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
        await api("POST", `/tracks/${created.body.id}/points`, {
          token,
          base: pair.one.url,
          body: { points },
        })
      ).status;
    }
    expect(status).toBe(204);
    const [delivered] = batchesOf([await sse.next("moves", 10_000)]);
    expect(delivered?.points.map((p) => p[2])).toEqual([Date.parse(points[0]?.timestamp ?? "")]);
    sse.close();
  });

  it("ranks on instance two the points posted to instance one: its leaderboard viewers see the overtaking", async () => {
    const org = await signedInOrganiser(pair.one.url);
    const { eventId, token, race } = await raceWithCourse(org, pair.one.url);
    const runners: Array<{ participantId: string; trackId: string }> = [];
    for (const name of ["Ana", "Bea"]) {
      const p = await org.trpc<{ id: string }>("participant.create", {
        event_id: eventId,
        name,
        user_id: name,
      });
      await org.trpc("race.enter", { race_id: race.id, participant_id: p.id });
      const track = await api<{ id: string }>("POST", "/tracks", {
        token,
        base: pair.one.url,
        body: { device_track_id: uniqueDeviceId(), user_id: name },
      });
      runners.push({ participantId: p.id, trackId: track.body.id });
    }
    const [ana, bea] = runners;
    if (!ana || !bea) throw new Error("no runners");
    // Instance two has the race loaded (its viewers read the board there) before any point arrives.
    const boardUrl = `${pair.two.url}/api/live/${eventId}/races/${race.id}/leaderboard`;
    const before = (await (await fetch(boardUrl)).json()) as { rows: BoardRow[] };
    expect(before.rows.map((r) => r.rank)).toEqual([null, null]);
    const sse = await openSse(`${pair.two.url}/api/live/${eventId}/stream`);
    await sse.next("snapshot");
    const leaderOf = async (want: string) => {
      for (;;) {
        const m = (await sse.next("leaderboard", 15_000)).data as { rows: BoardRow[]; full: boolean };
        const first = m.rows.find((r) => r.rank === 1);
        if (first?.participant_id === want) return m;
      }
    };
    const post = (trackId: string, points: ReturnType<typeof run>) =>
      api("POST", `/tracks/${trackId}/points`, { token, base: pair.one.url, body: { points } });

    // Ana runs 3.2 m/s, Bea 3 m/s: Ana leads, as instance two's viewer sees it.
    expect((await post(ana.trackId, run(0, 60, 3.2))).status).toBe(204);
    expect((await post(bea.trackId, run(0, 60, 3))).status).toBe(204);
    expect((await leaderOf(ana.participantId)).full).toBe(true);
    // Bea speeds up to 6 m/s and overtakes: the viewer on two sees it, and so does a read there.
    expect((await post(bea.trackId, run(60, 40, 6, 60 * 5 * 3))).status).toBe(204);
    expect((await post(ana.trackId, run(60, 40, 3.2, 60 * 5 * 3.2))).status).toBe(204);
    await leaderOf(bea.participantId);
    const after = (await (await fetch(boardUrl)).json()) as { rows: BoardRow[] };
    expect(after.rows.find((r) => r.rank === 1)?.participant_id).toBe(bea.participantId);
    sse.close();
  });

  it("refuses a token revoked from the CLI on both instances at once, not at the cache's expiry", async () => {
    const { token } = await newEventToken({ databaseUrl: pair.database.url });
    const create = (server: TestServer) =>
      api("POST", "/tracks", { token, base: server.url, body: { device_track_id: uniqueDeviceId() } });
    // Both instances now hold the token's lookup.
    for (const server of [pair.one, pair.two]) expect((await create(server)).status).toBe(201);
    // The CLI runs with the servers' environment: straight on the database, then one bus message.
    await withEnv({ DATABASE_URL: pair.database.url, REDIS_URL: env.REDIS_URL }, () =>
      executeAdminCommand({ op: "revoke", token }),
    );
    const revokedAt = Date.now();
    for (const server of [pair.one, pair.two]) {
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
