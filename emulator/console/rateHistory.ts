/**
 * Calls and throttled answers per action per second, for the console's quota view: the last
 * HISTORY_SECONDS seconds on the emulator's clock, kept in fixed rings (no allocation per call).
 * Counted where GET /_emulator/stats counts (`calls` on arrival, `throttled` on a throttling answer).
 */

export const HISTORY_SECONDS = 180;

class Ring {
  readonly second = new Float64Array(HISTORY_SECONDS).fill(-1);
  readonly calls = new Int32Array(HISTORY_SECONDS);
  readonly throttled = new Int32Array(HISTORY_SECONDS);

  slot(sec: number): number {
    const i = sec % HISTORY_SECONDS;
    if (this.second[i] !== sec) {
      this.second[i] = sec;
      this.calls[i] = 0;
      this.throttled[i] = 0;
    }
    return i;
  }
}

export interface RateSeries {
  /** Epoch seconds, oldest first, one per second up to `now`. */
  seconds: number[];
  calls: number[];
  throttled: number[];
}

export class RateHistory {
  private readonly rings = new Map<string, Ring>();

  private ring(action: string): Ring {
    let r = this.rings.get(action);
    if (!r) {
      r = new Ring();
      this.rings.set(action, r);
    }
    return r;
  }

  call(action: string, nowMs: number): void {
    const r = this.ring(action);
    r.calls[r.slot(Math.floor(nowMs / 1000))]++;
  }

  throttled(action: string, nowMs: number): void {
    const r = this.ring(action);
    r.throttled[r.slot(Math.floor(nowMs / 1000))]++;
  }

  actions(): string[] {
    return [...this.rings.keys()].sort();
  }

  /** The last `seconds` whole seconds ending with the one holding `nowMs` (zeros where nothing arrived). */
  series(action: string, nowMs: number, seconds = HISTORY_SECONDS): RateSeries {
    const n = Math.min(seconds, HISTORY_SECONDS);
    const end = Math.floor(nowMs / 1000);
    const out: RateSeries = { seconds: [], calls: [], throttled: [] };
    const r = this.rings.get(action);
    for (let sec = end - n + 1; sec <= end; sec++) {
      const i = sec % HISTORY_SECONDS;
      const hit = r !== undefined && r.second[i] === sec;
      out.seconds.push(sec);
      out.calls.push(hit ? r.calls[i] : 0);
      out.throttled.push(hit ? r.throttled[i] : 0);
    }
    return out;
  }

  reset(): void {
    this.rings.clear();
  }
}
