/** Tasks for pool.test.ts (built by the test into a folder of its own). */
import { setTimeout as sleep } from "node:timers/promises";
import { threadId } from "node:worker_threads";
import { Transfer } from "./protocol";
import { serveTasks } from "./serve";

const tasks = {
  echo: <T>(value: T) => value,
  threadId: () => threadId,
  fail(message: string): never {
    throw new RangeError(message);
  },
  /** Keeps every array it makes, until the heap limit kills the worker. */
  hog(): number {
    const kept: number[][] = [];
    for (;;) kept.push(Array.from({ length: 100_000 }, (_, i) => i * 1.5));
  },
  spin(): never {
    for (;;);
  },
  async sleep(ms: number) {
    await sleep(ms);
    return threadId;
  },
  squares(n: number) {
    const out = new Float64Array(n).map((_, i) => i * i);
    return new Transfer(out, [out.buffer]);
  },
};

export type PoolTestTasks = typeof tasks;

serveTasks(tasks);
