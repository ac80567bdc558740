import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { api, linePoints, newEventToken, uniqueDeviceId } from "../support/api";
import { nginxBinary, type RunningNginx, startNginx } from "../support/nginx";
import {
  createTestDatabase,
  freePort,
  startServer,
  type TestDatabase,
  type TestServer,
} from "../support/server";
import { batchesOf, openSse, type SseStream } from "../support/sse";

/**
 * The deployment of docs/scaling.md as users run it: three instances on one PostgreSQL database with Redis
 * for the bus, behind Debian's nginx running the shipped deploy/nginx.conf. Phones and viewers talk only to
 * the proxy.
 */
const binary = nginxBinary();
// The test command (scripts/test.sh) installs nginx-light: there, a missing nginx is a failure, never a skip.
if (!binary && process.env.CI)
  throw new Error("proxy.test.ts: no nginx binary, though scripts/test.sh installs it");
if (!binary) console.warn("proxy.test.ts skipped: no nginx binary (scripts/test.sh installs nginx-light)");

describe.skipIf(!binary)("three instances behind nginx (deploy/nginx.conf)", () => {
  let database: TestDatabase;
  let servers: TestServer[] = [];
  let proxy: RunningNginx;
  const upstreamOf = (server: TestServer) => new URL(server.url).host;
  beforeAll(async () => {
    database = await createTestDatabase("postgres", "proxy");
    const env = {
      REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379/0",
      TRUST_PROXY: "1",
      LIVE_HEARTBEAT_MS: "1000",
    };
    servers = await Promise.all([1, 2, 3].map(() => startServer(database.url, env)));
    const port = process.env.PROXY_TEST_PORT ? Number(process.env.PROXY_TEST_PORT) : await freePort();
    proxy = await startNginx({ port, upstreams: servers.map(upstreamOf) });
  });
  afterAll(async () => {
    await proxy?.stop();
    await Promise.all(servers.map((s) => s.stop()));
    await database?.drop();
  });

  it("spreads phones' batches and viewers' streams over the three, and every viewer gets every batch", async () => {
    const { token, eventId } = await newEventToken({ isPublic: true, databaseUrl: database.url });
    // Three spectators at once: least_conn gives each its own instance.
    const viewers: SseStream[] = [];
    for (let i = 0; i < 3; i++) viewers.push(await openSse(`${proxy.url}/api/live/${eventId}/stream`));
    const seqs = await Promise.all(
      viewers.map(async (v) => ((await v.next("snapshot")).data as { seq: number }).seq),
    );
    const tracks: string[] = [];
    for (let i = 0; i < 3; i++) {
      const created = await api<{ id: string }>("POST", "/tracks", {
        token,
        base: proxy.url,
        body: { device_track_id: uniqueDeviceId() },
      });
      expect(created.status).toBe(201);
      tracks.push(created.body.id);
    }
    // Nine batches, three per track, posted in turn: round robin among the equally loaded instances.
    const sent = linePoints(9);
    for (const [n, point] of sent.entries()) {
      const res = await api("POST", `/tracks/${tracks[n % 3]}/points`, {
        token,
        base: proxy.url,
        body: { points: [point] },
      });
      expect(res.status).toBe(204);
    }
    for (const [i, viewer] of viewers.entries()) {
      const messages: Array<{ id: string | null; event: string; data: unknown }> = [];
      const deadline = Date.now() + 10_000;
      while (batchesOf(messages).length < 9 && Date.now() < deadline)
        messages.push(...(await viewer.drain(200)));
      // Three track creations then nine batches (spectators: in moves frames), each once, in commit order,
      // whichever instance took them; a frame's id is its last batch's seq.
      const events = messages.map((m) => m.event);
      expect(events.slice(0, 3)).toEqual(Array(3).fill("track"));
      expect(new Set(events.slice(3))).toEqual(new Set(["moves"]));
      const batches = batchesOf(messages);
      const start = seqs[i] ?? 0;
      expect(messages.slice(0, 3).map((m) => Number(m.id))).toEqual([1, 2, 3].map((k) => start + k));
      expect(batches.map((b) => b.seq)).toEqual(Array.from({ length: 9 }, (_, k) => start + k + 4));
      expect(messages.slice(3).map((m) => Number(m.id))).toEqual([...new Set(batches.map((b) => b.frameId))]);
      for (const m of messages.slice(3)) expect(batchesOf([m]).at(-1)?.seq).toBe(Number(m.id));
      const timestamps = batches.map((b) => b.points[0]?.[2]);
      expect(timestamps).toEqual(sent.map((p) => Date.parse(p.timestamp)));
    }
    for (const viewer of viewers) viewer.close();

    // nginx logs a stream when it ends; the viewers have just closed theirs.
    const instances = new Set(servers.map(upstreamOf));
    const upstreamsOf = (pattern: RegExp) =>
      proxy
        .accessLog()
        .filter((line) => pattern.test(line))
        .map((line) => /upstream=(\S+)/.exec(line)?.[1] ?? "");
    const streams = `"GET /api/live/${eventId}/stream HTTP/1.1" 200`;
    const deadline = Date.now() + 10_000;
    while (upstreamsOf(new RegExp(streams)).length < 3 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(new Set(upstreamsOf(new RegExp(streams)))).toEqual(instances);
    const batches = upstreamsOf(/"POST \/api\/tracks\/[^/]+\/points HTTP\/1\.1" 204/);
    expect(batches).toHaveLength(9);
    expect(new Set(batches)).toEqual(instances);
  });

  it("answers the API's JSON 503 with Retry-After when no instance is up", async () => {
    await Promise.all(servers.map((s) => s.stop()));
    const res = await api<{ code: string }>("GET", "/tracks", { token: "rfy_unused", base: proxy.url });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe("SERVICE_UNAVAILABLE");
    expect(res.headers.get("retry-after")).toBe("5");
  });
});
