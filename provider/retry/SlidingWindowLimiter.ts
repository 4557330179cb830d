import { QPS_WINDOW_MS } from "../limits";
import type { Clock } from "./Clock";
import { systemClock } from "./Clock";
import type { RateLimiter } from "./RateLimiter";

/** Options of a {@link SlidingWindowLimiter}. */
export interface SlidingWindowLimiterOptions {
  /** Time source; defaults to the system clock. */
  readonly clock?: Clock;
  /** Window a quota is counted over, in ms; defaults to `QPS_WINDOW_MS` (1,000). */
  readonly windowMs?: number;
}

/** State of one bucket. */
interface Bucket {
  /** Start times (ms, ascending) of the most recent calls still inside the window; at most `quota`. */
  starts: number[];
  /** Settles when the last queued caller has started; the next caller waits on it (FIFO). */
  tail: Promise<void>;
}

/**
 * {@link SlidingWindowLimiter} enforces "a quota of Q QPS means at most Q calls start in any one-second
 * window" (limits.ts): a call may start at t only if fewer than Q calls started in (t − window, t].
 * A token bucket with burst Q would let nearly 2Q start in one window, which the API (and the
 * emulator) throttles.
 *
 * Async-safe: callers of one bucket are chained, so they start in arrival order and never interleave
 * between the check and the record. Buckets are independent (one per AccessKeyId and action) and are
 * kept for the life of the process: there are at most (keys × actions) of them, each ≤ Q numbers.
 */
export class SlidingWindowLimiter implements RateLimiter {
  private readonly clock: Clock;
  private readonly windowMs: number;
  private readonly buckets: Map<string, Bucket> = new Map();

  constructor(options: SlidingWindowLimiterOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.windowMs = options.windowMs ?? QPS_WINDOW_MS;
    if (!(this.windowMs > 0)) throw new RangeError(`Expected \`windowMs\` to be a positive number, got ${this.windowMs}`);
  }

  async acquire(bucketKey: string, quota: number): Promise<void> {
    if (!Number.isInteger(quota) || quota < 1) {
      throw new RangeError(`Expected \`quota\` to be a positive integer, got ${quota}`);
    }
    let bucket = this.buckets.get(bucketKey);
    if (bucket === undefined) {
      bucket = { starts: [], tail: Promise.resolve() };
      this.buckets.set(bucketKey, bucket);
    }
    const previous = bucket.tail;
    let done!: () => void;
    bucket.tail = new Promise<void>((resolve) => (done = resolve));
    try {
      await previous;
      await this.waitForSlot(bucket, quota);
    } finally {
      done();
    }
  }

  /** Milliseconds a call arriving now in `bucketKey` would wait before it may start (0 = at once). */
  waitTime(bucketKey: string, quota: number): number {
    const bucket = this.buckets.get(bucketKey);
    if (bucket === undefined) return 0;
    const now = this.clock.now();
    const inWindow = bucket.starts.filter((s) => s > now - this.windowMs);
    return inWindow.length < quota ? 0 : inWindow[inWindow.length - quota] + this.windowMs - now;
  }

  /** Sleeps until fewer than `quota` starts lie in (now − window, now], then records now. */
  private async waitForSlot(bucket: Bucket, quota: number): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (bucket.starts.length > 0 && bucket.starts[0] <= now - this.windowMs) bucket.starts.shift();
      if (bucket.starts.length < quota) {
        bucket.starts.push(now);
        // Only the last `quota` starts can ever block a call, so older ones need not be kept.
        if (bucket.starts.length > quota) bucket.starts.splice(0, bucket.starts.length - quota);
        return;
      }
      // The oldest start that must leave the window is the quota-th most recent one.
      const leavesAt = bucket.starts[bucket.starts.length - quota] + this.windowMs;
      await this.clock.sleep(Math.max(1, leavesAt - now));
    }
  }
}
