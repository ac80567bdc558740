/**
 * The embedded database's own thread (built to .build/workers/pglite.mjs): PGlite — PostgreSQL compiled to
 * WebAssembly, which runs every statement synchronously on the thread that calls it — lives here, so that the
 * server's event loop (HTTP, live streams) never waits on a query. The server talks to it through
 * db/pglite-thread.ts; requests and replies are in db/pglite-protocol.ts. Statements run one at a time, in the
 * order they arrive (PGlite's own queue), and a transaction holds the database until its `end`.
 * Prisma's queries go through pglite-prisma-adapter here, as they did in the server's thread.
 */
import { parentPort } from "node:worker_threads";
import { PGlite, type Transaction as PgliteTransaction } from "@electric-sql/pglite";
import type { SqlDriverAdapter, Transaction as PrismaTransaction } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import {
  type PgliteReply,
  type PgliteRequest,
  type PgliteResults,
  toRemoteError,
} from "~/server/db/pglite-protocol";

const port = parentPort;
if (!port) throw new Error("pglite.worker runs in a worker thread (db/pglite-thread.ts starts it)");

let lite: PGlite | null = null;
let prisma: SqlDriverAdapter | null = null;

/** An open transaction: raw statements (PGlite's transaction) or Prisma's. */
type OpenTx =
  | { kind: "raw"; tx: PgliteTransaction; finish(commit: boolean): Promise<void> }
  | { kind: "prisma"; tx: PrismaTransaction };
const open = new Map<number, OpenTx>();
let nextTx = 1;

function database(): PGlite {
  if (!lite) throw new Error("the embedded database is not open");
  return lite;
}

function transaction(id: number | undefined): OpenTx {
  const tx = id === undefined ? undefined : open.get(id);
  if (!tx) throw new Error(`no open transaction ${id}`);
  return tx;
}

/** Opens a raw transaction and answers once it holds the database; `finish` commits or rolls back. */
function beginRaw(): Promise<number> {
  const id = nextTx++;
  return new Promise((resolve, reject) => {
    let settle: (commit: boolean) => void = () => {};
    const decided = new Promise<boolean>((r) => {
      settle = r;
    });
    const done = database()
      .transaction(async (tx) => {
        open.set(id, { kind: "raw", tx, finish: finishing });
        resolve(id);
        if (!(await decided)) await tx.rollback();
      })
      .finally(() => open.delete(id));
    done.catch(reject);
    function finishing(commit: boolean): Promise<void> {
      settle(commit);
      return done;
    }
  });
}

type Handler<O extends PgliteRequest["op"]> = (
  request: Extract<PgliteRequest, { op: O }>,
) => Promise<PgliteResults[O]>;

const handlers: { [O in PgliteRequest["op"]]: Handler<O> } = {
  async open({ dataDir }) {
    lite = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
    prisma = await new PrismaPGlite(lite).connect();
    return null;
  },
  async query({ sql, params, tx }) {
    const runner = tx === undefined ? database() : rawTx(tx);
    const r = await runner.query(sql, params);
    return { rows: r.rows, affected: r.affectedRows ?? 0 };
  },
  begin: () => beginRaw(),
  async end({ tx, commit }) {
    const t = transaction(tx);
    if (t.kind === "raw") await t.finish(commit);
    else {
      open.delete(tx);
      await (commit ? t.tx.commit() : t.tx.rollback());
    }
    return null;
  },
  prismaQuery: ({ query, tx }) => prismaRunner(tx).queryRaw(query),
  prismaExecute: ({ query, tx }) => prismaRunner(tx).executeRaw(query),
  async prismaScript({ script }) {
    await adapter().executeScript(script);
    return null;
  },
  async prismaBegin({ isolation }) {
    const tx = await adapter().startTransaction(isolation);
    const id = nextTx++;
    open.set(id, { kind: "prisma", tx });
    return id;
  },
  async close() {
    await lite?.close();
    lite = null;
    return null;
  },
};

function rawTx(id: number): PgliteTransaction {
  const t = transaction(id);
  if (t.kind !== "raw") throw new Error(`transaction ${id} is Prisma's`);
  return t.tx;
}

function adapter(): SqlDriverAdapter {
  if (!prisma) throw new Error("the embedded database is not open");
  return prisma;
}

function prismaRunner(id: number | undefined) {
  if (id === undefined) return adapter();
  const t = transaction(id);
  if (t.kind !== "prisma") throw new Error(`transaction ${id} is not Prisma's`);
  return t.tx;
}

port.on("message", async (request: PgliteRequest) => {
  let reply: PgliteReply;
  try {
    const handler = handlers[request.op] as (r: PgliteRequest) => Promise<unknown>;
    reply = { id: request.id, ok: true, value: await handler(request) };
  } catch (error) {
    reply = { id: request.id, ok: false, error: toRemoteError(error) };
  }
  port.postMessage(reply);
});
