import assert from "node:assert/strict";
import Redis from "ioredis";
import { RedisRateLimiter } from "../../../provider/quota/RedisRateLimiter";
import type { Permit, RateLimiter } from "../../../provider/retry/RateLimiter";
import { QuotaStoreError } from "../../../provider/quota/QuotaStoreError";
import { bucketKeys } from "../../../provider/quota/quotaScripts";
import { parseQuotaStoreSettings } from "../../../provider/quota/quotaStoreSettings";
import { FakeClock } from "../../helpers/FakeClock";
import { startRedis, type TestRedis } from "../../helpers/redisServer";

/*
 * RedisRateLimiter against a real redis-server. Several limiters stand for several processes (one
 * connection each). Time is a FakeClock (moved by `advance`) passed to the scripts as `now`, so every wait is exact.
 */

const NAMES = { url: "alicloud-iot:quotaStore", fallback: "alicloud-iot:quotaStoreFallback" };

/** The local limiter a store falls back to: records what it was asked and admits at once. */
class RecordingLimiter implements RateLimiter {
  readonly calls: { bucket: string; quota: number }[] = [];
  async acquire(bucket: string, quota: number): Promise<Permit> {
    this.calls.push({ bucket, quota });
    return { release: () => undefined };
  }
}

/** Resolves when `check` holds, re-checking on each turn of the event loop (state in Redis, not time). */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 10_000; i++) {
    if (await check()) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error("condition never held");
}

