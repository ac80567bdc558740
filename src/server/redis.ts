import { Redis } from "ioredis";
import { serverConfig } from "./config";

const globalForRedis = globalThis as unknown as { runifyRedis?: Redis | null };

/** The shared Redis connection when REDIS_URL is set, else null (single-instance, in-memory mode). */
export function getRedis(): Redis | null {
  if (globalForRedis.runifyRedis === undefined) {
    const url = serverConfig().redisUrl;
    globalForRedis.runifyRedis = url
      ? new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true })
      : null;
  }
  return globalForRedis.runifyRedis;
}
