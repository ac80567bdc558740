import type { Redis } from "ioredis";

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After) when refused. */
  retryAfterSec: number;
}

export interface RateLimiter {
  hit(key: string): Promise<RateLimitResult>;
}

/**
 * Fixed-window counter per key. Fixed windows are cheap and predictable for clients (Retry-After is exact);
 * a phone posting every 5 s uses 12 requests a minute against a default of thousands.
 */
export class MemoryRateLimiter implements RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly max: number,
    private readonly windowSec: number,
  ) {}

  async hit(key: string): Promise<RateLimitResult> {
    const now = Date.now();
    const windowMs = this.windowSec * 1000;
    let entry = this.windows.get(key);
    if (!entry || now - entry.start >= windowMs) {
      if (this.windows.size > 100_000) this.evictExpired(now, windowMs);
      entry = { start: now, count: 0 };
      this.windows.set(key, entry);
    }
    entry.count += 1;
    if (entry.count <= this.max) return { allowed: true, retryAfterSec: 0 };
    return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((entry.start + windowMs - now) / 1000)) };
  }

  private evictExpired(now: number, windowMs: number) {
    for (const [key, entry] of this.windows) if (now - entry.start >= windowMs) this.windows.delete(key);
  }
}

/** The same fixed window shared by every instance through Redis (INCR + PEXPIRE, atomically in a script). */
export class RedisRateLimiter implements RateLimiter {
  private static readonly SCRIPT = `
    local count = redis.call('INCR', KEYS[1])
    if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
    return { count, redis.call('PTTL', KEYS[1]) }`;

  constructor(
    private readonly redis: Redis,
    private readonly max: number,
    private readonly windowSec: number,
  ) {}

  async hit(key: string): Promise<RateLimitResult> {
    const reply = (await this.redis.eval(
      RedisRateLimiter.SCRIPT,
      1,
      `runify:rl:${key}`,
      this.windowSec * 1000,
    )) as [number, number];
    const [count, ttlMs] = reply;
    if (count <= this.max) return { allowed: true, retryAfterSec: 0 };
    return { allowed: false, retryAfterSec: Math.max(1, Math.ceil(ttlMs / 1000)) };
  }
}

export class NoRateLimiter implements RateLimiter {
  async hit(): Promise<RateLimitResult> {
    return { allowed: true, retryAfterSec: 0 };
  }
}
