/**
 * Per-caller token buckets in this process's memory: `capacity` requests at once, refilled at
 * `perMinute`. With N api replicas the effective limit is N × the setting, which is acceptable as
 * abuse protection (not as billing); a shared store (Redis, or the gateway in front) is the step
 * up when exact limits matter. Idle buckets are dropped so memory stays bounded.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; updatedAt: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly capacity: number = perMinute,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes `count` tokens for `key` (one per operation); returns 0 when allowed, else the seconds to wait. */
  take(key: string, count = 1): number {
    const now = this.now();
    const refillPerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, updatedAt: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedAt) * refillPerMs);
    bucket.updatedAt = now;
    this.buckets.delete(key);
    this.buckets.set(key, bucket); // Map keeps insertion order: oldest-used first.
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    if (bucket.tokens >= count) {
      bucket.tokens -= count;
      return 0;
    }
    return Math.max(1, Math.ceil((count - bucket.tokens) / refillPerMs / 1000));
  }
}
