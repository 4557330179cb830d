import { QPS_WINDOW_MS } from "../provider/limits";

/**
 * Per-action counters for GET /_emulator/stats.
 *
 * - `calls`: every request that named the action (authentication failures included);
 * - `throttled`: answered with a throttling code (quota or injected);
 * - `errors`: answered with any error (gateway or business, throttling included);
 * - `maxCallsInAnyOneSecondWindow`: the most `calls` that arrived within any QPS_WINDOW_MS window
 *   (measured on the emulator's clock) — what a client's rate limiter is judged by.
 */
export interface ActionStats {
  calls: number;
  throttled: number;
  errors: number;
  maxCallsInAnyOneSecondWindow: number;
}

class Counter implements ActionStats {
  calls = 0;
  throttled = 0;
  errors = 0;
  maxCallsInAnyOneSecondWindow = 0;
  private window: number[] = [];
  private head = 0;

  call(now: number, windowMs: number): void {
    this.calls++;
    const w = this.window;
    w.push(now);
    while (this.head < w.length && w[this.head] <= now - windowMs) this.head++;
    const inWindow = w.length - this.head;
    if (inWindow > this.maxCallsInAnyOneSecondWindow) this.maxCallsInAnyOneSecondWindow = inWindow;
    if (this.head > 1024 && this.head * 2 > w.length) {
      this.window = w.slice(this.head);
      this.head = 0;
    }
  }

  toJSON(): ActionStats {
    return { calls: this.calls, throttled: this.throttled, errors: this.errors, maxCallsInAnyOneSecondWindow: this.maxCallsInAnyOneSecondWindow };
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
      c = new Counter();
      this.actions.set(action, c);
    }
    return c;
  }

  call(action: string, now: number): void {
    this.counter(action).call(now, this.windowMs);
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
  }
}
