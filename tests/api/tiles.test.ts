import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { PNG as PngImage } from "pngjs";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { api, linePoints, newEventToken, uniqueDeviceId } from "../support/api";
import { createTestDatabase, startServer, type TestDatabase, type TestServer } from "../support/server";

/**
 * The tile proxy (GET /api/tiles/{z}/{x}/{y}.png) in front of a real HTTP tile server of our own: fetched
 * upstream once, then served from the disk cache; bad coordinates 400; upstream errors 502, never cached.
 */

/** The upstream's every tile: 256 px of one colour no map style uses, to find it in drawn images. */
const TILE_RGB = [200, 30, 160] as const;
const PNG = (() => {
  const tile = new PngImage({ width: 256, height: 256 });
  for (let i = 0; i < tile.data.length; i += 4) tile.data.set([...TILE_RGB, 255], i);
  return PngImage.sync.write(tile);
})();

interface Upstream {
  url: string;
  hits: string[];
  /** What the next requests get: a tile, an error status, or a slow tile. */
  mode: "ok" | "error" | "slow";
  close(): Promise<void>;
}

async function startUpstream(): Promise<Upstream> {
  const state: Upstream = { url: "", hits: [], mode: "ok", close: async () => {} };
  const server = http.createServer((req, res) => {
    state.hits.push(req.url ?? "");
    if (state.mode === "error") {
      res.writeHead(500, { "Content-Type": "text/plain" }).end("upstream broke");
      return;
    }
    const answer = () => res.writeHead(200, { "Content-Type": "image/png" }).end(PNG);
    if (state.mode === "slow") setTimeout(answer, 300);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address !== "object") throw new Error("no port");
  state.url = `http://127.0.0.1:${address.port}`;
  state.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return state;
}

/**
 * A server of its own in front of a fresh upstream and cache folder, for the enclosing describe: `query` is
 * appended to the upstream's URL template, `env` added to the server's.
 */
function proxyServer(name: string, query = "", env: Record<string, string> = {}) {
  const ctx = {} as { upstream: Upstream; database: TestDatabase; server: TestServer; cacheDir: string };
  beforeAll(async () => {
    ctx.upstream = await startUpstream();
    ctx.cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), "runify-tiles-"));
    ctx.database = await createTestDatabase(inject("dbKind"), name);
    ctx.server = await startServer(ctx.database.url, {
      MAP_TILE_URL: `${ctx.upstream.url}/{z}/{x}/{y}.png${query}`,
      MAP_TILE_CACHE_DIR: ctx.cacheDir,
      ...env,
    });
  });
  afterAll(async () => {
    await ctx.server?.stop();
    await ctx.database?.drop();
    await ctx.upstream?.close();
    if (ctx.cacheDir) fs.rmSync(ctx.cacheDir, { recursive: true, force: true });
  });
  return ctx;
}

