import { availableParallelism } from "node:os";
import path from "node:path";
import { z } from "zod";
import { processSingleton } from "./process-singleton";

/**
 * Runtime configuration: the environment, validated once (at server start, see startup.ts) against one zod
 * schema, as create-t3-app does. Every setting the server reads is here with its default; the README's
 * "Configuration" table lists them. A bad value stops the server at start with every problem named, instead
 * of surfacing later as a NaN in some code path.
 */

/** A non-negative integer from the environment (empty means "use the default"). */
const int = (fallback: number, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === "") return fallback;
      if (!/^\d+$/.test(raw) || Number(raw) > max) {
        ctx.addIssue({ code: "custom", message: `expected an integer from 0 to ${max}, got "${raw}"` });
        return z.NEVER;
      }
      return Number(raw);
    });

const text = z
  .string()
  .trim()
  .optional()
  .transform((v) => v || null);

const MB = 1024 * 1024;

const ZEnv = z.object({
  DATABASE_URL: text,
  RUNIFY_DATA_DIR: text,
  DATABASE_POOL_SIZE: int(10, 1000),
  EMBEDDED_DB_THREAD: int(1, 1),
  REDIS_URL: text,
  RATE_LIMIT_MAX: int(20_000),
  RATE_LIMIT_WINDOW_SEC: int(60, 86_400),
  RATE_LIMIT_DEVICE_MAX: int(600),
  SIGNIN_RATE_LIMIT_MAX: int(10),
  SIGNIN_RATE_LIMIT_IP_MAX: int(60),
  TILE_FETCH_RATE_LIMIT: int(600),
  MAX_BODY_BYTES_POINTS: int(8 * MB),
  MAX_BODY_BYTES_SYNC: int(40 * MB),
  MAX_BODY_BYTES_IMPORT: int(64 * MB),
  MAX_BODY_BYTES_OTHER: int(1 * MB),
  MAX_BODY_BYTES_TRACKER: int(64 * 1024),
  TRACKER_IDLE_CLOSE_SEC: int(30 * 60, 7 * 86_400),
  TRACKER_SWEEP_SEC: int(30, 3600),
  TRUST_PROXY: int(0, 10),
  NEXTAUTH_URL: text,
  NEXTAUTH_SECRET: text,
  OIDC_ISSUER: text,
  OIDC_CLIENT_ID: text,
  OIDC_CLIENT_SECRET: text,
  OIDC_NAME: text,
  MAP_TILE_URL: text.refine(
    (v) =>
      v === null ||
      (/^https?:\/\/[^/]/.test(v) &&
        ["{z}", "{x}", "{y}"].every((p) => v.includes(p)) &&
        URL.canParse(v.replace(/\{[a-z]\}/g, "0"))),
    {
      message:
        "expected an http(s) URL template with {z}, {x} and {y}, e.g. https://tile.example.org/{z}/{x}/{y}.png",
    },
  ),
  MAP_TILE_ATTRIBUTION: text,
  MAP_TILE_CACHE_DIR: text,
  MAP_TILE_CACHE_MB: int(512, 1_000_000),
  LIVE_STALE_AFTER_SEC: int(60),
  LIVE_LOG_RETENTION_HOURS: int(24),
  LIVE_FLUSH_MS: int(20, 10_000),
  LIVE_SPECTATOR_FLUSH_MS: int(500, 10_000),
  LIVE_MAX_QUEUED_BYTES: int(8 * MB),
  LIVE_HEARTBEAT_MS: int(15_000),
  KEEP_ALIVE_TIMEOUT_MS: int(65_000),
  RUNIFY_DEFAULT_ORGANISER_EMAIL: text,
  RUNIFY_MIGRATE_DEBUG: text,
  NODE_ENV: text,
  WORKER_POOL_SIZE: int(0, 64),
  WORKER_QUEUE_MAX: int(16),
  WORKER_MAX_MEMORY_MB: int(1024, 65_536),
  WORKER_TASK_TIMEOUT_MS: int(60_000),
  RUNIFY_WORKERS_DIR: text,
  PASSWORD_HASH_CONCURRENCY: int(0, 64),
  PASSWORD_HASH_QUEUE_MAX: int(32),
});

export type DbConfig = { kind: "postgres"; url: string } | { kind: "embedded"; dataDir: string | null };

