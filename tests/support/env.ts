import { dropSingleton } from "~/server/process-singleton";

/**
 * Runs `run` as a process started with these environment variables would: the server reads its
 * configuration once per process (src/server/config.ts), so the cached configuration (and the Redis
 * connection made from it) are dropped before and after.
 */
export async function withEnv<T>(
  vars: Record<string, string | undefined>,
  run: () => Promise<T>,
): Promise<T> {
  const previous = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    dropSingleton("config");
    dropSingleton("redis");
  };
  apply(vars);
  try {
    return await run();
  } finally {
    apply(previous);
  }
}
