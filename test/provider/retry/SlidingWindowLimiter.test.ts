import assert from "node:assert/strict";
import { SPACING_TOLERANCE_MS, THROTTLE_BACKOFF } from "../../../provider/limits";
import type { Permit } from "../../../provider/retry/RateLimiter";
import { LimiterClosedError, SlidingWindowLimiter } from "../../../provider/retry/SlidingWindowLimiter";
import { FakeClock } from "../../helpers/FakeClock";
import { seededRandom } from "../client/helpers/seededRandom";

/** Largest number of times in any window (t − windowMs, t]; the maximum is reached at one of the times. */
function maxInAnyWindow(times: number[], windowMs = 1000): number {
  return Math.max(0, ...times.map((t) => times.filter((s) => s > t - windowMs && s <= t).length));
}

describe(SlidingWindowLimiter.name, () => {
  let clock: FakeClock;
  let limiter: SlidingWindowLimiter;
  let t0: number;

  beforeEach(() => {
    clock = new FakeClock();
    limiter = new SlidingWindowLimiter({ clock });
    t0 = clock.now();
  });

  /** Runs `n` concurrent calls in `bucket` that are answered at once; returns each start offset (ms from t0). */
  async function startConcurrently(n: number, bucket: string, quota: number): Promise<number[]> {
    const starts: number[] = [];
    await clock.run(
      Promise.all(
        Array.from({ length: n }, () =>
          limiter.acquire(bucket, quota).then((permit) => {
            starts.push(clock.now() - t0);
            permit.release();
          }),
        ),
      ),
    );
    return starts;
  }

  /**
   * Simulates calls over a network with a seeded random delay each way: the server counts a call when
   * the request arrives (start + uplink), the client releases its permit when the response arrives
   * (arrival + downlink). Returns the arrival offsets and the time the last response came.
   */
  async function overJitteredNetwork(n: number, quota: number, maxDelayMs: [number, number], seed: number): Promise<{ arrivals: number[]; starts: number[]; endMs: number }> {
    const random = seededRandom(seed);
    const arrivals: number[] = [];
    const starts: number[] = [];
    await clock.run(
      Promise.all(
        Array.from({ length: n }, async () => {
          const permit = await limiter.acquire("k", quota);
          starts.push(clock.now() - t0);
          await clock.sleep(Math.round(random() * maxDelayMs[0]));
          arrivals.push(clock.now() - t0);
          await clock.sleep(Math.round(random() * maxDelayMs[1]));
          permit.release();
        }),
      ),
    );
    return { arrivals, starts, endMs: clock.now() - t0 };
  }

  /** Calls per window reached between the first and the last start, as a fraction of `quota`. */
  function rateOfQuota(starts: number[], quota: number): number {
    return ((starts.length - 1) * 1000) / (Math.max(...starts) - Math.min(...starts)) / quota;
  }

  it("at 50 QPS starts 6 of 50 concurrent calls at once (1 + tolerance × Q / window), then one every 20 ms", async () => {
    assert.equal(SPACING_TOLERANCE_MS, 100);
    const starts = await startConcurrently(50, "ak/DeleteDevice", 50);
    assert.deepEqual(starts, [0, 0, 0, 0, 0, ...Array.from({ length: 45 }, (_, i) => i * 20)]);
  });

  it("at 5 QPS lets a start run at most the tolerance ahead of the 200 ms schedule, never more than 5 in any 1-s window", async () => {
    const starts = await startConcurrently(30, "ak/BatchAddThingTopo", 5);
    // The second call is 100 ms early on its schedule; from then on the slots free 200 ms apart.
    assert.deepEqual(starts, Array.from({ length: 30 }, (_, i) => (i % 5 === 0 ? i * 200 : i * 200 - 100)));
    assert.equal(maxInAnyWindow(starts), 5);
  });

  it("with spacingToleranceMs 0 spaces 30 concurrent calls at 5 QPS exactly 200 ms apart", async () => {
    limiter = new SlidingWindowLimiter({ clock, spacingToleranceMs: 0 });
    const starts = await startConcurrently(30, "ak/BatchAddThingTopo", 5);
    assert.deepEqual(starts, Array.from({ length: 30 }, (_, i) => i * 200));
  });

  it("serves waiters first in, first out", async () => {
    const order: number[] = [];
    await clock.run(Promise.all(Array.from({ length: 12 }, (_, i) => limiter.acquire("b", 3).then((p) => (order.push(i), p.release())))));
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("does not let two actions or two AccessKeyIds share a bucket", async () => {
    const starts = await Promise.all([startConcurrently(3, "ak1/a", 3), startConcurrently(3, "ak1/b", 3), startConcurrently(3, "ak2/a", 3)]);
    // Each bucket on its own schedule of 333.3 ms, each start 100 ms ahead of it.
    assert.deepEqual(starts, [
      [0, 233, 566],
      [0, 233, 566],
      [0, 233, 566],
    ]);
  });

  it("counts a call until one window after its response, however late the response", async () => {
    const first = await clock.run(limiter.acquire("k", 1));
    await clock.run(clock.sleep(700));
    first.release();
    assert.equal(limiter.liveCount("k"), 1);
    await clock.run(limiter.acquire("k", 1));
    assert.equal(clock.now() - t0, 1700);
  });

  it("keeps at most Q arrivals in any server window under 0-80 ms jitter each way, at >= 0.9 of the quota", async () => {
    for (const seed of [1, 2, 3]) {
      clock = new FakeClock();
      limiter = new SlidingWindowLimiter({ clock });
      t0 = clock.now();
      const { arrivals, endMs } = await overJitteredNetwork(500, 50, [80, 80], seed);
      assert.equal(arrivals.length, 500);
      assert.ok(maxInAnyWindow(arrivals) <= 50, `seed ${seed}: ${maxInAnyWindow(arrivals)} arrivals in one window`);
      // 500 calls at 50 QPS take >= 9 windows; each slot is held for a window plus a round trip (<= 160 ms).
      assert.ok(endMs <= 10 * 1160, `seed ${seed}: took ${endMs} ms`);
    }
  });

  it("reaches >= 0.95 of the quota at 0-80 ms jitter on the way in (the bound W/(W+RTT) is 0.96), never more than Q arrivals in any server window", async () => {
    for (const seed of [1, 2, 3]) {
      clock = new FakeClock();
      limiter = new SlidingWindowLimiter({ clock });
      t0 = clock.now();
      const { arrivals, starts } = await overJitteredNetwork(1000, 50, [80, 0], seed);
      assert.ok(maxInAnyWindow(arrivals) <= 50, `seed ${seed}: ${maxInAnyWindow(arrivals)} arrivals in one window`);
      assert.ok(rateOfQuota(starts, 50) >= 0.95, `seed ${seed}: ${rateOfQuota(starts, 50).toFixed(3)} of the quota`);
      // The schedule still bounds a burst: 1 + (d + tolerance) × Q / window starts in any d ms.
      assert.ok(maxInAnyWindow(starts, 1) <= 6 && maxInAnyWindow(starts, 100) <= 11, `seed ${seed}: ${maxInAnyWindow(starts, 1)} starts at once`);
    }
  });

  it("with spacingToleranceMs 0 (every start a full window/Q after the last) the same run stays under 0.95 of the quota", async () => {
    // Slots free as unevenly as the round trips vary; a strict schedule makes the early ones wait.
    limiter = new SlidingWindowLimiter({ clock, spacingToleranceMs: 0 });
    const { arrivals, starts } = await overJitteredNetwork(1000, 50, [80, 0], 1);
    assert.ok(maxInAnyWindow(arrivals) <= 50);
    assert.ok(rateOfQuota(starts, 50) < 0.95, `${rateOfQuota(starts, 50).toFixed(3)} of the quota`);
  });

  it("counting a call only from its start to one window after it (the old design) lets more than Q arrive in a window", async () => {
    // The same simulation, releasing each permit as soon as the call starts: the jitter pushes
    // arrivals of one window into the next, so the check above can fail.
    const random = seededRandom(1);
    const arrivals: number[] = [];
    await clock.run(
      Promise.all(
        Array.from({ length: 500 }, async () => {
          (await limiter.acquire("k", 50)).release();
          await clock.sleep(Math.round(random() * 80));
          arrivals.push(clock.now() - t0);
        }),
      ),
    );
    assert.ok(maxInAnyWindow(arrivals) > 50, `max ${maxInAnyWindow(arrivals)}`);
  });

  it("counts a permit never released as released maxHoldMs after its start", async () => {
    limiter = new SlidingWindowLimiter({ clock, maxHoldMs: 5000 });
    await clock.run(limiter.acquire("k", 1));
    await clock.run(limiter.acquire("k", 1));
    assert.equal(clock.now() - t0, 6000);
  });

  it("wakes a waiter blocked by live calls when one is released, and leaves no timer behind", async () => {
    const permits: Permit[] = [];
    for (let i = 0; i < 2; i++) permits.push(await clock.run(limiter.acquire("k", 2)));
    let startedAt: number | undefined;
    const waiter = limiter.acquire("k", 2).then((p) => ((startedAt = clock.now() - t0), p));
    await clock.run(clock.sleep(300));
    const releasedAt = clock.now() - t0;
    permits[0].release();
    const third = await clock.run(waiter);
    assert.equal(startedAt, releasedAt + 1000, "the slot frees one window after the release");
    permits[1].release();
    third.release();
    assert.equal(clock.pendingTimers, 0);
  });

  it("halves the bucket's rate after a throttling answer and recovers it step by step", async () => {
    limiter = new SlidingWindowLimiter({ clock, spacingToleranceMs: 0 }); // the spacing shows the rate
    const permit = await clock.run(limiter.acquire("k", 10));
    permit.release({ throttled: true });
    const reduced = Math.floor(10 * THROTTLE_BACKOFF.factor);
    const step = Math.ceil(10 * THROTTLE_BACKOFF.recoveryPerWindow);
    assert.equal(limiter.effectiveQuota("k", 10), reduced);
    assert.deepEqual(await startConcurrently(reduced - 1, "k", 10), [200, 400, 600, 800].slice(0, reduced - 1), "spaced at the reduced rate");
    await clock.run(clock.sleep(1000 - (clock.now() - t0)));
    assert.equal(limiter.effectiveQuota("k", 10), reduced + step);
    await clock.run(clock.sleep(Math.ceil((10 - reduced) / step) * 1000 - (clock.now() - t0)));
    assert.equal(limiter.effectiveQuota("k", 10), 10);
  });

  it("lowers the rate once for a burst of throttles of calls started together", async () => {
    const permits = await clock.run(Promise.all(Array.from({ length: 4 }, () => limiter.acquire("k", 8))));
    for (const p of permits) p.release({ throttled: true });
    assert.equal(limiter.effectiveQuota("k", 8), 4);
  });

  it("applies a changed quota to the next call (qpsOverrides)", async () => {
    limiter = new SlidingWindowLimiter({ clock, spacingToleranceMs: 0 }); // the spacing shows the quota
    assert.deepEqual(await startConcurrently(2, "k", 2), [0, 500]);
    assert.equal(limiter.liveCount("k"), 2);
    await clock.run(limiter.acquire("k", 3));
    assert.equal(clock.now() - t0, 833, "a third slot, spaced 1000/3 ms after the last start (instead of waiting until 1000)");
  });

  it("rejects a quota that is not a positive integer", async () => {
    await assert.rejects(limiter.acquire("k", 0), { name: "RangeError", message: "Expected `quota` to be a positive integer, got 0" });
    await assert.rejects(limiter.acquire("k", 2.5), { name: "RangeError", message: "Expected `quota` to be a positive integer, got 2.5" });
    assert.throws(() => new SlidingWindowLimiter({ spacingToleranceMs: -1 }), { name: "RangeError", message: "Expected `spacingToleranceMs` to be a non-negative number, got -1" });
  });

  it("after close() rejects queued and new callers, and lets started calls finish", async () => {
    const started = await clock.run(limiter.acquire("k", 1));
    const queued = limiter.acquire("k", 1);
    const queued2 = limiter.acquire("k", 1);
    await clock.run(clock.sleep(10));
    limiter.close("the Pulumi engine is gone");
    await assert.rejects(clock.run(queued), (e: unknown) => e instanceof LimiterClosedError && e.message === "No new API calls are started: the Pulumi engine is gone");
    await assert.rejects(clock.run(queued2), LimiterClosedError);
    await assert.rejects(limiter.acquire("other", 1), { code: "LimiterClosed" });
    started.release();
    assert.equal(limiter.closed, true);
  });

  it("keeps serving the queue after a waiter's sleep fails", async () => {
    let failNext = true;
    const flaky = new SlidingWindowLimiter({
      clock: {
        now: () => clock.now(),
        sleep: (ms, signal) => (failNext ? ((failNext = false), Promise.reject(new Error("sleep failed"))) : clock.sleep(ms, signal)),
      },
    });
    (await clock.run(flaky.acquire("k", 1))).release();
    const results = await clock.run(Promise.allSettled([flaky.acquire("k", 1), flaky.acquire("k", 1)]));
    assert.deepEqual(results.map((r) => r.status), ["rejected", "fulfilled"]);
    assert.equal(clock.now() - t0, 1000);
  });
});
