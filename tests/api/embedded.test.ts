import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dbConfigFrom } from "~/server/config";
import { executeAdminCommand } from "~/server/admin/client";
import { createTestDatabase, startServer, type TestDatabase, type TestServer } from "../support/server";

/** The embedded database's folder (issue 11, item 13): one server at a time, owner-only files. */
describe("the embedded database's data folder", () => {
  let database: TestDatabase;
  let server: TestServer;
  let dir: string;

  beforeAll(async () => {
    database = await createTestDatabase("embedded", "lock");
    dir = database.url.slice("pglite:".length);
    server = await startServer(database.url);
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
  });

  it("refuses a second server on the same folder, which exits with the reason; the first goes on", async () => {
    const second = spawn(
      process.execPath,
      [path.resolve("scripts/serve.mjs"), "-p", "0", "-H", "127.0.0.1"],
      {
        env: { ...process.env, NODE_ENV: "production", DATABASE_URL: database.url, NEXTAUTH_SECRET: "x" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    second.stdout?.on("data", (d) => {
      output += d;
    });
    second.stderr?.on("data", (d) => {
      output += d;
    });
    const code = await new Promise<number | null>((resolve) => second.once("exit", resolve));
    expect(code).toBe(1);
    expect(output).toContain("is in use by process");
    // The running server still answers, and its admin socket (the CLI's way in) is still there.
    expect((await fetch(`${server.url}/api/openapi.json`)).status).toBe(200);
    const issued = await executeAdminCommand({ op: "token", event: "lock-test" }, dbConfigFrom(database.url));
    expect("token" in issued).toBe(true);
  });

  it("keeps every data file owner-only", async () => {
    const loose: string[] = [];
    const walk = (p: string) => {
      const stat = fs.lstatSync(p);
      if (stat.isDirectory()) for (const e of fs.readdirSync(p)) walk(path.join(p, e));
      if (!stat.isSymbolicLink() && stat.mode & 0o077) loose.push(`${p} ${(stat.mode & 0o777).toString(8)}`);
    };
    walk(dir);
    expect(loose).toEqual([]);
  });
});
