/**
 * {@link ArrivalWindow} holds the arrival times of one stream of calls (one account and action) and
 * answers "how many arrivals does the busiest window (s − W, s] containing t hold?" — the question a
 * gateway's sliding-window quota and the busiest-window statistic both ask.
 *
 * Arrivals are stamped when a request is read, but handled when its body has arrived, so they may be
 * added slightly out of order: times are kept sorted, and a late-added time also checks the windows
 * ending at the later arrivals it falls into. Times older than two windows before the latest are
 * dropped (an arrival added that late would see a partial history).
 */
export class ArrivalWindow {
  private times: number[] = [];
  private head = 0;
  private latest = -Infinity;

  constructor(readonly windowMs: number) {}

  /** The most arrivals in one window containing `t`, counting `t` itself (not added). */
  busiestWith(t: number): number {
    const w = this.windowMs;
    let most = this.countIn(t - w, t) + 1;
    for (let i = this.upperBound(t); i < this.times.length && this.times[i] < t + w; i++) {
      most = Math.max(most, this.countIn(this.times[i] - w, this.times[i]) + 1);
    }
    return most;
  }

  /** Records an arrival at `t`. */
  add(t: number): void {
    const at = this.upperBound(t);
    if (at === this.times.length) this.times.push(t);
    else this.times.splice(at, 0, t);
    if (t > this.latest) this.latest = t;
    const horizon = this.latest - 2 * this.windowMs;
    while (this.head < this.times.length && this.times[this.head] <= horizon) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
  }

  /** Arrivals in (lo, hi]. */
  private countIn(lo: number, hi: number): number {
    return this.upperBound(hi) - this.upperBound(lo);
  }

  /** Index of the first kept time > `t`. */
  private upperBound(t: number): number {
    let lo = this.head;
    let hi = this.times.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.times[mid] <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