describe(RedisRateLimiter.name, function () {
  this.timeout(30_000);
  let server: TestRedis;
  let inspect: Redis;
  const open: RedisRateLimiter[] = [];
  let n = 0;
  let bucket: string;

  before(async () => {
    server = await startRedis();
    inspect = new Redis(server.port, "127.0.0.1");
  });
  after(async () => {
    inspect?.disconnect();
    await server?.stop();
  });
  beforeEach(() => {
    bucket = `acct${++n}:QueryPageByApplyId`;
  });
  afterEach(async () => {
    for (const l of open.splice(0)) await l.close();
  });

  function limiter(
    options: { clock?: FakeClock; url?: string; password?: string; fallback?: string; local?: RateLimiter; warn?: (l: string) => void; commandTimeoutMs?: number; retryAfterMs?: number } = {},
  ): RedisRateLimiter {
    const settings = parseQuotaStoreSettings({ url: options.url ?? server.url, password: options.password, fallback: options.fallback }, NAMES);
    const l = new RedisRateLimiter({
      settings: settings!,
      local: options.local ?? new RecordingLimiter(),
      clock: options.clock,
      autoRenew: options.clock === undefined, // on a virtual clock, the test renews (renewNow)
      warn: options.warn ?? (() => undefined),
      connectTimeoutMs: 1_000,
      commandTimeoutMs: options.commandTimeoutMs,
      retryAfterMs: options.retryAfterMs,
    });
    open.push(l);
    return l;
  }

  it("two processes share one budget; a waiter sleeps until the slot frees, one window after the answer", async () => {
    const clock = new FakeClock();
    const a = limiter({ clock });
    const b = limiter({ clock });
    const held = [await a.acquire(bucket, 2), await a.acquire(bucket, 2)];
    const waiting = b.acquire(bucket, 2);
    await clock.sleeping(1);
    assert.deepEqual(clock.sleeps, [1_000], "both calls in flight: no slot before now + window");
    clock.advance(10);
    for (const p of held) p.release();
    const done = bucketKeys("alicloud-iot:quota:", bucket).done;
    await until(async () => (await inspect.zcard(done)) === 2);
    clock.advance(990);
    await clock.sleeping(1);
    assert.deepEqual(clock.sleeps, [1_000, 10], "the answers came at +10: the first slot frees at +1010");
    clock.advance(10);
    const permit = await waiting;
    permit.release();
    assert.equal(b.peersSeen(bucket), 2);
  });

  it("a process that dies with calls in flight holds its slots one lease past its last renewal: one window and the slack (1,100 ms)", async () => {
    const clock = new FakeClock();
    const dying = limiter({ clock });
    const survivor = limiter({ clock });
    await dying.acquire(bucket, 2);
    await dying.acquire(bucket, 2);
    await dying.close(); // no release, no more renewals: as after kill -9
    const waiting = survivor.acquire(bucket, 2);
    await clock.sleeping(1);
    clock.advance(1_000);
    await clock.sleeping(1);
    assert.deepEqual(clock.sleeps, [1_000, 100], "at +1000 the waiter learns the dead calls' leases end at +1100");
    clock.advance(99);
    await clock.sleeping(1); // woke early (a lower bound): nothing free before the lease ends
    clock.advance(1);
    (await waiting).release();
    assert.equal(survivor.leaseMs, 1_100);
    // And the whole budget is back: the second slot too.
    (await survivor.acquire(bucket, 2)).release();
  });

  it("renewing keeps a long call's slot: nobody overtakes it while it runs", async () => {
    const clock = new FakeClock();
    const a = limiter({ clock });
    const b = limiter({ clock });
    const long = await a.acquire(bucket, 1);
    clock.advance(1_000);
    await a.renewNow(); // lease now runs to +2100
    const waiting = b.acquire(bucket, 1);
    await clock.sleeping(1);
    clock.advance(1_000);
    await clock.sleeping(1);
    assert.deepEqual(clock.sleeps, [1_000, 100], "b came back at +2000 and learned the lease runs to +2100");
    long.release(); // answered at +2000: the slot frees at +3000
    const done = bucketKeys("alicloud-iot:quota:", bucket).done;
    await until(async () => (await inspect.zcard(done)) === 1);
    clock.advance(100);
    await clock.sleeping(1);
    assert.equal(clock.sleeps[2], 900);
    clock.advance(900);
    (await waiting).release();
  });

  it("a process queues one call per bucket in Redis: a process with one call waiting gets the next turn after at most one of a greedy process's", async () => {
    const clock = new FakeClock();
    const greedy = limiter({ clock });
    const modest = limiter({ clock });
    (await greedy.acquire(bucket, 1)).release(); // the slot is busy until +1000
    const order: string[] = [];
    const take = (who: RedisRateLimiter, name: string): Promise<void> =>
      who.acquire(bucket, 1).then((p) => {
        order.push(name);
        p.release(); // answered at once: the slot frees one window later
      });
    const g = [take(greedy, "g1"), take(greedy, "g2"), take(greedy, "g3")];
    await clock.sleeping(1); // g1 holds the greedy process's ticket; g2 and g3 wait behind it here
    const m = take(modest, "m");
    await clock.sleeping(2);
    const queue = bucketKeys("alicloud-iot:quota:", bucket).queue;
    assert.equal(await inspect.zcard(queue), 2, "one ticket per process");
    const done = bucketKeys("alicloud-iot:quota:", bucket).done;
    for (let t = 1; t <= 4; t++) {
      clock.set(clock.now() + 1_000 - (clock.now() % 1_000)); // each window frees the slot once
      await until(async () => order.length === t && (await inspect.zcard(done)) >= 1);
      if (t < 4) await clock.sleeping(t === 1 ? 2 : 1); // every waiter asleep before time moves on (m and g2 after the first turn)
    }
    await Promise.all([...g, m]);
    assert.deepEqual(order, ["g1", "m", "g2", "g3"]);
  });

  it("a throttled answer in one process halves the quota for the others too, until it grows back", async () => {
    const clock = new FakeClock();
    const a = limiter({ clock });
    const b = limiter({ clock });
    (await a.acquire(bucket, 4)).release({ throttled: true }); // a client outside the store uses the quota
    const backoff = bucketKeys("alicloud-iot:quota:", bucket).backoff;
    await until(async () => (await inspect.hget(backoff, "q")) === "2");
    const first = await b.acquire(bucket, 4); // a's call and this one: the 2 slots in force
    const second = b.acquire(bucket, 4);
    await clock.sleeping(1);
    assert.deepEqual(clock.sleeps, [1_000], "no third slot within the window");
    first.release();
    clock.advance(1_000); // a's slot frees, and the quota grows back to 3
    (await second).release();
  });

  it("unreachable at the first call with quotaStoreFallback=error: QuotaStoreError naming the setting, without the password", async () => {
    const l = limiter({ url: "redis://:hunter2-very-secret@127.0.0.1:1/0" });
    const err = await l.acquire(bucket, 5).then(
      () => assert.fail("expected a QuotaStoreError"),
      (e: unknown) => e,
    );
    assert.ok(err instanceof QuotaStoreError);
    assert.equal(err.code, "QuotaStoreUnreachable");
    assert.match(err.message, /^Quota store redis:\/\/127\.0\.0\.1:1 \(alicloud-iot:quotaStore\) did not answer: .*ECONNREFUSED.*alicloud-iot:quotaStoreFallback to "local"/);
    assert.doesNotMatch(`${err.message} ${err.stack} ${JSON.stringify(err)}`, /hunter2/);
  });

  it("unreachable at the first call with quotaStoreFallback=local: one warning, then the local limiter with the whole quota", async () => {
    const warnings: string[] = [];
    const local = new RecordingLimiter();
    const l = limiter({ url: "redis://:hunter2-very-secret@127.0.0.1:1", fallback: "local", local, warn: (w) => warnings.push(w) });
    await l.acquire(bucket, 50);
    await l.acquire(bucket, 50);
    assert.deepEqual(local.calls, [
      { bucket, quota: 50 },
      { bucket, quota: 50 },
    ]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^warning: quota store redis:\/\/127\.0\.0\.1:1 \(alicloud-iot:quotaStore\) did not answer: .*ECONNREFUSED/);
    assert.doesNotMatch(warnings[0], /hunter2/);
  });

  it("a wrong password is an error that does not echo it", async () => {
    const guarded = await startRedis({ password: "right-password-123" });
    try {
      const wrong = limiter({ url: `redis://127.0.0.1:${guarded.port}`, password: "wrong-password-456" });
      const err = await wrong.acquire(bucket, 5).then(
        () => assert.fail("expected a QuotaStoreError"),
        (e: unknown) => e as Error,
      );
      assert.match(err.message, /WRONGPASS|invalid password|invalid username-password/i);
      assert.doesNotMatch(`${err.message} ${err.stack}`, /wrong-password-456|right-password-123/);
      const right = limiter({ url: `redis://:right-password-123@127.0.0.1:${guarded.port}` });
      (await right.acquire(bucket, 5)).release();
    } finally {
      await guarded.stop();
    }
  });

  it("Redis lost mid-run: the next call does not hang, goes to the local limiter at this process's share, with one warning", async () => {
    const lost = await startRedis();
    const warnings: string[] = [];
    const local = new RecordingLimiter();
    const a = limiter({ url: lost.url, local, warn: (w) => warnings.push(w) });
    const b = limiter({ url: lost.url });
    (await b.acquire(bucket, 50)).release();
    (await a.acquire(bucket, 50)).release();
    assert.equal(a.peersSeen(bucket), 2);
    await lost.stop();
    (await a.acquire(bucket, 50)).release();
    (await a.acquire(bucket, 50)).release();
    assert.deepEqual(local.calls, [
      { bucket, quota: 25 },
      { bucket, quota: 25 },
    ]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^warning: quota store redis:\/\/127\.0\.0\.1:\d+ \(alicloud-iot:quotaStore\) failed: .*share of the quota/);
  });

  it("while Redis is down every call goes local with a single warning; when it is back, one line and the shared budget again", async () => {
    const first = await startRedis();
    const warnings: string[] = [];
    const local = new RecordingLimiter();
    const a = limiter({ url: first.url, local, warn: (w) => warnings.push(w), retryAfterMs: 0 }); // try Redis on every call
    (await a.acquire(bucket, 4)).release();
    await first.stop();
    for (let i = 0; i < 5; i++) (await a.acquire(bucket, 4)).release();
    assert.equal(local.calls.length, 5);
    assert.equal(warnings.length, 1, warnings.join("\n"));
    const again = await startRedis({ port: first.port });
    try {
      // ioredis reconnects on its own (every second); wait for that event through the limiter.
      for (let i = 0; i < 200 && warnings.length < 2; i++) {
        (await a.acquire(bucket, 4)).release();
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      assert.equal(warnings.length, 2, warnings.join("\n"));
      assert.match(warnings[1], /answers again; back to the shared budget$/);
      const before = local.calls.length;
      (await a.acquire(bucket, 4)).release();
      assert.equal(local.calls.length, before, "served by Redis");
    } finally {
      await again.stop();
    }
  });

  it("a store that stops answering (no reply) is lost after the command timeout, not waited on", async () => {
    const paused = await startRedis();
    const local = new RecordingLimiter();
    const a = limiter({ url: paused.url, local, commandTimeoutMs: 300 });
    (await a.acquire(bucket, 10)).release();
    paused.process.kill("SIGSTOP");
    try {
      (await a.acquire(bucket, 10)).release();
      assert.deepEqual(local.calls, [{ bucket, quota: 10 }]);
    } finally {
      paused.process.kill("SIGCONT");
      await paused.stop();
    }
  });
});
