import type { Clock } from "../../provider/retry/Clock";

interface Timer {
  readonly at: number;
  readonly resolve: () => void;
}

/**
 * A virtual clock moved only by the test (`advance`), for code whose waits interleave with real
 * I/O (a Redis round trip), where FakeClock's "advance when idle" cannot tell idle from waiting on
 * a socket. `sleeping(n)` resolves once n sleeps are pending, so a test waits on events, never on
 * the wall clock.
 */
export class ManualClock implements Clock {
  private time: number;
  private timers: Timer[] = [];
  private watchers: (() => void)[] = [];
  /** Every `sleep(ms)` requested, in order. */
  readonly sleeps: number[] = [];

  constructor(startMs = Date.UTC(2024, 0, 1)) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    return new Promise((resolve) => {
      this.timers.push({ at: this.time + Math.max(0, ms), resolve });
      for (const w of this.watchers.splice(0)) w();
    });
  }

  /** Pending sleeps. */
  get pending(): number {
    return this.timers.length;
  }

  /** Resolves when at least `n` sleeps are pending. */
  async sleeping(n: number): Promise<void> {
    while (this.timers.length < n) await new Promise<void>((resolve) => this.watchers.push(resolve));
  }

  /** Moves time forward by `ms` and wakes every sleep that is due. */
  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.resolve();
  }
}
