import { QPS_WINDOW_MS } from "../../provider/limits";
import { ArrivalWindow } from "./arrivalWindow";

/**
 * Per-action counters for GET /_emulator/stats.
 *
 * - `calls`: every request that named the action (authentication failures included);
 * - `throttled`: answered with a throttling code (quota or injected);
 * - `errors`: answered with any error (gateway or business, throttling included);
 * - `maxCallsInAnyOneSecondWindow`: the most `calls` that arrived within any QPS_WINDOW_MS window
 *   (measured on the emulator's clock, each call stamped when its request was read, as a gateway
 *   counts) — what a client's rate limiter is judged by;
 * - `callsByAccessKeyId`: the calls that passed authentication, per AccessKeyId, so a
 *   benchmark of several clients of one account can tell each one's share of a quota.
 *
 * `lastCallAt` (ms on the emulator's clock) is when the most recent call of any action arrived.
 */
export interface ActionStats {
  calls: number;
  throttled: number;
  errors: number;
  maxCallsInAnyOneSecondWindow: number;
  callsByAccessKeyId: Record<string, number>;
}

class Counter {
  calls = 0;
  throttled = 0;
  errors = 0;
  maxCallsInAnyOneSecondWindow = 0;
  readonly byKey = new Map<string, number>();
  private readonly arrivals: ArrivalWindow;

  constructor(windowMs: number) {
    this.arrivals = new ArrivalWindow(windowMs);
  }

  call(arrivedAt: number): void {
    this.calls++;
    const busiest = this.arrivals.busiestWith(arrivedAt);
    if (busiest > this.maxCallsInAnyOneSecondWindow) this.maxCallsInAnyOneSecondWindow = busiest;
    this.arrivals.add(arrivedAt);
  }

  toJSON(): ActionStats {
    return {
      calls: this.calls,
      throttled: this.throttled,
      errors: this.errors,
      maxCallsInAnyOneSecondWindow: this.maxCallsInAnyOneSecondWindow,
      callsByAccessKeyId: Object.fromEntries(this.byKey),
    };
  }
}

export class Stats {
  private readonly actions = new Map<string, Counter>();
  since: number;

  constructor(
    now: number,
    private readonly windowMs: number = QPS_WINDOW_MS,
  ) {
    this.since = now;
  }

  private counter(action: string): Counter {
    let c = this.actions.get(action);
    if (!c) {
      c = new Counter(this.windowMs);
      this.actions.set(action, c);
    }
    return c;
  }

  /** When the most recent call arrived (undefined: none since the last reset). */
  lastCallAt: number | undefined;

  call(action: string, arrivedAt: number): void {
    this.counter(action).call(arrivedAt);
    if (this.lastCallAt === undefined || arrivedAt > this.lastCallAt) this.lastCallAt = arrivedAt;
  }

  /** The call of `action` counted last came signed by `accessKeyId`. */
  caller(action: string, accessKeyId: string): void {
    const byKey = this.counter(action).byKey;
    byKey.set(accessKeyId, (byKey.get(accessKeyId) ?? 0) + 1);
  }

  error(action: string, code: string): void {
    const c = this.counter(action);
    c.errors++;
    if (code.startsWith("Throttling") || code === "iot.common.HighFrequentDeny") c.throttled++;
  }

  snapshot(): Record<string, ActionStats> {
    const out: Record<string, ActionStats> = {};
    for (const [a, c] of [...this.actions.entries()].sort((x, y) => x[0].localeCompare(y[0]))) out[a] = c.toJSON();
    return out;
  }

  reset(now: number): void {
    this.actions.clear();
    this.since = now;
    this.lastCallAt = undefined;
  }
}
