import { randomUUID } from "node:crypto";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { describe, expect, inject, it } from "vitest";
import { api, newEventToken, uniqueDeviceId } from "../support/api";

const run = promisify(execFile);

describe("rate limiting", () => {
  it("answers 429 RATE_LIMIT with Retry-After past the per-token limit, without touching other tokens", async () => {
    const base = inject("limitedUrl");
    const a = await newEventToken({ server: "limited" });
    const b = await newEventToken({ server: "limited" });
    const statuses: number[] = [];
    let refused: Awaited<ReturnType<typeof api>> | null = null;
    // A different track each time: the per-device budget (4) never runs out, the token's (8) does.
    for (let i = 0; i < 10; i++) {
      const res = await api("GET", `/tracks/${randomUUID()}`, { token: a.token, base });
      statuses.push(res.status);
      if (res.status === 429) refused = res;
    }
    expect(statuses.slice(0, 8)).toEqual(Array(8).fill(404));
    expect(statuses.slice(8)).toEqual([429, 429]);
    expect(refused?.body).toMatchObject({ code: "RATE_LIMIT" });
    const retryAfter = Number(refused?.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    const other = await api("POST", "/tracks", {
      token: b.token,
      base,
      body: { device_track_id: uniqueDeviceId() },
    });
    expect(other.status).toBe(201);
  });
});

describe("OpenAPI document", () => {
  it("documents every endpoint with its real success code, both auth schemes and the error body", async () => {
    const res = await fetch(`${inject("baseUrl")}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      openapi: string;
      paths: Record<string, Record<string, { responses: Record<string, unknown>; security: unknown[] }>>;
      components: { securitySchemes: Record<string, { type: string; name?: string; scheme?: string }> };
    };
    expect(doc.openapi).toMatch(/^3\./);
    const ops = (path: string, method: string) => doc.paths[path]?.[method];
    expect(Object.keys(ops("/tracks", "post")?.responses ?? {})).toEqual(
      expect.arrayContaining(["201", "400", "401", "409", "429"]),
    );
    expect(ops("/tracks/{id}/points", "post")?.responses).toHaveProperty("204");
    expect(ops("/tracks/{id}/points", "post")?.responses).toHaveProperty("413");
    expect(ops("/tracks/{id}/points", "post")?.responses).not.toHaveProperty("200");
    expect(ops("/sync", "post")?.responses).toHaveProperty("201");
    expect(ops("/tracks/{id}", "patch")?.responses).toHaveProperty("200");
    expect(ops("/tracks/{id}/finish", "post")?.responses).toHaveProperty("404");
    expect(ops("/tracks/{id}", "get")).toBeDefined();
    expect(ops("/tracks/{id}/points", "get")).toBeDefined();
    expect(doc.components.securitySchemes.ApiKey).toMatchObject({ type: "apiKey", name: "X-API-Key" });
    expect(doc.components.securitySchemes.Bearer).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("serves a human-readable API reference page", async () => {
    const res = await fetch(`${inject("baseUrl")}/docs/api`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("/tracks/{id}/points");
    expect(html).toContain("X-API-Key");
  });
});

describe("token CLI", () => {
  it("prints a working token as its last line, with the server running", async () => {
    const { stdout } = await run("npm", ["run", "--silent", "token", "--", "--event", `cli-${Date.now()}`], {
      env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
    });
    const token = stdout.trim().split("\n").pop() ?? "";
    expect(token).toMatch(/^rfy_[A-Za-z0-9_-]{43}$/);
    const res = await api("POST", "/tracks", { token, body: { device_track_id: uniqueDeviceId() } });
    expect(res.status).toBe(201);
  });
});

describe("unknown routes", () => {
  it("answers 404 NOT_FOUND in the documented shape", async () => {
    const { token } = await newEventToken();
    const res = await api("GET", "/nothing-here", { token });
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: "NOT_FOUND" });
  });
});