describe("GET /api/tiles/{z}/{x}/{y}.png (tile proxy with a disk cache)", () => {
  const ctx = proxyServer("tiles", "?key=secret");
  const tile = (p: string) => fetch(`${ctx.server.url}/api/tiles/${p}`);

  it("fetches a tile upstream once and serves it again from the disk cache", async () => {
    const first = await tile("12/2125/1464.png");
    expect(first.status).toBe(200);
    expect(first.headers.get("content-type")).toBe("image/png");
    expect(first.headers.get("x-tile-cache")).toBe("miss");
    expect(Buffer.from(await first.arrayBuffer())).toEqual(PNG);
    expect(ctx.upstream.hits).toEqual(["/12/2125/1464.png?key=secret"]);
    const second = await tile("12/2125/1464.png");
    expect(second.status).toBe(200);
    expect(second.headers.get("x-tile-cache")).toBe("hit");
    expect(second.headers.get("cache-control")).toBe("public, max-age=86400");
    expect(Buffer.from(await second.arrayBuffer())).toEqual(PNG);
    expect(ctx.upstream.hits).toHaveLength(1);
    expect(fs.readFileSync(path.join(ctx.cacheDir, "12/2125/1464.png"))).toEqual(PNG);
  });

  it("fetches a tile asked for by many viewers at once a single time", async () => {
    ctx.upstream.mode = "slow";
    const before = ctx.upstream.hits.length;
    const answers = await Promise.all(Array.from({ length: 8 }, () => tile("13/4250/2928.png")));
    ctx.upstream.mode = "ok";
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(200));
    expect(ctx.upstream.hits.length - before).toBe(1);
  });

  it("refuses coordinates outside the world or not integers with 400, naming the range", async () => {
    const before = ctx.upstream.hits.length;
    for (const p of [
      "20/0/0.png",
      "2/4/0.png",
      "2/0/4.png",
      "-1/0/0.png",
      "1.5/0/0.png",
      "a/b/c.png",
      "3/1/1.png?x=1",
    ]) {
      const res = await tile(p);
      expect(res.status, p).toBe(400);
      expect(((await res.json()) as { code: string }).code).toBe("BAD_REQUEST");
    }
    const range = await tile("2/4/0.png");
    expect(((await range.json()) as { message: string }).message).toBe(
      "x and y must be between 0 and 3 at zoom 2",
    );
    expect((await tile("3/1/1.jpg")).status).toBe(404);
    expect(ctx.upstream.hits.length).toBe(before);
  });

  it("draws a track's static map on tiles from the same cache, embedded in the SVG", async () => {
    const { token } = await newEventToken({ databaseUrl: ctx.database.url });
    const synced = await api<{ track_id: string }>("POST", "/sync", {
      base: ctx.server.url,
      token,
      body: { track: { device_track_id: uniqueDeviceId() }, points: linePoints(300, { stepM: 5 }) },
    });
    expect(synced.status, synced.text).toBe(201);
    const before = ctx.upstream.hits.length;
    const map = async () => {
      const res = await fetch(
        `${ctx.server.url}/api/tracks/${synced.body.track_id}/map?width=300&height=200`,
        {
          headers: { "X-API-Key": token },
        },
      );
      expect(res.status).toBe(200);
      return res.text();
    };
    const svg = await map();
    const images = svg.match(/<image href="data:image\/png;base64,([^"]+)"/g) ?? [];
    expect(images.length).toBeGreaterThan(0);
    expect(svg).toContain(`base64,${PNG.toString("base64")}`);
    const fetched = ctx.upstream.hits.length - before;
    expect(fetched).toBe(images.length);
    await map();
    expect(ctx.upstream.hits.length - before).toBe(fetched);
  });

  it("draws the live page's link preview (PNG) on the same tiles, the trail over them", async () => {
    const { token, eventId } = await newEventToken({ databaseUrl: ctx.database.url, isPublic: true });
    const synced = await api("POST", "/sync", {
      base: ctx.server.url,
      token,
      body: { track: { device_track_id: uniqueDeviceId() }, points: linePoints(300, { stepM: 5 }) },
    });
    expect(synced.status, synced.text).toBe(201);
    const before = ctx.upstream.hits.length;
    const res = await fetch(`${ctx.server.url}/api/live/${eventId}/map.png`);
    expect(res.status).toBe(200);
    const image = PngImage.sync.read(Buffer.from(await res.arrayBuffer()));
    expect([image.width, image.height]).toEqual([1200, 630]);
    expect(ctx.upstream.hits.length).toBeGreaterThan(before);
    const colours = new Map<string, number>();
    for (let i = 0; i < image.data.length; i += 4) {
      const key = [...image.data.subarray(i, i + 3)].join(",");
      colours.set(key, (colours.get(key) ?? 0) + 1);
    }
    // The whole background is the tiles' colour, not the plain one; the track's blue is drawn over it.
    expect(colours.get(TILE_RGB.join(",")) ?? 0).toBeGreaterThan(1200 * 630 * 0.9);
    expect(colours.get("238,242,241") ?? 0).toBe(0);
    expect(colours.get("37,99,235") ?? 0).toBeGreaterThan(100);
  });

  it("answers 502 when the tile server fails, and does not keep the failure", async () => {
    ctx.upstream.mode = "error";
    const failed = await tile("5/10/11.png");
    expect(failed.status).toBe(502);
    expect(await failed.json()).toMatchObject({
      code: "BAD_GATEWAY",
      message: "The tile server answered 500",
    });
    ctx.upstream.mode = "ok";
    const retried = await tile("5/10/11.png");
    expect(retried.status).toBe(200);
    expect(retried.headers.get("x-tile-cache")).toBe("miss");
    await ctx.upstream.close();
    const down = await tile("5/10/12.png");
    expect(down.status).toBe(502);
    expect(await down.json()).toMatchObject({
      code: "BAD_GATEWAY",
      message: "The tile server did not answer",
    });
    // What was cached is still served with the tile server gone.
    expect((await tile("5/10/11.png")).status).toBe(200);
  });

  it("leaves the upstream out of the pages' CSP: browsers load tiles from the app only", async () => {
    const page = await fetch(`${ctx.server.url}/signin`);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("img-src 'self' data: blob:;");
    expect(csp).not.toContain(ctx.upstream.url);
  });
});

describe("the tile proxy without MAP_TILE_URL", () => {
  it("answers 404 on the main test server, which has no tile server", async () => {
    const res = await fetch(`${inject("baseUrl")}/api/tiles/1/0/0.png`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("the tile proxy's budget per client address", () => {
  const ctx = proxyServer("tilebudget", "", { TILE_FETCH_RATE_LIMIT: "3" });
  const tile = (p: string) => fetch(`${ctx.server.url}/api/tiles/${p}`);

  it("fetches 3 new tiles a minute for one address, then answers 429 with Retry-After; cached tiles stay free", async () => {
    for (const x of [1, 2, 3]) expect((await tile(`5/${x}/4.png`)).status).toBe(200);
    const refused = await tile("5/9/4.png");
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(((await refused.json()) as { code: string }).code).toBe("RATE_LIMIT");
    expect(ctx.upstream.hits).toHaveLength(3);
    // A tile already in the cache costs the tile server nothing: served past the budget.
    const cached = await tile("5/2/4.png");
    expect(cached.status).toBe(200);
    expect(cached.headers.get("x-tile-cache")).toBe("hit");
  });
});
