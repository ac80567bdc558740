import { describe, expect, inject, it } from "vitest";
import { newEventToken } from "../support/api";

/**
 * The tracker routes in the OpenAPI document, held to what the server does: each documented request,
 * filled in with the document's own examples, gets the documented answer (status and content type).
 */
type Operation = {
  parameters?: Array<{ name: string; in: string; required: boolean; example?: unknown; description: string }>;
  requestBody?: { content: Record<string, { schema: { example?: Record<string, unknown> } }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
  security: Array<Record<string, string[]>>;
};
type Doc = {
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, { type: string; in?: string; name?: string }> };
};

async function documentOf(): Promise<Doc> {
  return (await (await fetch(`${inject("baseUrl")}/api/openapi.json`)).json()) as Doc;
}

const nowSec = () => Math.floor(Date.now() / 1000);

describe("the tracker routes in /api/openapi.json", () => {
  it("lists each app's endpoint with its request format, units, token place and answers", async () => {
    const doc = await documentOf();
    const osmand = doc.paths["/trackers/osmand"];
    expect(Object.keys(osmand ?? {}).sort()).toEqual(["get", "post"]);
    const query = osmand?.get?.parameters ?? [];
    expect(query.filter((p) => p.required).map((p) => p.name)).toEqual(["lat", "lon"]);
    expect(query.find((p) => p.name === "speed")?.description).toContain("knots");
    expect(query.find((p) => p.name === "batt")?.description).toContain("percent");
    expect(Object.keys(osmand?.post?.requestBody?.content ?? {})).toEqual([
      "application/json",
      "application/x-www-form-urlencoded",
    ]);
    expect(doc.components.securitySchemes.OsmAndDeviceId).toMatchObject({ in: "query", name: "id" });
    const owntracks = doc.paths["/trackers/owntracks"]?.post;
    expect(owntracks?.security[0]).toEqual({ TokenBasic: ["tracks:write"] });
    expect(Object.keys(owntracks?.responses["200"]?.content ?? {})).toEqual(["application/json"]);
    expect(Object.keys(doc.paths["/trackers/gpslogger"] ?? {}).sort()).toEqual(["get", "post"]);
    for (const path of ["/trackers/osmand", "/trackers/owntracks", "/trackers/gpslogger"])
      for (const op of Object.values(doc.paths[path] ?? {}))
        expect(Object.keys(op.responses)).toEqual(
          expect.arrayContaining(["200", "400", "401", "409", "429", "503"]),
        );
  });

  it("answers the documented examples as documented", async () => {
    const doc = await documentOf();
    const { token } = await newEventToken();
    const base = `${inject("baseUrl")}/api`;
    // OsmAnd: the query parameters' examples, the token as the device id, now as the time.
    const params = new URLSearchParams();
    for (const p of doc.paths["/trackers/osmand"]?.get?.parameters ?? [])
      if (p.example !== undefined && p.name !== "location") params.set(p.name, String(p.example));
    params.set("id", token);
    params.set("timestamp", String(nowSec()));
    const osmand = await fetch(`${base}/trackers/osmand?${params}`);
    expect(osmand.status, await osmand.clone().text()).toBe(200);
    expect(osmand.headers.get("content-type")).toContain("text/plain");

    // OwnTracks: the body's example, the token as the Basic-auth password.
    const example =
      doc.paths["/trackers/owntracks"]?.post?.requestBody?.content["application/json"]?.schema.example;
    expect(example).toMatchObject({ _type: "location" });
    const owntracks = await fetch(`${base}/trackers/owntracks`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: `Basic ${Buffer.from(`runner:${token}`).toString("base64")}`,
      },
      body: JSON.stringify({ ...example, tst: nowSec() + 5 }),
    });
    expect(owntracks.status).toBe(200);
    expect(owntracks.headers.get("content-type")).toContain("application/json");
    expect(await owntracks.json()).toEqual([]);

    // GPSLogger: the URL template its description gives, placeholders filled in as the app does.
    const get = doc.paths["/trackers/gpslogger"]?.get as Operation & { description: string };
    const template = /`…\/api(\/trackers\/gpslogger\?token=TOKEN&[^`]+)`/.exec(get.description)?.[1] ?? "";
    const url = template
      .replace("TOKEN", token)
      .replace("%LAT", "45.1902")
      .replace("%LON", "5.7202")
      .replace("%TIME", new Date((nowSec() + 10) * 1000).toISOString())
      .replace(/%[A-Z]+/g, "1.0");
    const gpslogger = await fetch(`${base}${url}`);
    expect(gpslogger.status, await gpslogger.clone().text()).toBe(200);

    const tracks = await fetch(`${base}/tracks`, { headers: { "X-API-Key": token } });
    const listed = (await tracks.json()) as { tracks: Array<{ points_count: number }> };
    expect(listed.tracks.map((t) => t.points_count)).toEqual([3]);
  });
});
