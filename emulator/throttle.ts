import { limitsFor, QPS_WINDOW_MS } from "../provider/limits";

/**
 * Per-account, per-action flow control with the quotas of `provider/limits.ts` — the same table the
 * client's rate limiter reads, so the emulator throttles exactly where the client plans to stay.
 *
 * Semantics (limits.ts): a quota of Q means at most Q calls START in any window of QPS_WINDOW_MS.
 * A call at time t is admitted when fewer than Q admitted calls started in (t − window, t]; the
 * start times of the last Q admitted calls are kept in a ring, so the check is O(1). Throttled calls
 * do not start, so they do not use quota.
 */

/** A quota of 0 or less (or Infinity) means "never throttle". */
export type QpsOverrides = Readonly<Record<string, number>>;

class Ring {
  private readonly starts: Float64Array;
  private next = 0;
  private filled = 0;
  constructor(readonly qps: number) {
    this.starts = new Float64Array(qps);
  }
  admit(now: number, windowMs: number): boolean {
    if (this.filled === this.qps) {
      // starts[next] is the oldest of the last Q admitted starts.
      if (now - this.starts[this.next] < windowMs) return false;
    } else {
      this.filled++;
    }
    this.starts[this.next] = now;
    this.next = (this.next + 1) % this.qps;
    return true;
  }
}

export class Throttle {
  private readonly rings = new Map<string, Ring>();

  constructor(
    private readonly overrides: QpsOverrides = {},
    readonly windowMs: number = QPS_WINDOW_MS,
  ) {}

  /** The quota applied to `action`: an override for the action, else `*`, else ACTION_LIMITS. */
  qpsFor(action: string): number {
    const o = this.overrides[action] ?? this.overrides["*"];
    return o !== undefined ? o : limitsFor(action).qps;
  }

  /** Returns false when the call must be throttled; otherwise records its start. */
  admit(account: string, action: string, now: number): boolean {
    const qps = this.qpsFor(action);
    if (!(qps > 0) || qps === Infinity) return true;
    const key = `${account}\u0000${action}`;
    let ring = this.rings.get(key);
    if (!ring || ring.qps !== qps) {
      ring = new Ring(Math.floor(qps));
      this.rings.set(key, ring);
    }
    return ring.admit(now, this.windowMs);
  }

  reset(): void {
    this.rings.clear();
  }
}
