/** The answer to one request: allowed (with the calls left now), or throttled with the seconds to wait. */
export type RateDecision =
  { allowed: true; remaining?: number } | { allowed: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * One token bucket per subscription key, as Azure API Management's rate-limit-by-key policy:
 * `rate` tokens a second, at most one second's worth (at least one token) saved up.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    /** The rate of keys whose service sets none (SANDBOX_IO_RATE_LIMIT_PER_SECOND). */
    readonly defaultRatePerSecond = 0,
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string, ratePerSecond: number = this.defaultRatePerSecond): RateDecision {
    if (ratePerSecond <= 0) return { allowed: true };
    const capacity = Math.max(1, Math.ceil(ratePerSecond));
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updatedAt: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * ratePerSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, remaining: Math.floor(bucket.tokens) };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / ratePerSecond)) };
  }

  reset(): void {
    this.buckets.clear();
  }
}
