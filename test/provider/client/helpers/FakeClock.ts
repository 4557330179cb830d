import type { Clock } from "../../../../provider/retry/Clock";

interface Timer {
  readonly at: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/** Lets every queued promise job run (the microtask queue drains before a macrotask). */
export function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * A virtual clock: `sleep` parks the caller until `run` advances time to its deadline. Time moves
 * only when nothing else can run, so tests never depend on the wall clock.
 */
export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private timers: Timer[] = [];
  /** Every `sleep(ms)` requested, in order. */
  readonly sleeps: number[] = [];

  constructor(startMs = Date.UTC(2024, 0, 1)) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer: Timer = { at: this.time + Math.max(0, ms), seq: this.seq++, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        "abort",
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          resolve();
        },
        { once: true },
      );
    });
  }

  /** Timers pending (tests assert a cancelled wait left none behind). */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Drives time forward until `promise` settles; fails if it waits with no timer pending. */
  async run<T>(promise: Promise<T>): Promise<T> {
    let settled = false;
    promise.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await flushMicrotasks();
      if (settled) return promise;
      if (this.timers.length === 0) throw new Error("FakeClock.run: the promise is pending and no timer is set");
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift() as Timer;
      this.time = Math.max(this.time, next.at);
      next.resolve();
    }
  }
}
