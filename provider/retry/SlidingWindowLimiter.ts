import { QPS_WINDOW_MS, REQUEST_TIMEOUT_MS, SPACING_TOLERANCE_MS, THROTTLE_BACKOFF } from "../limits";
import type { Clock } from "./Clock";
import { systemClock } from "./Clock";
import type { Permit, PermitOutcome, RateLimiter } from "./RateLimiter";

/** Options of a {@link SlidingWindowLimiter}. */
export interface SlidingWindowLimiterOptions {
  /** Time source; defaults to the system clock. */
  readonly clock?: Clock;
  /** Window the server counts a quota over, in ms; defaults to `QPS_WINDOW_MS` (1,000). */
  readonly windowMs?: number;
  /**
   * A permit not released this long after its start counts as released then (a safety net: the
   * client releases at its request deadline at the latest). Defaults to `REQUEST_TIMEOUT_MS`.
   */
  readonly maxHoldMs?: number;
  /**
   * How far ahead of the even schedule (one start per window/Q) a call may start, in ms; defaults to
   * `SPACING_TOLERANCE_MS`. 0 spaces every start a full window/Q after the previous one.
   */
  readonly spacingToleranceMs?: number;
}

/** Raised by `acquire` once the limiter was closed (the provider is shutting down). */
export class LimiterClosedError extends Error {
  readonly code = "LimiterClosed";
  constructor(reason: string) {
    super(`No new API calls are started: ${reason}`);
    this.name = "LimiterClosedError";
  }
}

/** A started call not yet released. */
class LivePermit implements Permit {
  released = false;
  constructor(
    private readonly limiter: SlidingWindowLimiter,
    private readonly bucket: Bucket,
    readonly startedAt: number,
  ) {}

  release(outcome: PermitOutcome = {}): void {
    if (this.released) return;
    this.released = true;
    this.limiter.onRelease(this.bucket, this, outcome);
  }
}

/** State of one bucket. */
interface Bucket {
  /** Calls started and not released yet. */
  readonly live: Set<LivePermit>;
  /** Ascending times (ms) until which released calls still count: release time + window. */
  readonly tails: number[];
  /** The quota of the most recent `acquire` (qpsOverrides may change it between calls). */
  quota: number;
  /** The most recent call's time on the even schedule (ms, fractional): from its real start to the tolerance after it. */
  lastAt: number;
  /** When the last throttling answer reduced the local rate (undefined: never). */
  throttledAt: number | undefined;
  /** The quota in force right after that answer; it recovers by steps from there. */
  throttledQuota: number;
  /** Settles when the last queued caller has started; the next caller waits on it (FIFO). */
  queue: Promise<void>;
  /** Wakes the caller at the head of the queue early (a permit was released, or the limiter closed). */
  wake: (() => void) | undefined;
}

/**
 * {@link SlidingWindowLimiter} keeps "a quota of Q means at most Q calls ARRIVE AT THE SERVER in any
 * window" (limits.ts) whatever the network delay, by counting each call as *live* from its start
 * until one window after its response (`permit.release()`), and starting a call only while fewer
 * than Q calls of its bucket are live. Why that holds under any jitter (docs/client.md): a call's
 * arrival lies between its start and its response, so if Q+1 arrivals fell in one window, the last
 * of those calls to start would have found the other Q still live when it started.
 *
 * Besides, starts follow an even schedule of one per window/Q, which a call may run ahead of by the
 * spacing tolerance (a generic cell rate algorithm): a window's calls are not released together after
 * an idle window, while slots that free close together (the round trips vary) are reused at once
 * (`SPACING_TOLERANCE_MS` says why). A throttling answer to a call started after the last reduction cuts the bucket's quota by
 * `THROTTLE_BACKOFF.factor`, recovering by `recoveryPerWindow` of the quota per window (another client
 * of the account may be using the same quota).
 *
 * Async-safe: callers of one bucket are chained, so they start in arrival order and never interleave
 * between the check and the record. Buckets are independent (one per AccessKeyId and action) and are
 * kept for the life of the process: there are at most (keys × actions) of them, each ≤ Q entries.
 */
export class SlidingWindowLimiter implements RateLimiter {
  private readonly clock: Clock;
  private readonly windowMs: number;
  private readonly maxHoldMs: number;
  private readonly spacingToleranceMs: number;
  private readonly buckets: Map<string, Bucket> = new Map();
  private closedReason: string | undefined;

  constructor(options: SlidingWindowLimiterOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.windowMs = options.windowMs ?? QPS_WINDOW_MS;
    this.maxHoldMs = options.maxHoldMs ?? REQUEST_TIMEOUT_MS;
    this.spacingToleranceMs = options.spacingToleranceMs ?? SPACING_TOLERANCE_MS;
    if (!(this.windowMs > 0)) throw new RangeError(`Expected \`windowMs\` to be a positive number, got ${this.windowMs}`);
    if (!(this.maxHoldMs > 0)) throw new RangeError(`Expected \`maxHoldMs\` to be a positive number, got ${this.maxHoldMs}`);
    if (!(this.spacingToleranceMs >= 0)) throw new RangeError(`Expected \`spacingToleranceMs\` to be a non-negative number, got ${this.spacingToleranceMs}`);
  }

