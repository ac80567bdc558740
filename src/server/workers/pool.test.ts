import fs from "node:fs";
import path from "node:path";
import { threadId } from "node:worker_threads";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "~/server/errors";
import { workerBundle } from "./location";
import type { PoolTestTasks } from "./pool.test-worker";
import { WorkerCrashedError, WorkerPool, type WorkerPoolOptions, WorkerTaskError } from "./pool";
import { buildTestBundles } from "./test-bundles";

let dir = "";
const pools: Array<WorkerPool<PoolTestTasks>> = [];

function pool(options: Partial<WorkerPoolOptions> = {}) {
  const created = new WorkerPool<PoolTestTasks>({
    name: "test",
    file: () => workerBundle("pool-test"),
    size: 1,
    maxQueued: 4,
    ...options,
  });
  pools.push(created);
  return created;
}

beforeAll(async () => {
  dir = await buildTestBundles({ "pool-test": "src/server/workers/pool.test-worker.ts" });
});

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe("WorkerPool", () => {
  it("runs tasks in another thread, reusing its worker, and moves transferred buffers", async () => {
    const p = pool();
    expect(await p.run("echo", { a: [1, "two"] })).toEqual({ a: [1, "two"] });
    const first = await p.run("threadId", undefined);
    expect(first).not.toBe(threadId);
    expect(await p.run("threadId", undefined)).toBe(first);
    const squares = await p.run("squares", 1000);
    expect(squares).toBeInstanceOf(Float64Array);
    expect(squares[999]).toBe(999 * 999);
  });

  it("passes a task's error on, and the worker goes on serving", async () => {
    const p = pool();
    const before = await p.run("threadId", undefined);
    const error = await p.run("fail", "no such thing").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerTaskError);
    expect(error).toMatchObject({ remoteName: "RangeError", message: "no such thing" });
    expect(await p.run("threadId", undefined)).toBe(before);
  });

  it("a task past the worker's memory limit kills that worker only; the next task gets a new one", async () => {
    const p = pool({ size: 2, resourceLimits: { maxOldGenerationSizeMb: 64 } });
    const before = await Promise.all([p.run("sleep", 50), p.run("sleep", 50)]);
    expect(new Set(before).size).toBe(2);
    const error = await p.run("hog", undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkerCrashedError);
    expect(error).toMatchObject({
      reason: "memory",
      message: "test: the task needed more than 64 MB of memory",
    });
    // One of the two workers ran the hog and died; the other one still serves, beside a new one.
    const after = await Promise.all([p.run("sleep", 50), p.run("sleep", 50)]);
    expect(new Set(after).size).toBe(2);
    expect(after.filter((id) => before.includes(id))).toHaveLength(1);
  });

  it("stops a task at its timeout, with its worker", async () => {
    const p = pool({ taskTimeoutMs: 2000 });
    const before = await p.run("threadId", undefined);
    const error = await p.run("spin", undefined).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "WorkerCrashedError", reason: "timeout" });
    expect(await p.run("threadId", undefined)).not.toBe(before);
  });

  it("queues up to its bound, then refuses at once with a 503", async () => {
    const p = pool({ size: 1, maxQueued: 2 });
    const running = [p.run("sleep", 300), p.run("sleep", 10), p.run("sleep", 10)];
    const refused = await p.run("sleep", 10).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({ code: "SERVICE_UNAVAILABLE", retryAfterSec: 1 });
    // The queued tasks all ran, in the one worker.
    expect(new Set(await Promise.all(running)).size).toBe(1);
    expect(await p.run("sleep", 10)).toBeGreaterThan(0);
  });

  it("replaces idle workers when the bundle changes (next dev rebuilds it)", async () => {
    const p = pool({ reloadOnChange: true });
    const before = await p.run("threadId", undefined);
    expect(await p.run("threadId", undefined)).toBe(before);
    const file = path.join(dir, "pool-test.mjs");
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later);
    expect(await p.run("threadId", undefined)).not.toBe(before);
  });

  it("says how to build a missing bundle", async () => {
    const p = pool({ file: () => workerBundle("no-such-worker") });
    await expect(p.run("threadId", undefined)).rejects.toThrow(
      /worker bundle .*no-such-worker\.mjs is missing: build it with `npm run build`/,
    );
  });
});
