/**
 * The messages between a WorkerPool and the tasks a worker serves (serve.ts): one request, one reply, each
 * with the request's id. A task's result is structured-cloned, except what it hands over in `Transfer`.
 */
export interface TaskRequest {
  id: number;
  method: string;
  args: unknown;
}

export type TaskReply =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { name: string; message: string; stack?: string } };

/** A task result whose buffers move to the caller instead of being copied (they are unusable afterwards). */
export class Transfer<T> {
  constructor(
    readonly value: T,
    readonly list: ArrayBuffer[],
  ) {}
}

/** The tasks of a worker: each takes one structured-cloneable argument. */
export type TaskHandlers = Record<string, (args: never) => unknown>;

/** What the caller receives from a task (its result, unwrapped from a promise and from Transfer). */
export type TaskResult<F> = F extends (args: never) => infer R ? Unwrapped<Awaited<R>> : never;
type Unwrapped<T> = T extends Transfer<infer V> ? V : T;

export type TaskArgs<F> = F extends (args: infer A) => unknown ? A : never;
