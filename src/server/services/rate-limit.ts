import type { Redis } from "ioredis";
import { config } from "~/server/config";
import { processSingleton } from "~/server/process-singleton";
import { getRedis } from "~/server/redis";

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After) when refused. */
  retryAfterSec: number;
  /** Which budget refused it. */
  scope?: "device" | "token" | "account" | "address";
}

/** One fixed-window check: `keys[i]` may take `max[i]` hits per window; the first full one refuses. */
interface Counter {
  /**
   * Counts a hit against each key in turn and stops at the first that is over its max: a hit refused by an
   * inner budget (a device) is not counted against the outer ones (its token), so a flooding phone cannot
   * exhaust its event's budget.
   */
  hit(
    keys: readonly string[],
    max: readonly number[],
    windowSec: number,
  ): Promise<{ refusedAt: number; retryAfterSec: number }>;
}

/**
 * Fixed windows in this process's memory. Fixed windows are cheap and predictable for clients (Retry-After is
 * exact); a phone posting every 5 s uses 12 requests a minute.
 */
class MemoryCounter implements Counter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  async hit(keys: readonly string[], max: readonly number[], windowSec: number) {
    const now = Date.now();
    const windowMs = windowSec * 1000;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      let entry = this.windows.get(key);
      if (!entry || now - entry.start >= windowMs) {
        if (this.windows.size > 100_000) this.evictExpired(now, windowMs);
        entry = { start: now, count: 0 };
        this.windows.set(key, entry);
      }
      if (entry.count >= (max[i] ?? 0)) {
        return { refusedAt: i, retryAfterSec: Math.max(1, Math.ceil((entry.start + windowMs - now) / 1000)) };
      }
      entry.count += 1;
    }
    return { refusedAt: -1, retryAfterSec: 0 };
  }

  private evictExpired(now: number, windowMs: number) {
    for (const [key, entry] of this.windows) if (now - entry.start >= windowMs) this.windows.delete(key);
  }
}

/** The same windows shared by every instance through Redis: one script, one round trip, for all the keys. */
class RedisCounter implements Counter {
  private static readonly SCRIPT = `
    for i, key in ipairs(KEYS) do
      local count = tonumber(redis.call('GET', key) or '0')
      if count >= tonumber(ARGV[i + 1]) then
        return { i - 1, redis.call('PTTL', key) }
      end
      count = redis.call('INCR', key)
      if count == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
    end
    return { -1, 0 }`;

  constructor(private readonly redis: Redis) {}

  async hit(keys: readonly string[], max: readonly number[], windowSec: number) {
    const [refusedAt, ttlMs] = (await this.redis.eval(
      RedisCounter.SCRIPT,
      keys.length,
      ...keys.map((k) => `runify:rl:${k}`),
      windowSec * 1000,
      ...max,
    )) as [number, number];
    return { refusedAt, retryAfterSec: refusedAt < 0 ? 0 : Math.max(1, Math.ceil(ttlMs / 1000)) };
  }
}

const SIGN_IN_WINDOW_SEC = 15 * 60;

/** Every rate limit of the server, shared through Redis when REDIS_URL is set, else in memory. */
export class RateLimits {
  constructor(
    private readonly counter: Counter,
    private readonly settings = config().rateLimit,
  ) {}

  /** An API request: per device (when known) inside the token's budget. Max 0 disables both. */
  async token(tokenId: string, device: string | null): Promise<RateLimitResult> {
    const { max, deviceMax, windowSec } = this.settings;
    if (max === 0) return { allowed: true, retryAfterSec: 0 };
    const keys = device ? [`device:${tokenId}:${device}`, `token:${tokenId}`] : [`token:${tokenId}`];
    const limits = device ? [deviceMax, max] : [max];
    const { refusedAt, retryAfterSec } = await this.counter.hit(keys, limits, windowSec);
    if (refusedAt < 0) return { allowed: true, retryAfterSec: 0 };
    return { allowed: false, retryAfterSec, scope: device && refusedAt === 0 ? "device" : "token" };
  }

  /**
   * A password attempt (sign-in, sign-up) from a client address: changing the e-mail does not bypass it.
   * The edge counts sign-ins here before next-auth sees them; sign-up counts in its procedure.
   */
  passwordFromAddress(address: string): Promise<RateLimitResult> {
    return this.one(`pw-ip:${address}`, this.settings.signInPerAddress, "address");
  }

  /** Joining an event (an invitation link, a public registration) from a client address: same budget size. */
  joinFromAddress(address: string): Promise<RateLimitResult> {
    return this.one(`join-ip:${address}`, this.settings.signInPerAddress, "address");
  }

  /**
   * A tile the proxy must fetch from the tile server for a client address (a cache miss): a client walking
   * the world's tiles must not make us hammer the tile server (and get us banned) for everyone else.
   */
  async tileFetchFromAddress(address: string): Promise<RateLimitResult> {
    const max = this.settings.tileFetchPerAddress;
    if (max === 0) return { allowed: true, retryAfterSec: 0 };
    const { refusedAt, retryAfterSec } = await this.counter.hit([`tile-ip:${address}`], [max], 60);
    return refusedAt < 0
      ? { allowed: true, retryAfterSec: 0 }
      : { allowed: false, retryAfterSec, scope: "address" };
  }

  /** A password attempt on one account: a botnet of addresses still cannot brute-force one e-mail. */
  passwordForAccount(email: string): Promise<RateLimitResult> {
    return this.one(`pw:${email}`, this.settings.signInPerAccount, "account");
  }

  private async one(key: string, max: number, scope: RateLimitResult["scope"]): Promise<RateLimitResult> {
    const { refusedAt, retryAfterSec } = await this.counter.hit([key], [max], SIGN_IN_WINDOW_SEC);
    return refusedAt < 0 ? { allowed: true, retryAfterSec: 0 } : { allowed: false, retryAfterSec, scope };
  }
}

export function rateLimits(): RateLimits {
  return processSingleton("rate-limits", () => {
    const redis = getRedis();
    return new RateLimits(redis ? new RedisCounter(redis) : new MemoryCounter());
  });
}

/** For unit tests: limits over a fresh in-memory counter. */
export function memoryRateLimits(settings: ReturnType<typeof config>["rateLimit"]): RateLimits {
  return new RateLimits(new MemoryCounter(), settings);
}
