import { processSingleton } from "~/server/process-singleton";

/**
 * API requests in flight in this process, for work that can wait (the track page's derived data after a
 * finish): run on a 2-core machine beside a /sync or an import, a 50,000-point chart took the CPU the request
 * itself needed (the requests of `npm run bench` were ×1.3–2.5 slower with it).
 */
const state = processSingleton("api-requests-in-flight", () => ({ inFlight: 0, lastEnded: 0 }));

/** Counts one request from its start until `res` closes (answered or cut), whatever its handler does. */
export function countRequest(res: { once(event: "close", listener: () => void): unknown }): void {
  state.inFlight++;
  res.once("close", () => {
    state.inFlight--;
    state.lastEnded = Date.now();
  });
}

/**
 * Resolves once no API request has been in flight for `quietMs`, or after `maxWaitMs` at the latest (a server
 * that is never quiet still gets the work done, and a first view computes it anyway).
 */
export async function whenIdle(quietMs = 500, maxWaitMs = 60_000): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  for (;;) {
    const now = Date.now();
    const quietFor = now - state.lastEnded;
    if ((state.inFlight === 0 && quietFor >= quietMs) || now >= deadline) return;
    const wait = state.inFlight === 0 ? quietMs - quietFor : quietMs;
    await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(wait, 10), deadline - now)).unref());
  }
}
