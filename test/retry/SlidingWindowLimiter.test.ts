import assert from "node:assert/strict";
import { SlidingWindowLimiter } from "../../provider/retry/SlidingWindowLimiter";
import { FakeClock } from "../client/helpers/FakeClock";

/** Largest number of starts in any window (t − windowMs, t]; the maximum is reached at a start time. */
function maxStartsInAnyWindow(starts: number[], windowMs = 1000): number {
  return Math.max(0, ...starts.map((t) => starts.filter((s) => s > t - windowMs && s <= t).length));
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

  /** Acquires `n` concurrent slots in `bucket`, recording each start offset (ms from t0) in order of start. */
  async function startConcurrently(n: number, bucket: string, quota: number): Promise<number[]> {
    const starts: number[] = [];
    await clock.run(Promise.all(Array.from({ length: n }, () => limiter.acquire(bucket, quota).then(() => starts.push(clock.now() - t0)))));
    return starts;
  }

  it("at 5 QPS spreads 30 concurrent calls over >= 5 s and never starts more than 5 in any 1-s window", async () => {
    const starts = await startConcurrently(30, "ak/BatchAddThingTopo", 5);
    assert.equal(starts.length, 30);
    assert.ok(starts[starts.length - 1] - starts[0] >= 5000, `spread ${starts[starts.length - 1] - starts[0]} ms`);
    assert.equal(maxStartsInAnyWindow(starts), 5);
  });

  it("serves waiters first in, first out", async () => {
    const order: number[] = [];
    await clock.run(Promise.all(Array.from({ length: 12 }, (_, i) => limiter.acquire("b", 3).then(() => order.push(i)))));
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  });

  it("does not let two actions share a bucket", async () => {
    const starts: Record<string, number[]> = { a: [], b: [] };
    await clock.run(
      Promise.all(
        ["a", "b"].flatMap((bucket) => Array.from({ length: 5 }, () => limiter.acquire(`ak/${bucket}`, 5).then(() => starts[bucket].push(clock.now() - t0)))),
      ),
    );
    assert.deepEqual(starts, { a: [0, 0, 0, 0, 0], b: [0, 0, 0, 0, 0] });
  });

  it("does not let two AccessKeyIds share a bucket", async () => {
    const first = await startConcurrently(5, "ak1/QueryEdgeDriver", 5);
    const second = await startConcurrently(5, "ak2/QueryEdgeDriver", 5);
    assert.deepEqual([...first, ...second], new Array(10).fill(0));
    assert.deepEqual(await startConcurrently(1, "ak1/QueryEdgeDriver", 5), [1000]);
  });

  // [behaviour, quota, earlier start offsets (ms), arrival offset (ms), expected wait (ms)]
  const waits: [string, number, number[], number, number][] = [
    ["at 50 QPS the 51st call in the same instant waits a full window", 50, new Array(50).fill(0), 0, 1000],
    ["at 5 QPS a call after 5 spread starts waits until the oldest leaves the window", 5, [0, 200, 400, 600, 800], 900, 100],
    ["a call exactly one window after the oldest start does not wait (the window is half-open)", 5, [0, 200, 400, 600, 800], 1000, 0],
    ["a call with fewer than Q starts in the window does not wait", 5, [0, 0, 0, 0], 10, 0],
    ["at 1 QPS a second call waits out the rest of the window", 1, [0], 250, 750],
    ["at 2 QPS the wait is set by the second most recent start", 2, [0, 600], 700, 300],
  ];
  for (const [behaviour, quota, earlier, arrival, expected] of waits) {
    it(behaviour, async () => {
      for (const offset of earlier) {
        if (clock.now() - t0 < offset) await clock.run(clock.sleep(offset - (clock.now() - t0)));
        await clock.run(limiter.acquire("k", quota));
      }
      await clock.run(clock.sleep(arrival - (clock.now() - t0)));
      assert.equal(limiter.waitTime("k", quota), expected);
      await clock.run(limiter.acquire("k", quota));
      assert.equal(clock.now() - t0, arrival + expected);
    });
  }

  it("never starts more than Q in any window under bursts arriving over time", async () => {
    const starts: number[] = [];
    const arrivals = [0, 0, 0, 130, 130, 450, 990, 990, 990, 1001, 1500, 1500, 1500, 1500, 2999, 3000];
    await clock.run(
      Promise.all(
        arrivals.map((at) => clock.sleep(at).then(() => limiter.acquire("k", 4).then(() => starts.push(clock.now() - t0)))),
      ),
    );
    assert.equal(starts.length, arrivals.length);
    assert.ok(maxStartsInAnyWindow(starts) <= 4);
  });

  it("applies a changed quota to the next call (qpsOverrides)", async () => {
    await startConcurrently(2, "k", 2);
    assert.equal(limiter.waitTime("k", 2), 1000);
    assert.equal(limiter.waitTime("k", 3), 0);
  });

  it("rejects a quota that is not a positive integer", async () => {
    await assert.rejects(limiter.acquire("k", 0), { name: "RangeError", message: "Expected `quota` to be a positive integer, got 0" });
    await assert.rejects(limiter.acquire("k", 2.5), { name: "RangeError", message: "Expected `quota` to be a positive integer, got 2.5" });
  });

  it("keeps serving the queue after a waiter's sleep fails", async () => {
    let failNext = true;
    const flaky = new SlidingWindowLimiter({
      clock: {
        now: () => clock.now(),
        sleep: (ms) => (failNext ? ((failNext = false), Promise.reject(new Error("sleep failed"))) : clock.sleep(ms)),
      },
    });
    await clock.run(flaky.acquire("k", 1));
    const results = await clock.run(Promise.allSettled([flaky.acquire("k", 1), flaky.acquire("k", 1)]));
    assert.deepEqual(results.map((r) => r.status), ["rejected", "fulfilled"]);
    assert.equal(clock.now() - t0, 1000);
  });
});