  async acquire(bucketKey: string, quota: number): Promise<Permit> {
    if (!Number.isInteger(quota) || quota < 1) {
      throw new RangeError(`Expected \`quota\` to be a positive integer, got ${quota}`);
    }
    if (this.closedReason !== undefined) throw new LimiterClosedError(this.closedReason);
    let bucket = this.buckets.get(bucketKey);
    if (bucket === undefined) {
      bucket = { live: new Set(), tails: [], quota, lastAt: -Infinity, throttledAt: undefined, throttledQuota: quota, queue: Promise.resolve(), wake: undefined };
      this.buckets.set(bucketKey, bucket);
    }
    const previous = bucket.queue;
    let done!: () => void;
    bucket.queue = new Promise<void>((resolve) => (done = resolve));
    try {
      await previous;
      return await this.waitForSlot(bucket, quota);
    } finally {
      done();
    }
  }

  /**
   * Stops the limiter: every queued and future `acquire` rejects with a {@link LimiterClosedError}.
   * Calls already started finish. Used when the engine that started the provider is gone.
   */
  close(reason: string): void {
    if (this.closedReason !== undefined) return;
    this.closedReason = reason;
    for (const bucket of this.buckets.values()) bucket.wake?.();
  }

  /** Whether {@link close} was called. */
  get closed(): boolean {
    return this.closedReason !== undefined;
  }

  /** The quota in force in `bucketKey` now: `quota`, or less while recovering from a throttle. */
  effectiveQuota(bucketKey: string, quota: number): number {
    const bucket = this.buckets.get(bucketKey);
    return bucket === undefined ? quota : this.quotaNow(bucket, quota, this.clock.now());
  }

  /** Calls of `bucketKey` that count against its quota now (live, or released less than a window ago). */
  liveCount(bucketKey: string): number {
    const bucket = this.buckets.get(bucketKey);
    if (bucket === undefined) return 0;
    const now = this.clock.now();
    this.expire(bucket, now);
    return bucket.live.size + bucket.tails.length;
  }

  /** @internal Called by {@link LivePermit.release}. */
  onRelease(bucket: Bucket, permit: LivePermit, outcome: PermitOutcome): void {
    if (!bucket.live.delete(permit)) return; // expired already: its tail was recorded then
    const now = this.clock.now();
    insertSorted(bucket.tails, now + this.windowMs);
    // Only a throttle of a call started under the current rate lowers it again: a burst of answers
    // to calls started together counts once.
    if (outcome.throttled && (bucket.throttledAt === undefined || permit.startedAt > bucket.throttledAt)) {
      bucket.throttledQuota = Math.max(1, Math.floor(this.quotaNow(bucket, bucket.quota, now) * THROTTLE_BACKOFF.factor));
      bucket.throttledAt = now;
    }
    bucket.wake?.();
  }

  private quotaNow(bucket: Bucket, quota: number, now: number): number {
    if (bucket.throttledAt === undefined) return quota;
    const steps = Math.floor((now - bucket.throttledAt) / this.windowMs);
    const recovered = bucket.throttledQuota + Math.ceil(quota * THROTTLE_BACKOFF.recoveryPerWindow) * steps;
    if (recovered >= quota) {
      bucket.throttledAt = undefined;
      return quota;
    }
    return Math.max(1, Math.min(quota, recovered));
  }

  /** Permits held past `maxHoldMs` count as released at that moment. */
  private expire(bucket: Bucket, now: number): void {
    // A Set iterates in insertion order, which is start order: stop at the first permit still valid.
    for (const p of bucket.live) {
      if (p.startedAt + this.maxHoldMs > now) break;
      bucket.live.delete(p);
      insertSorted(bucket.tails, p.startedAt + this.maxHoldMs + this.windowMs);
    }
    while (bucket.tails.length > 0 && bucket.tails[0] <= now) bucket.tails.shift();
  }

  /** Sleeps until fewer than the quota are live and the schedule allows a start, then starts a call. */
  private async waitForSlot(bucket: Bucket, quota: number): Promise<LivePermit> {
    for (;;) {
      if (this.closedReason !== undefined) throw new LimiterClosedError(this.closedReason);
      const now = this.clock.now();
      this.expire(bucket, now);
      bucket.quota = quota;
      const q = this.quotaNow(bucket, quota, now);
      const held = bucket.live.size + bucket.tails.length;
      // Whole milliseconds; the schedule keeps its fraction, so it does not drift.
      const spacedAt = Math.floor(bucket.lastAt + this.windowMs / q - this.spacingToleranceMs);
      if (held < q && now >= spacedAt) {
        const permit = new LivePermit(this, bucket, now);
        bucket.live.add(permit);
        bucket.lastAt = Math.max(now, bucket.lastAt + this.windowMs / q);
        return permit;
      }
      let at = Infinity;
      if (held < q) at = spacedAt;
      else {
        const mustLeave = held - q + 1;
        if (mustLeave <= bucket.tails.length) at = bucket.tails[mustLeave - 1];
        else {
          // Not enough tails end by themselves: a release (which wakes us) or the oldest permit's expiry must come first.
          const oldest = bucket.live.values().next().value as LivePermit | undefined;
          if (oldest !== undefined) at = oldest.startedAt + this.maxHoldMs;
        }
      }
      if (bucket.throttledAt !== undefined) at = Math.min(at, bucket.throttledAt + this.windowMs * (Math.floor((now - bucket.throttledAt) / this.windowMs) + 1));
      const controller = new AbortController();
      bucket.wake = () => controller.abort();
      try {
        await this.clock.sleep(Math.max(1, Math.ceil(at - now)), controller.signal);
      } finally {
        bucket.wake = undefined;
      }
    }
  }
}

/** Inserts `value` into the ascending array `list`. */
function insertSorted(list: number[], value: number): void {
  let i = list.length;
  while (i > 0 && list[i - 1] > value) i--;
  list.splice(i, 0, value);
}
