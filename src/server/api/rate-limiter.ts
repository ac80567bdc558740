import { serverConfig } from "~/server/config";
import { getRedis } from "~/server/redis";
import {
  MemoryRateLimiter,
  NoRateLimiter,
  type RateLimiter,
  RedisRateLimiter,
} from "~/server/services/rate-limit";

const globalForLimiter = globalThis as unknown as { runifyRateLimiter?: RateLimiter };

/** Per-token limiter: shared through Redis when REDIS_URL is set, else in this process's memory. */
export function getRateLimiter(): RateLimiter {
  if (!globalForLimiter.runifyRateLimiter) {
    const { max, windowSec } = serverConfig().rateLimit;
    const redis = getRedis();
    globalForLimiter.runifyRateLimiter =
      max === 0
        ? new NoRateLimiter()
        : redis
          ? new RedisRateLimiter(redis, max, windowSec)
          : new MemoryRateLimiter(max, windowSec);
  }
  return globalForLimiter.runifyRateLimiter;
}

const globalForSignIn = globalThis as unknown as { runifySignInLimiter?: RateLimiter };

/** Password attempts per e-mail: 10 per 15 minutes, so a stolen e-mail address cannot be brute-forced. */
export function getSignInLimiter(): RateLimiter {
  if (!globalForSignIn.runifySignInLimiter) {
    const max = Number(process.env.SIGNIN_RATE_LIMIT_MAX ?? 10);
    const redis = getRedis();
    globalForSignIn.runifySignInLimiter = redis
      ? new RedisRateLimiter(redis, max, 15 * 60)
      : new MemoryRateLimiter(max, 15 * 60);
  }
  return globalForSignIn.runifySignInLimiter;
}
