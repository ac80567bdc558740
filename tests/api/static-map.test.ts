import { execFileSync } from "node:child_process";
import { describe, expect, inject, it } from "vitest";
import { api, newEventToken, uniqueDeviceId } from "../support/api";

async function trackWithPoints(token: string): Promise<string> {
  const start = Date.now() - 3_600_000;
  const points = Array.from({ length: 200 }, (_, i) => ({
    latitude: 45.1 + Math.sin(i / 20) * 0.01,
    longitude: 6.2 + i * 0.0002,
    timestamp: new Date(start + i * 5_000).toISOString(),
  }));
  const res = await api<{ track_id: string }>("POST", "/sync", {
    token,
    body: { track: { device_track_id: uniqueDeviceId(), title: "Tom & Jerry" }, points },
  });
  expect(res.status).toBe(201);
  return res.body.track_id;
}

describe("GET /tracks/{id}/map (static map image)", () => {
  it("draws the track as a well-formed SVG of the size asked, on a plain background", async () => {
    const { token } = await newEventToken();
    const id = await trackWithPoints(token);
    const res = await fetch(`${inject("baseUrl")}/api/tracks/${id}/map?width=300&height=200`, {
      headers: { "X-API-Key": token },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(res.headers.get("content-disposition")).toMatch(/^inline; filename="Tom-Jerry-[0-9a-f]{8}\.svg"$/);
    const svg = await res.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="300" height="200"/);
    expect(svg).toContain("<title>Tom &amp; Jerry</title>");
    const d = /<path d="([^"]+)"/.exec(svg)?.[1] ?? "";
    const vertices = d.split(/[ML]/).filter(Boolean);
    // Simplified to the image's resolution: fewer vertices than points, more than a straight line.
    expect(vertices.length).toBeGreaterThan(5);
    expect(vertices.length).toBeLessThan(200);
    for (const v of vertices) {
      const [x, y] = v.split(" ").map(Number);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(300);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(200);
    }
    expect(() => execFileSync("xmllint", ["--noout", "-"], { input: svg })).not.toThrow();
  });

  it("answers 400 for a size out of range, 404 for another event's track, 401 without a token", async () => {
    const { token } = await newEventToken();
    const other = await newEventToken();
    const id = await trackWithPoints(token);
    const huge = await api("GET", `/tracks/${id}/map?width=5000`, { token });
    expect(huge.status).toBe(400);
    expect(huge.text).toContain("width");
    expect((await api("GET", `/tracks/${id}/map?zoom=3`, { token })).status).toBe(400);
    expect((await api("GET", `/tracks/${id}/map`, { token: other.token })).status).toBe(404);
    expect((await api("GET", `/tracks/${id}/map`, {})).status).toBe(401);
  });

  it("is documented in the OpenAPI document as an SVG with its integer size parameters", async () => {
    const doc = (await (await fetch(`${inject("baseUrl")}/api/openapi.json`)).json()) as {
      paths: Record<
        string,
        { get: { parameters: Array<{ name: string; schema: Record<string, unknown> }> } }
      >;
    };
    const op = doc.paths["/tracks/{id}/map"]?.get;
    expect(op?.parameters.find((p) => p.name === "width")?.schema).toMatchObject({
      type: "integer",
      minimum: 16,
      maximum: 2000,
      default: 600,
    });
  });
});

describe("GET /api/live/{eventId}/map.png (link preview of live pages)", () => {
  it("draws a public event's trails as a 1200×630 PNG, named as the live page's og:image and twitter card", async () => {
    const { token, eventId } = await newEventToken({ isPublic: true });
    await trackWithPoints(token);
    const res = await fetch(`${inject("baseUrl")}/api/live/${eventId}/map.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1200, 630]);
    const html = await (await fetch(`${inject("baseUrl")}/live/${eventId}`)).text();
    expect(html).toMatch(
      new RegExp(`<meta property="og:image" content="[^"]*/api/live/${eventId}/map\\.png"`),
    );
    expect(html).toContain('<meta name="twitter:card" content="summary_large_image"');
  });

  it("is a 404 for a private event without its share key, like the live page", async () => {
    const { eventId } = await newEventToken();
    expect((await fetch(`${inject("baseUrl")}/api/live/${eventId}/map.png`)).status).toBe(404);
  });
});
