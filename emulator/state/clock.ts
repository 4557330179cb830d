/**
 * Time source of the emulator. Everything that depends on time — the timestamp window, nonce
 * expiry, the QPS sliding window, async job delays, record timestamps — reads `clock.now()`, so
 * tests can inject a `FakeClock` and never wait for the wall clock.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to. Starts at `start` (default: the real time at creation). */
export class FakeClock implements Clock {
  private t: number;
  constructor(start: number = Date.now()) {
    this.t = start;
  }
  now(): number {
    return this.t;
  }
  advance(ms: number): void {
    this.t += ms;
  }
  set(ms: number): void {
    this.t = ms;
  }
}

/** A clock shifted by an adjustable offset (the admin endpoint POST /_emulator/clock moves it). */
export class OffsetClock implements Clock {
  offsetMs = 0;
  constructor(private readonly base: Clock) {}
  now(): number {
    return this.base.now() + this.offsetMs;
  }
}