/** Where the data lives: PostgreSQL for a postgres URL, else the embedded PGlite folder ("memory": none). */
export function dbConfigFrom(url: string | null, dataDir: string | null = null): DbConfig {
  if (url && /^postgres(ql)?:\/\//.test(url)) return { kind: "postgres", url };
  const dir = url?.startsWith("pglite:") ? url.slice("pglite:".length) : (dataDir ?? ".data/pglite");
  if (dir === "memory") return { kind: "embedded", dataDir: null };
  return { kind: "embedded", dataDir: path.resolve(dir) };
}

export function describeDb(config: DbConfig): string {
  if (config.kind === "postgres") return `PostgreSQL ${config.url.replace(/\/\/[^@/]*@/, "//***@")}`;
  return `embedded PGlite ${config.dataDir ?? "(in memory)"}`;
}

export class ConfigError extends Error {}

/** The configuration of an environment (pure: tests and scripts pass their own). */
export function parseConfig(env: Record<string, string | undefined>) {
  const parsed = ZEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const oidc =
    e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
      ? {
          id: "oidc" as const,
          name: e.OIDC_NAME ?? "SSO",
          issuer: e.OIDC_ISSUER.replace(/\/+$/, ""),
          clientId: e.OIDC_CLIENT_ID,
          clientSecret: e.OIDC_CLIENT_SECRET,
        }
      : null;
  return {
    db: dbConfigFrom(e.DATABASE_URL, e.RUNIFY_DATA_DIR),
    dbPoolSize: e.DATABASE_POOL_SIZE,
    /** The embedded database in a worker thread (1, the default) or on the server's own (0: as before issue 17). */
    embeddedThread: e.EMBEDDED_DB_THREAD === 1,
    redisUrl: e.REDIS_URL,
    rateLimit: {
      /** Requests per token and window; 0 disables rate limiting. */
      max: e.RATE_LIMIT_MAX,
      windowSec: e.RATE_LIMIT_WINDOW_SEC,
      /** Requests per device (track or participant) and window, inside its token's budget. */
      deviceMax: e.RATE_LIMIT_DEVICE_MAX,
      /** Password attempts per e-mail and per client address, per 15 minutes. */
      signInPerAccount: e.SIGNIN_RATE_LIMIT_MAX,
      signInPerAddress: e.SIGNIN_RATE_LIMIT_IP_MAX,
      /** Tiles fetched from MAP_TILE_URL per client address and minute (cache hits are free); 0: no limit. */
      tileFetchPerAddress: e.TILE_FETCH_RATE_LIMIT,
    },
    /** Byte caps of request bodies, checked while reading, before parsing. */
    maxBodyBytes: {
      points: e.MAX_BODY_BYTES_POINTS,
      sync: e.MAX_BODY_BYTES_SYNC,
      imports: e.MAX_BODY_BYTES_IMPORT,
      other: e.MAX_BODY_BYTES_OTHER,
      /** A tracker app's request (one fix, or the Traccar SDK's small batches). */
      tracker: e.MAX_BODY_BYTES_TRACKER,
    },
    /**
     * Tracker apps (OsmAnd / Traccar Client, OwnTracks, GPSLogger): a device's track closes after `idleCloseSec`
     * without a fix (checked every `sweepSec`, and on its next fix) or at the event's end; 0 sweeps never.
     */
    trackers: { idleCloseSec: e.TRACKER_IDLE_CLOSE_SEC, sweepSec: e.TRACKER_SWEEP_SEC },
    /** How many reverse proxies in front add themselves to X-Forwarded-For (0: trust none). */
    trustProxyHops: e.TRUST_PROXY,
    auth: { url: e.NEXTAUTH_URL, secret: e.NEXTAUTH_SECRET, oidc },
    /**
     * The upstream tile server, reached only through the tile proxy (/api/tiles) and its disk cache of at most
     * `cacheMaxBytes` (0: tiles are fetched for each request and not kept).
     */
    tiles: e.MAP_TILE_URL
      ? {
          url: e.MAP_TILE_URL,
          attribution: e.MAP_TILE_ATTRIBUTION ?? "",
          cacheDir: path.resolve(e.MAP_TILE_CACHE_DIR ?? ".data/tiles"),
          cacheMaxBytes: e.MAP_TILE_CACHE_MB * MB,
        }
      : null,
    live: {
      staleAfterSec: e.LIVE_STALE_AFTER_SEC,
      logRetentionHours: e.LIVE_LOG_RETENTION_HOURS,
      flushMs: e.LIVE_FLUSH_MS,
      /** Spectators' frames are gathered this long into one write (organisers get them every flushMs). */
      spectatorFlushMs: e.LIVE_SPECTATOR_FLUSH_MS,
      maxQueuedBytes: e.LIVE_MAX_QUEUED_BYTES,
      heartbeatMs: e.LIVE_HEARTBEAT_MS,
    },
    keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_MS,
    defaultOrganiserEmail: (e.RUNIFY_DEFAULT_ORGANISER_EMAIL ?? "demo@runify.local").toLowerCase(),
    migrateDebug: e.RUNIFY_MIGRATE_DEBUG !== null,
    /** Development server (`npm run dev`): pages need eval for React refresh. */
    dev: e.NODE_ENV !== "production",
    /**
     * Worker threads for CPU-heavy tasks (reading uploads, legacy password hashes): one or two, since each
     * may use `maxMemoryMb` on top of the server; tasks past `maxQueued` are refused with a 503. 0: by cores.
     */
    workers: {
      size: e.WORKER_POOL_SIZE || (availableParallelism() > 2 ? 2 : 1),
      maxQueued: e.WORKER_QUEUE_MAX,
      maxMemoryMb: e.WORKER_MAX_MEMORY_MB,
      taskTimeoutMs: e.WORKER_TASK_TIMEOUT_MS,
      /** Where the worker bundles are (scripts/build-workers.mjs builds them; serve.mjs sets it). */
      dir: path.resolve(e.RUNIFY_WORKERS_DIR ?? ".build/workers"),
    },
    /**
     * scrypt hashes computed at once (each takes a core, a libuv thread and 32 MB: one on two cores leaves the
     * other to the server), and how many may wait. 0: by cores.
     */
    passwordHashing: {
      concurrency: e.PASSWORD_HASH_CONCURRENCY || (availableParallelism() > 2 ? 2 : 1),
      maxQueued: e.PASSWORD_HASH_QUEUE_MAX,
    },
  };
}

export type Config = ReturnType<typeof parseConfig>;

/** This process's configuration, read from the environment on first use and kept. */
export function config(): Config {
  return processSingleton("config", () => parseConfig(process.env));
}
