import { availableParallelism } from "node:os";

/** Runtime configuration, read from the environment once (see README "Configuration"). */
function intFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return Math.floor(value);
}

export const limits = {
  /** Points per POST /tracks/{id}/points (contract). */
  pointsPerBatch: 10_000,
  /** Points per POST /sync and per GET /tracks/{id}/points page (contract). */
  pointsPerSync: 50_000,
};

export function serverConfig() {
  return {
    rateLimit: {
      /** Requests allowed per token and window; 0 disables rate limiting. */
      max: intFromEnv("RATE_LIMIT_MAX", 20_000),
      windowSec: intFromEnv("RATE_LIMIT_WINDOW_SEC", 60),
    },
    /** Body size caps in bytes, checked before parsing: generous for the documented point limits. */
    maxBodyBytes: {
      points: intFromEnv("MAX_BODY_BYTES_POINTS", 8 * 1024 * 1024),
      sync: intFromEnv("MAX_BODY_BYTES_SYNC", 40 * 1024 * 1024),
      /** Imports: files arrive base64-encoded (or multipart); 64 MB of request ≈ 48 MB of files. */
      imports: intFromEnv("MAX_BODY_BYTES_IMPORT", 64 * 1024 * 1024),
      other: intFromEnv("MAX_BODY_BYTES_OTHER", 1024 * 1024),
    },
    redisUrl: process.env.REDIS_URL?.trim() || null,
    /**
     * Worker threads for CPU-heavy tasks (reading uploads, legacy password hashes): one or two, since each
     * may use `maxMemoryMb` on top of the server; tasks past `maxQueued` are refused with a 503.
     */
    workers: {
      size: Math.max(1, intFromEnv("WORKER_POOL_SIZE", availableParallelism() > 2 ? 2 : 1)),
      maxQueued: intFromEnv("WORKER_QUEUE_MAX", 16),
      maxMemoryMb: intFromEnv("WORKER_MAX_MEMORY_MB", 1024),
      taskTimeoutMs: intFromEnv("WORKER_TASK_TIMEOUT_MS", 60_000),
    },
    /**
     * scrypt hashes computed at once (each takes a core, a libuv thread and 32 MB: one on two cores leaves
     * the other to the server), and how many may wait.
     */
    passwordHashing: {
      concurrency: Math.max(1, intFromEnv("PASSWORD_HASH_CONCURRENCY", availableParallelism() > 2 ? 2 : 1)),
      maxQueued: intFromEnv("PASSWORD_HASH_QUEUE_MAX", 32),
    },
  };
}
