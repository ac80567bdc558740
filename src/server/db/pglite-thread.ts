import { Worker } from "node:worker_threads";
import {
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
} from "@prisma/driver-adapter-utils";
import { AppError } from "~/server/errors";
import {
  fromRemoteError,
  type PgliteOp,
  type PgliteReply,
  type PgliteRequest,
  type PgliteResults,
} from "./pglite-protocol";

type Args<O extends PgliteOp> = Omit<Extract<PgliteRequest, { op: O }>, "id" | "op">;

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * The embedded database in its own thread (workers/pglite.worker.ts): `call` posts one operation and resolves
 * with its answer. If the thread dies (PostgreSQL's WebAssembly aborting, out of memory), what was waiting
 * fails with a 503 and the next call starts a new thread on the same folder (PostgreSQL recovers from its WAL,
 * as after a crash).
 */
export class PgliteThread {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly bundle: () => string,
    private readonly dataDir: string | null,
  ) {}

  /** Starts the thread and opens the database; rejects with the reason it could not. */
  start(): Promise<void> {
    if (this.closed) return Promise.reject(new Error("the embedded database is closed"));
    if (!this.ready) {
      const worker = new Worker(this.bundle(), { name: "pglite" });
      this.worker = worker;
      worker.unref();
      worker.on("message", (reply: PgliteReply) => this.settle(reply));
      let failure: Error | null = null;
      worker.on("error", (error) => {
        failure = error;
        console.error("[db] the embedded database's thread failed:", error.message);
      });
      worker.on("exit", (code) => {
        if (this.worker === worker) {
          this.worker = null;
          this.ready = null;
        }
        const reason = failure?.message ?? `exit code ${code}`;
        for (const [id, p] of this.pending) {
          this.pending.delete(id);
          p.reject(
            this.closed
              ? new Error("the embedded database is closed")
              : new AppError(
                  "SERVICE_UNAVAILABLE",
                  `The embedded database stopped (${reason}): retry shortly`,
                  {
                    retryAfterSec: 1,
                  },
                ),
          );
        }
      });
      const ready = this.post(worker, "open", { dataDir: this.dataDir }).then(() => undefined);
      this.ready = ready;
      ready.catch(() => {
        if (this.ready === ready) this.ready = null;
        void worker.terminate();
      });
    }
    return this.ready;
  }

  async call<O extends PgliteOp>(op: O, args: Args<O>): Promise<PgliteResults[O]> {
    await this.start();
    const worker = this.worker;
    if (!worker) throw new AppError("SERVICE_UNAVAILABLE", "The embedded database stopped: retry shortly");
    return this.post(worker, op, args);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    const worker = this.worker;
    if (worker && this.ready) await this.call("close", {}).catch(() => undefined);
    this.closed = true;
    await worker?.terminate();
  }

  private post<O extends PgliteOp>(worker: Worker, op: O, args: Args<O>): Promise<PgliteResults[O]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, op, ...args });
    });
  }

  private settle(reply: PgliteReply): void {
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.ok) p.resolve(reply.value);
    else p.reject(fromRemoteError(reply.error));
  }
}

/** Prisma's errors from the adapter: a driver error keeps its kind (P2002 and the rest), others stay as they are. */
function prismaError(error: unknown): never {
  if (error instanceof Error && error.name === "DriverAdapterError" && "cause" in error)
    throw new DriverAdapterError(error.cause as ConstructorParameters<typeof DriverAdapterError>[0]);
  throw error;
}

/**
 * Prisma's driver adapter for the embedded database in its thread: every query Prisma sends is posted to the
 * thread, where pglite-prisma-adapter runs it as it would in process (same conversions, same errors).
 */
export class PgliteThreadAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "pglite-prisma-adapter (worker thread)";

  constructor(private readonly thread: PgliteThread) {}

  async connect(): Promise<SqlDriverAdapter> {
    const thread = this.thread;
    const queryable = (tx?: number) => ({
      provider: this.provider,
      adapterName: this.adapterName,
      queryRaw: (query: SqlQuery): Promise<SqlResultSet> =>
        thread.call("prismaQuery", { query, tx }).catch(prismaError),
      executeRaw: (query: SqlQuery): Promise<number> =>
        thread.call("prismaExecute", { query, tx }).catch(prismaError),
    });
    return {
      ...queryable(),
      executeScript: async (script: string) => {
        await thread.call("prismaScript", { script }).catch(prismaError);
      },
      startTransaction: async (isolation?: IsolationLevel): Promise<Transaction> => {
        const tx = await thread.call("prismaBegin", { isolation }).catch(prismaError);
        return {
          ...queryable(tx),
          options: { usePhantomQuery: true },
          commit: async () => {
            await thread.call("end", { tx, commit: true }).catch(prismaError);
          },
          rollback: async () => {
            await thread.call("end", { tx, commit: false }).catch(prismaError);
          },
        };
      },
      getConnectionInfo: () => ({ supportsRelationJoins: true }),
      dispose: async () => undefined,
    };
  }

  /** `migrate dev`'s scratch database: an in-memory PGlite in this thread (a development tool only). */
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    const { PGlite } = await import("@electric-sql/pglite");
    return new PrismaPGlite(new PGlite()).connect();
  }
}
