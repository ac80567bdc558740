import { processSingleton } from "~/server/process-singleton";

/**
 * One chain per race and process: batches, recomputes and reloads never overlap (they read and write the same
 * states). Its own file because both the runtime and the registry that creates runtimes take it.
 */
export function raceLock<T>(raceId: string, work: () => Promise<T>): Promise<T> {
  const chains = processSingleton("race:locks", () => new Map<string, Promise<unknown>>());
  const previous = chains.get(raceId) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(work);
  const tail = run.catch(() => undefined);
  chains.set(raceId, tail);
  void tail.then(() => {
    if (chains.get(raceId) === tail) chains.delete(raceId);
  });
  return run;
}
