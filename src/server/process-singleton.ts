/**
 * One value per process, whatever module graph asks for it. Next.js compiles the instrumentation hook (where
 * the HTTP edge lives), route handlers and server components into separate bundles, each with its own copy of
 * every module: a plain module-level `let` would open PGlite twice (it allows one instance per folder), start
 * two buses and split caches. Values live on globalThis under a registered symbol instead.
 */
export function processSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`runify:${name}`);
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  let value = store[key];
  if (value === undefined) {
    value = create();
    store[key] = value;
  }
  return value;
}

/** Whether the singleton exists yet (e.g. "is a bus running in this process?"), without creating it. */
export function existingSingleton<T>(name: string): T | undefined {
  return (globalThis as unknown as Record<symbol, T | undefined>)[Symbol.for(`runify:${name}`)];
}

/** Forgets a singleton (tests that restart a subsystem within one process). */
export function dropSingleton(name: string): void {
  delete (globalThis as unknown as Record<symbol, unknown>)[Symbol.for(`runify:${name}`)];
}
