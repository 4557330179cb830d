import { FakeClock as EmulatorFakeClock } from "../../emulator/index";
import type { Clock } from "../../provider/retry/Clock";

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
 * The tests' one virtual clock: the emulator's shipped FakeClock (`now`, `advance`, `set`: what
 * `startEmulator({ clock })` takes) plus the `sleep` of the provider's Clock (limiter, retries,
 * polling). Time moves only when the test says so, in one of three ways:
 *  - `advance(ms)` / `set(ms)` move it and wake every sleep that is due: for waits that interleave
 *    with real I/O (a Redis round trip), where "nothing else can run" cannot be told from waiting on
 *    a socket; `sleeping(n)` resolves once n sleeps are pending, so the test waits on events;
 *  - `run(promise)` moves it to the next deadline whenever nothing else can run, until `promise`
 *    settles (fails if it waits with no sleep pending);
 *  - with `{ sleepAdvances: true }`, each `sleep(ms)` moves time by `ms` at once: for code that
 *    waits alone, such as a poll loop against an in-memory fake.
 * `sleeps` records every sleep requested, in order.
 */
export class FakeClock extends EmulatorFakeClock implements Clock {
  private seq = 0;
  private timers: Timer[] = [];
  private watchers: (() => void)[] = [];
  private readonly sleepAdvances: boolean;
  /** Every `sleep(ms)` requested, in order. */
  readonly sleeps: number[] = [];

  constructor(startMs = Date.UTC(2024, 0, 1), options: { sleepAdvances?: boolean } = {}) {
    super(startMs);
    this.sleepAdvances = options.sleepAdvances ?? false;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    this.sleeps.push(ms);
    if (this.sleepAdvances) {
      if (!signal?.aborted) super.advance(Math.max(0, ms));
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer: Timer = { at: this.now() + Math.max(0, ms), seq: this.seq++, resolve };
      this.timers.push(timer);
      signal?.addEventListener(
        "abort",
        () => {
          this.timers = this.timers.filter((t) => t !== timer);
          resolve();
        },
        { once: true },
      );
      for (const w of this.watchers.splice(0)) w();
    });
  }

  /** Sleeps pending (tests assert a cancelled wait left none behind). */
  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Resolves when at least `n` sleeps are pending. */
  async sleeping(n: number): Promise<void> {
    while (this.timers.length < n) await new Promise<void>((resolve) => this.watchers.push(resolve));
  }

  /** Moves time forward by `ms` and wakes every sleep that is due. */
  override advance(ms: number): void {
    super.advance(ms);
    this.wakeDue();
  }

  /** Sets the time and wakes every sleep that is due. */
  override set(ms: number): void {
    super.set(ms);
    this.wakeDue();
  }

  /** Drives time forward until `promise` settles; fails if it waits with no sleep pending. */
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
      super.set(Math.max(this.now(), next.at));
      next.resolve();
    }
  }

  private wakeDue(): void {
    const now = this.now();
    const due = this.timers.filter((t) => t.at <= now);
    this.timers = this.timers.filter((t) => t.at > now);
    for (const t of due) t.resolve();
  }
}
