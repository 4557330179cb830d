import { RETRY } from "../limits";
import type { ErrorClass } from "../errors/classifyError";
import { classifyError, wasNotExecuted } from "../errors/classifyError";
import type { RetryRefusal } from "../errors/IotApiError";

/** Options of a {@link RetryStrategy}; defaults come from `RETRY` in limits.ts. */
export interface RetryStrategyOptions {
  /** Attempts per call, the first included. */
  readonly maxAttempts?: number;
  /** Backoff ceiling of the first retry after a transient error, ms. */
  readonly baseDelayMs?: number;
  /** Backoff ceiling of the first retry after a throttling error, ms. */
  readonly throttlingBaseDelayMs?: number;
  /** Largest single backoff, ms. */
  readonly maxDelayMs?: number;
  /** Budget of one call, ms: no retry is scheduled past it (attempts and backoff waits, see RETRY.maxTotalMs). */
  readonly maxTotalMs?: number;
  /** Uniform in [0, 1); tests pass a constant or a seeded generator. */
  readonly random?: () => number;
}

/** What the retry loop knows when an attempt has failed. */
export interface RetryContext {
  readonly error: unknown;
  /** The attempt that just failed, 1-based. */
  readonly attempt: number;
  /** Time spent on this call so far, ms: its attempts and backoff waits (not the waits for the rate limiter). */
  readonly elapsedMs: number;
  /** False for actions a second execution would repeat (nonIdempotentActions.ts). */
  readonly idempotent: boolean;
}

/** The strategy's answer: retry after `delayMs`, or stop for a named reason. */
export type RetryDecision =
  | { readonly retry: true; readonly delayMs: number; readonly errorClass: ErrorClass }
  | { readonly retry: false; readonly reason: RetryRefusal; readonly errorClass: ErrorClass };

/**
 * Refusal reasons, checked in this order:
 * - `notRetryable`: the error class is `client` or `server` (classifyError.ts tables).
 * - `outcomeUnknown`: retryable class, but the action is not idempotent and the error does not prove
 *   the request went unexecuted (a timeout after sending may have created the driver).
 * - `attemptsExhausted`: `maxAttempts` attempts were made.
 * - `timeBudgetExhausted`: waiting the backoff would pass `maxTotalMs` of time spent on the call.
 */
export const REFUSAL_REASONS: readonly RetryRefusal[] = ["notRetryable", "outcomeUnknown", "attemptsExhausted", "timeBudgetExhausted"];

/**
 * {@link RetryStrategy} decides whether a failed attempt is retried and after how long: exponential
 * backoff with "equal jitter" — the delay is uniform in [c/2, c] with c = min(maxDelay, base·2^(n−1))
 * — so a retry never fires at once yet concurrent callers spread out. Throttling starts from a larger
 * base (one QPS window). Pure apart from `random`; the loop itself lives in RpcClient.
 */
export class RetryStrategy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly throttlingBaseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxTotalMs: number;
  private readonly random: () => number;

  constructor(options: RetryStrategyOptions = {}) {
    this.maxAttempts = options.maxAttempts ?? RETRY.maxAttempts;
    this.baseDelayMs = options.baseDelayMs ?? RETRY.baseDelayMs;
    this.throttlingBaseDelayMs = options.throttlingBaseDelayMs ?? RETRY.throttlingBaseDelayMs;
    this.maxDelayMs = options.maxDelayMs ?? RETRY.maxDelayMs;
    this.maxTotalMs = options.maxTotalMs ?? RETRY.maxTotalMs;
    this.random = options.random ?? Math.random;
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) {
      throw new RangeError(`Expected \`maxAttempts\` to be a positive integer, got ${this.maxAttempts}`);
    }
    for (const [name, value] of [
      ["baseDelayMs", this.baseDelayMs],
      ["throttlingBaseDelayMs", this.throttlingBaseDelayMs],
      ["maxDelayMs", this.maxDelayMs],
      ["maxTotalMs", this.maxTotalMs],
    ] as const) {
      if (!(value >= 0)) throw new RangeError(`Expected \`${name}\` to be a non-negative number, got ${value}`);
    }
  }

  /** Decides what to do after attempt `ctx.attempt` failed with `ctx.error`. */
  decide(ctx: RetryContext): RetryDecision {
    const errorClass = classifyError(ctx.error);
    if (errorClass !== "throttling" && errorClass !== "transient") return { retry: false, reason: "notRetryable", errorClass };
    if (!ctx.idempotent && !wasNotExecuted(ctx.error)) return { retry: false, reason: "outcomeUnknown", errorClass };
    if (ctx.attempt >= this.maxAttempts) return { retry: false, reason: "attemptsExhausted", errorClass };
    const delayMs = this.delayFor(ctx.attempt, errorClass);
    if (ctx.elapsedMs + delayMs > this.maxTotalMs) return { retry: false, reason: "timeBudgetExhausted", errorClass };
    return { retry: true, delayMs, errorClass };
  }

  /** Backoff before attempt `failedAttempt + 1`, ms (integer). */
  delayFor(failedAttempt: number, errorClass: ErrorClass): number {
    const base = errorClass === "throttling" ? this.throttlingBaseDelayMs : this.baseDelayMs;
    const ceiling = Math.min(this.maxDelayMs, base * 2 ** (failedAttempt - 1));
    return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
  }
}
