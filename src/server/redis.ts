import { Redis } from "ioredis";
import { config } from "./config";
import { processSingleton } from "./process-singleton";

/** The shared Redis connection when REDIS_URL is set, else null (single-instance, in-memory mode). */
export function getRedis(): Redis | null {
  return processSingleton("redis", () => {
    const url = config().redisUrl;
    return url ? new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true }) : null;
  });
}
