import { parentPort } from "node:worker_threads";
import { type TaskHandlers, type TaskReply, type TaskRequest, Transfer } from "./protocol";

/** The worker side of a WorkerPool: answers each request with its handler's result (or error). */
export function serveTasks(handlers: TaskHandlers): void {
  const port = parentPort;
  if (!port) throw new Error("serveTasks() runs in a worker thread, started by a WorkerPool");
  port.on("message", async (request: TaskRequest) => {
    let reply: TaskReply;
    let transfer: ArrayBuffer[] = [];
    try {
      const handler = handlers[request.method];
      if (!handler) throw new Error(`unknown task "${request.method}"`);
      let value = await (handler as (args: unknown) => unknown)(request.args);
      if (value instanceof Transfer) {
        transfer = value.list;
        value = value.value;
      }
      reply = { id: request.id, ok: true, value };
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      reply = { id: request.id, ok: false, error: { name: e.name, message: e.message, stack: e.stack } };
    }
    port.postMessage(reply, transfer);
  });
}
