import type { IsolationLevel, SqlQuery, SqlResultSet } from "@prisma/driver-adapter-utils";

/**
 * The messages between the server thread and the embedded database's worker thread (workers/pglite.worker.ts,
 * db/pglite-thread.ts): each request carries an id, each reply the same id. `tx` names an open transaction
 * (the id `begin` or `prismaBegin` answered); without it a statement runs on its own.
 */
export type PgliteRequest = { id: number } & (
  | { op: "open"; dataDir: string | null }
  | { op: "query"; sql: string; params: unknown[]; tx?: number }
  | { op: "begin" }
  | { op: "end"; tx: number; commit: boolean }
  | { op: "prismaQuery"; query: SqlQuery; tx?: number }
  | { op: "prismaExecute"; query: SqlQuery; tx?: number }
  | { op: "prismaScript"; script: string }
  | { op: "prismaBegin"; isolation?: IsolationLevel }
  | { op: "close" }
);

export type PgliteOp = PgliteRequest["op"];

/** What each operation answers. */
export interface PgliteResults {
  open: null;
  query: { rows: unknown[]; affected: number };
  begin: number;
  end: null;
  prismaQuery: SqlResultSet;
  prismaExecute: number;
  prismaScript: null;
  prismaBegin: number;
  close: null;
}

/**
 * An error as it crosses the thread: its name, message and own fields (PostgreSQL's `code`, `detail`,
 * `constraint`…). A Prisma driver-adapter error keeps its `cause`, which Prisma maps to its P codes.
 */
export interface RemoteError {
  name: string;
  message: string;
  stack?: string;
  fields: Record<string, unknown>;
}

export type PgliteReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: RemoteError };

/** The error's plain, cloneable form. */
export function toRemoteError(error: unknown): RemoteError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error), fields: {} };
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (value === undefined || typeof value === "function") continue;
    try {
      fields[key] = structuredClone(value);
    } catch {
      fields[key] = String(value);
    }
  }
  if ("cause" in error && error.cause !== undefined && typeof error.cause === "object")
    fields.cause = structuredClone(error.cause);
  return { name: error.name, message: error.message, stack: error.stack, fields };
}

/** The error again, on the caller's side: same name, message and fields. */
export function fromRemoteError(remote: RemoteError): Error {
  const error = new Error(remote.message);
  Object.assign(error, remote.fields);
  Object.defineProperty(error, "name", { value: remote.name, enumerable: false, writable: true });
  if (remote.stack) error.stack = remote.stack;
  return error;
}
