import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { api, newEventToken, uniqueDeviceId } from "../support/api";
import { signedInOrganiser } from "../support/organiser";

const run = promisify(execFile);

type Op = { security?: Array<Record<string, string[]>>; description?: string };

describe("scopes per operation in the OpenAPI document", () => {
  it("names the scope each operation needs in its security requirement, for both schemes", async () => {
    const doc = (await (await fetch(`${inject("baseUrl")}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, Op>>;
    };
    const scopeOf = (path: string, method: string) => doc.paths[path]?.[method]?.security;
    expect(scopeOf("/tracks", "post")).toEqual([{ ApiKey: ["tracks:write"] }, { Bearer: ["tracks:write"] }]);
    expect(scopeOf("/tracks", "get")).toEqual([{ ApiKey: ["tracks:read"] }, { Bearer: ["tracks:read"] }]);
    expect(scopeOf("/tracks/{id}", "delete")).toEqual([
      { ApiKey: ["tracks:delete"] },
      { Bearer: ["tracks:delete"] },
    ]);
    expect(scopeOf("/tracks/{id}/gpx", "get")?.[0]).toEqual({ ApiKey: ["tracks:read"] });
    // The tracker apps' routes take the token where each app puts it (device id, query, Basic), as tracks:write.
    expect(scopeOf("/trackers/osmand", "post")).toContainEqual({ OsmAndDeviceId: ["tracks:write"] });
    expect(scopeOf("/trackers/owntracks", "post")).toContainEqual({ TokenBasic: ["tracks:write"] });
    // Every other operation names exactly one scope, except the runner API's (any valid token: its kind, not a
    // scope, decides what it may do) and the joining calls, which need no token at all.
    const anyToken = [{ ApiKey: [] }, { Bearer: [] }];
    const unscoped: Record<string, unknown> = {};
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(item))
        if (!op.security?.length || !op.security.every((r) => Object.values(r).every((s) => s.length === 1)))
          unscoped[`${method.toUpperCase()} ${path}`] = op.security;
    expect(unscoped).toEqual({
      "GET /me": anyToken,
      "GET /events": anyToken,
      "POST /events": anyToken,
      "GET /events/{id}": anyToken,
      "POST /events/{id}/participants": anyToken,
      "GET /events/{id}/participants": anyToken,
      "POST /logout": anyToken,
      "POST /events/{id}/join": [],
      "POST /invitations/{code}/join": [],
    });
    const html = await (await fetch(`${inject("baseUrl")}/docs/api`)).text();
    expect(html).toContain("Token scope: <code>tracks:delete</code>");
  });

  it("answers 403 naming the scope a token lacks, as documented", async () => {
    const { token } = await newEventToken({ scopes: ["tracks:read"] });
    const res = await api<{ code: string; message: string }>("POST", "/tracks", {
      token,
      body: { device_track_id: uniqueDeviceId() },
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('This token lacks the "tracks:write" scope');
  });
});

describe("tokens with an expiry", () => {
  it("works until its expiry, then answers 401 at once even though its lookup is cached", async () => {
    const { token } = await newEventToken({ expiresInSec: 3 });
    const before = await api("POST", "/tracks", { token, body: { device_track_id: uniqueDeviceId() } });
    expect(before.status).toBe(201);
    // The lookup is now cached for 5 s: the expiry (3 s) comes first and must win.
    await new Promise((r) => setTimeout(r, 3_100));
    const after = await api<{ code: string; message: string }>("GET", "/tracks", { token });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe("UNAUTHORIZED");
    expect(after.body.message).toMatch(/^This API token expired at \d{4}-\d\d-\d\dT/);
  });

  it("is issued with an expiry from the CLI (--expires-in) and from the dashboard, which lists it", async () => {
    const { stdout } = await run(
      "npm",
      ["run", "--silent", "token", "--", "--event", `exp-${Date.now()}`, "--expires-in", "3600"],
      { env: { ...process.env, DATABASE_URL: inject("databaseUrl") } },
    );
    const cliToken = stdout.trim().split("\n").pop() ?? "";
    expect((await api("GET", "/tracks", { token: cliToken })).status).toBe(200);

    const organiser = await signedInOrganiser();
    const { eventId } = await organiser.createEvent();
    const created = await organiser.trpc<{ token: { expires_at: string | null }; issued: { raw: string } }>(
      "token.create",
      { event_id: eventId, label: "a week", scopes: ["tracks:read"], expires_in_sec: 7 * 86_400 },
    );
    const expiresIn = Date.parse(created.token.expires_at ?? "") - Date.now();
    expect(expiresIn).toBeGreaterThan(7 * 86_400_000 - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(7 * 86_400_000);
    expect((await api("GET", "/tracks", { token: created.issued.raw })).status).toBe(200);
    const listed = await organiser.query<{ tokens: Array<{ label: string; expires_at: string | null }> }>(
      "token.list",
      { event_id: eventId },
    );
    expect(listed.tokens.find((t) => t.label === "a week")?.expires_at).toBe(created.token.expires_at);
    expect(listed.tokens.find((t) => t.label !== "a week")?.expires_at).toBeNull();
    await expect(
      organiser.trpc("token.create", { event_id: eventId, label: "x", expires_in_sec: 10 }),
    ).rejects.toThrow(/400/);
  });
});
