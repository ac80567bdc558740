import fs from "node:fs";
import { type ResourceLimits, Worker } from "node:worker_threads";
import { AppError } from "~/server/errors";
import type { TaskArgs, TaskHandlers, TaskReply, TaskResult } from "./protocol";
import { BoundedSemaphore } from "./semaphore";

export interface WorkerPoolOptions {
  /** Names the threads and the errors ("file parsing"). */
  name: string;
  /** The worker bundle (see location.ts), resolved when the first worker starts. */
  file: () => string;
  /** Workers, each running one task at a time. */
  size: number;
  /** Tasks waiting for a worker; past that, run() fails at once with a 503 SERVICE_UNAVAILABLE AppError. */
  maxQueued: number;
  /** Limits of each worker: past them the worker dies, its task fails and the next task gets a new worker. */
  resourceLimits?: ResourceLimits;
  /** A task running longer is stopped, with its worker. */
  taskTimeoutMs?: number;
  /** Replaces idle workers when the bundle file changes (`next dev` rebuilds it on every edit). */
  reloadOnChange?: boolean;
}

/** The worker running a task died: out of memory, stopped at the timeout, or it exited. */
export class WorkerCrashedError extends Error {
  constructor(
    readonly reason: "memory" | "timeout" | "exit",
    message: string,
  ) {
    super(message);
    this.name = "WorkerCrashedError";
  }
}

/** The task itself threw, in the worker: its error's name and message, as it was. */
export class WorkerTaskError extends Error {
  constructor(
    readonly remoteName: string,
    message: string,
    readonly remoteStack?: string,
  ) {
    super(message);
    this.name = "WorkerTaskError";
  }
}

interface RunningTask {
  id: number;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout | undefined;
}

interface PoolWorker {
  thread: Worker;
  /** The bundle's mtime when the worker started. */
  version: number;
  task: RunningTask | null;
  failure: Error | null;
  timedOut: boolean;
}

/**
 * A bounded pool of worker threads serving the tasks of one bundle (`Tasks` is the type of the handlers the
 * bundle passes to serveTasks). Workers start on demand and stay; idle ones do not keep the process alive.
 */
export class WorkerPool<Tasks extends TaskHandlers> {
  private readonly slots: BoundedSemaphore;
  private readonly idle: PoolWorker[] = [];
  private readonly workers = new Set<PoolWorker>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: WorkerPoolOptions) {
    this.slots = new BoundedSemaphore(
      options.size,
      options.maxQueued,
      () =>
        new AppError("SERVICE_UNAVAILABLE", `The server is busy (${options.name}): retry in a moment`, {
          retryAfterSec: 1,
        }),
    );
  }

  /** Runs one task in a worker. `transfer` lists buffers of `args` to move rather than copy. */
  run<M extends keyof Tasks & string>(
    method: M,
    args: TaskArgs<Tasks[M]>,
    transfer: ArrayBuffer[] = [],
  ): Promise<TaskResult<Tasks[M]>> {
    if (this.closed) return Promise.reject(new Error(`the ${this.options.name} worker pool is closed`));
    return this.slots.run(() => this.dispatch(method, args, transfer)) as Promise<TaskResult<Tasks[M]>>;
  }

  /**
   * Starts one worker ahead of the first task, idle (it does not keep the process alive): loading a bundle
   * and warming it up took ≈ 0.5–2 s of CPU, which the first import after a start paid on top of its parse.
   */
  prestart(): void {
    if (this.closed || this.workers.size > 0) return;
    this.idle.push(this.spawn(this.bundleVersion()));
  }

  /** Stops every worker; tasks still running fail. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.workers].map((w) => w.thread.terminate()));
  }

  private dispatch(method: string, args: unknown, transfer: ArrayBuffer[]): Promise<unknown> {
    const worker = this.takeWorker();
    return new Promise((resolve, reject) => {
      const id = this.nextId++;
      const timeout = this.options.taskTimeoutMs;
      const timer =
        timeout === undefined
          ? undefined
          : setTimeout(() => {
              worker.timedOut = true;
              void worker.thread.terminate();
            }, timeout);
      worker.task = { id, resolve, reject, timer };
      worker.thread.ref();
      worker.thread.postMessage({ id, method, args }, transfer);
    });
  }

  private bundleVersion(): number {
    return this.options.reloadOnChange
      ? fs.statSync(/*turbopackIgnore: true*/ this.options.file()).mtimeMs
      : 0;
  }

  private takeWorker(): PoolWorker {
    const version = this.bundleVersion();
    for (let worker = this.idle.pop(); worker; worker = this.idle.pop()) {
      if (worker.version === version) return worker;
      void worker.thread.terminate();
    }
    return this.spawn(version);
  }

  private spawn(version: number): PoolWorker {
    const thread = new Worker(this.options.file(), {
      name: this.options.name,
      resourceLimits: this.options.resourceLimits,
    });
    const worker: PoolWorker = { thread, version, task: null, failure: null, timedOut: false };
    this.workers.add(worker);
    thread.unref();
    thread.on("message", (reply: TaskReply) => {
      const task = worker.task;
      if (!task || task.id !== reply.id) return;
      this.finish(worker);
      thread.unref();
      if (!this.closed) this.idle.push(worker);
      if (reply.ok) task.resolve(reply.value);
      else task.reject(new WorkerTaskError(reply.error.name, reply.error.message, reply.error.stack));
    });
    // An 'error' (uncaught exception, out of memory) is followed by 'exit'.
    thread.on("error", (error) => {
      worker.failure = error;
    });
    thread.on("exit", (code) => {
      this.workers.delete(worker);
      const at = this.idle.indexOf(worker);
      if (at !== -1) this.idle.splice(at, 1);
      const task = worker.task;
      if (!task) return;
      this.finish(worker);
      task.reject(this.crash(worker, code));
    });
    return worker;
  }

  private finish(worker: PoolWorker): void {
    clearTimeout(worker.task?.timer);
    worker.task = null;
  }

  private crash(worker: PoolWorker, code: number): WorkerCrashedError {
    const { name, taskTimeoutMs, resourceLimits } = this.options;
    if (worker.timedOut)
      return new WorkerCrashedError("timeout", `${name}: the task took longer than ${taskTimeoutMs} ms`);
    const failure = worker.failure;
    if (failure && "code" in failure && failure.code === "ERR_WORKER_OUT_OF_MEMORY") {
      const limit = resourceLimits?.maxOldGenerationSizeMb;
      return new WorkerCrashedError(
        "memory",
        `${name}: the task needed more than ${limit ?? "the"} MB of memory`,
      );
    }
    return new WorkerCrashedError(
      "exit",
      `${name}: the worker exited (code ${code})${failure ? `: ${failure.message}` : ""}`,
    );
  }
}
