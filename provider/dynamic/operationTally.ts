import type { RetryInfo } from "../client/RpcClient";

/** Counts an operation's API calls, retries and throttles, for its one-line closing summary. */
export interface OperationTally {
  /** Pass as the client's `onRetry`. */
  readonly onRetry: (info: RetryInfo) => void;
  /** Adds accepted calls. */
  called(n?: number): void;
  /** "<what>: 250 calls, 3 retries (2 throttled), 25.4 s". */
  line(what: string): string;
  /** Whether a closing summary says anything worth a line: more than one call, or any retry. */
  worthSummary(): boolean;
}

const fmt = (n: number): string => n.toLocaleString("en-US");
const plural = (n: number, one: string, many: string): string => `${fmt(n)} ${n === 1 ? one : many}`;

/** A retry whose error code is a throttle (`Throttling`, `Throttling.User`, `Throttling.Api`, …). */
export function isThrottleCode(code: string): boolean {
  return code === "Throttling" || code.startsWith("Throttling.");
}

/** Starts a tally now; `now` (ms) is injectable so tests need no wall clock. */
export function operationTally(now: () => number = Date.now): OperationTally {
  const started = now();
  let calls = 0;
  let retries = 0;
  let throttles = 0;
  return {
    onRetry(info: RetryInfo): void {
      retries++;
      if (isThrottleCode(info.code)) throttles++;
    },
    called(n = 1): void {
      calls += n;
    },
    worthSummary(): boolean {
      return calls > 1 || retries > 0;
    },
    line(what: string): string {
      const seconds = Math.max(0, now() - started) / 1000;
      return `${what}: ${plural(calls, "call", "calls")}, ${plural(retries, "retry", "retries")} (${fmt(throttles)} throttled), ${seconds.toFixed(1)} s`;
    },
  };
}
