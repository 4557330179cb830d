/** Renews, in Redis, the leases of the given calls of one bucket (its `live` key). */
export type RenewLeases = (live: string, ids: string[]) => Promise<unknown>;

/** Options of a {@link LeaseRenewer}. */
export interface LeaseRenewerOptions {
  /** How often the timer renews, ms. */
  readonly everyMs: number;
  /** Renew on a timer (default). False: only `renewNow()` renews (tests on a virtual clock). */
  readonly auto: boolean;
  /** A call held this long (Date.now ms since its start) is no longer renewed, so its lease runs out. */
  readonly maxHoldMs: number;
  readonly renew: RenewLeases;
}

/**
 * The calls this process has in flight in Redis, per bucket, and the timer that renews their leases
 * every `everyMs` while there is at least one (a process with nothing in flight runs no timer). The
 * timer is unref'd: it never keeps a process alive. A call is renewed until it is removed (its
 * answer came) or `maxHoldMs` after its start (a safety net: the client releases at its request
 * deadline at the latest).
 */
export class LeaseRenewer {
  /** `live` key → call id → start (Date.now ms). */
  private readonly inFlight = new Map<string, Map<string, number>>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LeaseRenewerOptions) {}

  add(live: string, id: string): void {
    let calls = this.inFlight.get(live);
    if (calls === undefined) {
      calls = new Map();
      this.inFlight.set(live, calls);
    }
    calls.set(id, Date.now());
    if (this.timer === undefined && this.options.auto) {
      this.timer = setInterval(() => void this.renewNow(), this.options.everyMs);
      this.timer.unref();
    }
  }

  remove(live: string, id: string): void {
    const calls = this.inFlight.get(live);
    calls?.delete(id);
    if (calls !== undefined && calls.size === 0) this.inFlight.delete(live);
    if (this.inFlight.size === 0) this.stopTimer();
  }

  /** Renews the leases of every call in flight now, one script per bucket. */
  async renewNow(): Promise<void> {
    const jobs: Promise<unknown>[] = [];
    const oldest = Date.now() - this.options.maxHoldMs;
    for (const [live, calls] of this.inFlight) {
      for (const [id, startedAt] of calls) if (startedAt < oldest) calls.delete(id); // never released: let its lease run out
      if (calls.size === 0) {
        this.inFlight.delete(live);
        continue;
      }
      jobs.push(this.options.renew(live, [...calls.keys()]));
    }
    if (this.inFlight.size === 0) this.stopTimer();
    await Promise.all(jobs);
  }

  /** Forgets every call and stops the timer (their leases lapse on their own). */
  clear(): void {
    this.stopTimer();
    this.inFlight.clear();
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
