import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { api, newEventToken } from "../support/api";

const run = promisify(execFile);
const bin = (name: string) => path.resolve("node_modules/.bin", name);
/** Offline and quiet: no telemetry, no update check. */
const toolEnv = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" };

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "runify-client-"));
  // The generated client resolves openapi-fetch (and TypeScript's lib) from the project's packages.
  fs.symlinkSync(path.resolve("node_modules"), path.join(dir, "node_modules"), "dir");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("the served OpenAPI document in real tools", () => {
  it("passes @redocly/cli lint (recommended rules) with no error and no warning", async () => {
    const res = await fetch(`${inject("baseUrl")}/api/openapi.json`);
    const file = path.join(dir, "openapi.json");
    fs.writeFileSync(file, await res.text());
    const { stdout } = await run(bin("redocly"), ["lint", file, "--format=json"], {
      env: toolEnv,
      maxBuffer: 16 * 1024 * 1024,
    }).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
    const report = JSON.parse(stdout.slice(stdout.indexOf("{"))) as {
      totals: { errors: number; warnings: number };
      problems: Array<{ ruleId: string; message: string }>;
    };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it("generates a TypeScript client (openapi-typescript + openapi-fetch) that compiles and runs the quick start", async () => {
    const types = path.join(dir, "runify-api.d.ts");
    await run(bin("openapi-typescript"), [`${inject("baseUrl")}/api/openapi.json`, "-o", types], {
      env: toolEnv,
    });
    fs.copyFileSync(
      path.resolve("examples/typescript-client/quickstart.mts"),
      path.join(dir, "quickstart.mts"),
    );
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ type: "module" }));
    fs.writeFileSync(
      path.join(dir, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          module: "esnext",
          moduleResolution: "bundler",
          strict: true,
          noUncheckedIndexedAccess: true,
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
        },
        files: ["quickstart.mts", "runify-api.d.ts"],
      }),
    );
    // A type error in the generated types or in the quick start's use of them fails here.
    await run(bin("tsc"), ["-p", path.join(dir, "tsconfig.json")]).catch((error: { stdout?: string }) => {
      throw new Error(`tsc failed:\n${error.stdout}`);
    });
    const { token } = await newEventToken();
    const { stdout } = await run(bin("tsx"), [path.join(dir, "quickstart.mts")], {
      env: { ...process.env, RUNIFY_API: `${inject("baseUrl")}/api`, RUNIFY_TOKEN: token },
    });
    const result = JSON.parse(stdout.trim().split("\n").pop() ?? "{}");
    expect(result).toMatchObject({ state: "stopped", points: 2, missing: "NOT_FOUND" });
    expect(result.distance_m).toBeGreaterThan(30);
    expect(result.synced).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("error messages, tried as a new user", () => {
  it("names lat/lng as misnamed fields, not as a type error", async () => {
    const { token } = await newEventToken();
    const track = await api<{ id: string }>("POST", "/tracks", { token, body: { device_track_id: "p" } });
    const res = await api<{ message: string }>("POST", `/tracks/${track.body.id}/points`, {
      token,
      body: { points: [{ lat: 45.1, lng: 6.2, timestamp: new Date().toISOString() }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('points[0].latitude: required; "lat" is not a field');
    expect(res.body.message).toContain('send "longitude"');
    expect(res.text).not.toMatch(/NaN|received/);
  });

  it("answers a start time without a timezone in a few words, without the format's regular expression", async () => {
    const { token } = await newEventToken();
    const res = await api<{ message: string }>("POST", "/tracks", {
      token,
      body: { device_track_id: "p", start_ts: "2026-12-01T08:20:00" },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      "Invalid input: start_ts: expected an ISO 8601 date-time with a timezone, e.g. 2026-03-12T08:20:00Z",
    );
    expect(res.text).not.toContain("pattern");
    const list = await api("GET", "/tracks?from=2026-12-01T08:00:00", { token });
    expect(list.status).toBe(400);
    expect(list.text).not.toContain("pattern");
    expect(list.text).toContain("from: expected a date (2024-03-15) or an ISO 8601 date-time");
  });

  it("closes its quotes on a wrong content type and answers 405 with Allow for GET /sync", async () => {
    const { token } = await newEventToken();
    const wrong = await api<{ message: string }>("POST", "/tracks", {
      token,
      rawBody: "{}",
      headers: { "Content-Type": "text/plain" },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toBe('Unsupported content type "text/plain": send application/json');
    const sync = await api<{ code: string }>("GET", "/sync", { token });
    expect(sync.status).toBe(405);
    expect(sync.headers.get("allow")).toBe("POST");
    expect(sync.body.code).toBe("METHOD_NOT_ALLOWED");
  });

  it("shows ranges as ranges on the reference page", async () => {
    const html = await (await fetch(`${inject("baseUrl")}/docs/api`)).text();
    expect(html).not.toContain("9007199254740991");
    expect(html).not.toContain("… …");
    expect(html).toContain("-90 to 90");
  });
});
