import { limitsFor, QPS_WINDOW_MS } from "../../provider/limits";
import { ArrivalWindow } from "./arrivalWindow";

/**
 * Per-account, per-action flow control with the quotas of `provider/limits.ts` — the same table the
 * client's rate limiter reads.
 *
 * Semantics (limits.ts): a quota of Q means at most Q calls ARRIVE in any window of QPS_WINDOW_MS, as
 * a gateway counts them: a call is stamped when its request is read (server.ts), not when its
 * handler runs. A call arriving at t is admitted when every window (s − W, s] containing t would
 * still hold at most Q admitted arrivals. Throttled calls are not admitted, so they use no quota.
 */

/** A quota of 0 or less (or Infinity) means "never throttle". */
export type QpsOverrides = Readonly<Record<string, number>>;

export class Throttle {
  private readonly windows = new Map<string, { qps: number; arrivals: ArrivalWindow }>();

  constructor(
    private readonly overrides: QpsOverrides = {},
    readonly windowMs: number = QPS_WINDOW_MS,
  ) {}

  /** The quota applied to `action`: an override for the action, else `*`, else ACTION_LIMITS. */
  qpsFor(action: string): number {
    const o = this.overrides[action] ?? this.overrides["*"];
    return o !== undefined ? o : limitsFor(action).qps;
  }

  /** Returns false when the call arriving at `arrivedAt` must be throttled; otherwise records it. */
  admit(account: string, action: string, arrivedAt: number): boolean {
    const qps = this.qpsFor(action);
    if (!(qps > 0) || qps === Infinity) return true;
    const key = `${account}\u0000${action}`;
    let entry = this.windows.get(key);
    if (!entry || entry.qps !== qps) {
      entry = { qps, arrivals: new ArrivalWindow(this.windowMs) };
      this.windows.set(key, entry);
    }
    if (entry.arrivals.busiestWith(arrivedAt) > Math.floor(qps)) return false;
    entry.arrivals.add(arrivedAt);
    return true;
  }

  reset(): void {
    this.windows.clear();
  }
}
