import assert from "node:assert/strict";
import Redis from "ioredis";
import { ACQUIRE_SCRIPT, bucketKeys, RELEASE_SCRIPT, RENEW_SCRIPT } from "../../../provider/quota/quotaScripts";
import { startRedis, type TestRedis } from "../../helpers/redisServer";

/*
 * The Lua scripts of the shared quota, run by a real redis-server, each call with an explicit `now`
 * (virtual ms) so every admission and every wait hint is exact. Window 1,000 ms, lease 1,200 ms,
 * grace 250 ms; after a throttle the quota is halved and grows back by a tenth a window.
 */

const WINDOW = 1_000;
const LEASE = 1_200;
const GRACE = 250;
const TTL = 60_000;
const FACTOR = 0.5;
const RECOVERY = 0.1;

describe("shared quota scripts (real redis-server)", function () {
  this.timeout(30_000);
  let server: TestRedis;
  let redis: Redis;
  let bucket = 0;
  let keys: ReturnType<typeof bucketKeys>;

  before(async () => {
    server = await startRedis();
    redis = new Redis(server.port, "127.0.0.1");
  });
  after(async () => {
    redis?.disconnect();
    await server?.stop();
  });
  beforeEach(() => {
    keys = bucketKeys("test:", `acct${++bucket}:Action`);
  });

  type Reply = { admitted: boolean; now: number; waitMs: number; peers: number };
  async function acquire(id: string, now: number | "", quota = 2, peer = "p1"): Promise<Reply> {
    const r = (await redis.eval(ACQUIRE_SCRIPT, 7, keys.live, keys.done, keys.queue, keys.qexp, keys.seq, keys.peers, keys.backoff, quota, id, LEASE, WINDOW, GRACE, TTL, peer, String(now), RECOVERY)) as number[];
    return { admitted: r[0] === 1, now: r[1], waitMs: r[2], peers: r[3] };
  }
  const release = (id: string, now: number, throttled?: { startedAt: number; quota: number }): Promise<unknown> =>
    redis.eval(RELEASE_SCRIPT, 3, keys.live, keys.done, keys.backoff, id, WINDOW, TTL, String(now), throttled ? 1 : 0, throttled?.startedAt ?? 0, throttled?.quota ?? 0, FACTOR, RECOVERY);
  const renew = (now: number, ...ids: string[]): Promise<unknown> => redis.eval(RENEW_SCRIPT, 1, keys.live, LEASE, TTL, String(now), ...ids);

  it("admits `quota` calls at once; the next is told to come back when a slot can free, and an answered call holds its slot one window after its answer", async () => {
    assert.equal((await acquire("a", 0)).admitted, true);
    assert.equal((await acquire("b", 0)).admitted, true);
    // Both in flight: a slot frees one window after an answer that has not come yet, so not before 1000.
    assert.deepEqual(await acquire("c", 0), { admitted: false, now: 0, waitMs: 1_000, peers: 1 });
    await release("a", 10); // answered at 10: its slot frees at 1010
    assert.deepEqual(await acquire("c", 1_000), { admitted: false, now: 1_000, waitMs: 10, peers: 1 });
    assert.equal((await acquire("c", 1_009)).admitted, false);
    assert.equal((await acquire("c", 1_010)).admitted, true);
  });

  it("a lease runs out when its owner stops renewing it; a renewed lease holds", async () => {
    await acquire("a", 0);
    await acquire("b", 0);
    await renew(1_100, "a"); // a is still in flight at 1100: held until 2300; b's owner died
    assert.equal((await acquire("c", 1_199)).admitted, false);
    assert.equal((await acquire("c", 1_200)).admitted, true, "b's lease ran out at 1200");
    const d = await acquire("d", 1_200);
    assert.equal(d.admitted, false, "a (renewed) and c hold both slots");
    assert.equal(d.waitMs, WINDOW, "a lower bound: a and c are in flight, so no slot frees before now + window");
  });

  it("serves waiters first come, first served: a later call does not overtake a queued one", async () => {
    assert.equal((await acquire("a", 0, 1)).admitted, true);
    assert.equal((await acquire("b", 0, 1)).admitted, false);
    const c = await acquire("c", 0, 1);
    assert.equal(c.admitted, false);
    assert.equal(c.waitMs, 2 * WINDOW, "second in line: after b's call has held the slot for a window");
    await release("a", 5);
    assert.equal((await acquire("c", 1_005, 1)).admitted, false, "c comes back first, but b is ahead of it");
    assert.equal((await acquire("b", 1_005, 1)).admitted, true);
    const again = await acquire("c", 1_005, 1);
    assert.deepEqual([again.admitted, again.waitMs], [false, WINDOW]);
  });

  it("a newcomer is admitted at once when there are more free slots than waiters", async () => {
    await acquire("a", 0, 3);
    await acquire("b", 0, 3);
    assert.equal((await acquire("c", 0, 3)).admitted, true);
  });

  it("a waiter that does not come back by its hint plus the grace loses its place (a dead process cannot block the queue)", async () => {
    await acquire("a", 0, 1);
    assert.equal((await acquire("b", 0, 1)).waitMs, 1_000); // b must be back by 1250
    assert.equal((await acquire("c", 0, 1)).waitMs, 2_000);
    await release("a", 0); // slot free at 1000
    assert.equal((await acquire("c", 1_249, 1)).admitted, false, "b's place is kept until 1250");
    assert.equal((await acquire("c", 1_250, 1)).admitted, true, "b never came back");
    assert.equal(await redis.zscore(keys.queue, "b"), null);
  });

  it("hints for a deep queue grow by a window per `quota` waiters ahead", async () => {
    await acquire("x", 0);
    await acquire("y", 0);
    await release("x", 0);
    await release("y", 0);
    const waits = [];
    for (let i = 0; i < 6; i++) waits.push((await acquire(`w${i}`, 0)).waitMs);
    assert.deepEqual(waits, [1_000, 1_000, 2_000, 2_000, 3_000, 3_000]);
  });

  it("never holds more than `quota` calls over a long random run of acquires, answers, renewals and crashes", async () => {
    const quota = 3;
    let seed = 7;
    const rand = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    type Caller = { state: "idle" | "waiting" | "inflight"; id: string; holdsUntil: number };
    const fresh = (): Caller => ({ state: "idle", id: "", holdsUntil: 0 });
    const callers: Caller[] = Array.from({ length: 10 }, fresh);
    const dead: Caller[] = []; // crashed callers: their last call may still hold a slot
    const die = (i: number): void => {
      dead.push(callers[i]);
      callers[i] = fresh(); // another process takes its place
    };
    let now = 0;
    let admitted = 0;
    let next = 0;
    for (let step = 0; step < 2_000; step++) {
      now += Math.floor(rand() * 40); // 2,000 steps ≈ 40 s of virtual time: ≤ 3 admissions a window
      const i = Math.floor(rand() * callers.length);
      const c = callers[i];
      if (c.state === "inflight") {
        const r = rand();
        if (r < 0.6) {
          await release(c.id, now);
          c.holdsUntil = now + WINDOW;
          c.state = "idle";
        } else if (r < 0.9) {
          await renew(now, c.id);
          c.holdsUntil = now + LEASE;
        } else die(i); // crashed with the call in flight: its lease runs out
        continue;
      }
      if (c.state === "waiting" && rand() < 0.05) {
        die(i); // crashed while queued
        continue;
      }
      if (c.state === "idle") c.id = `call${++next}`;
      const r = await acquire(c.id, now, quota);
      if (!r.admitted) {
        assert.ok(r.waitMs >= 1);
        c.state = "waiting";
        continue;
      }
      const holding = [...callers, ...dead].filter((o) => o !== c && o.holdsUntil > now).length;
      assert.ok(holding < quota, `step ${step}: ${c.id} admitted at ${now} while ${holding} calls hold slots`);
      admitted++;
      c.state = "inflight";
      c.holdsUntil = now + LEASE;
    }
    assert.ok(admitted > 20, `only ${admitted} admissions`);
  });

  it("a throttled answer lowers the quota for every caller of the bucket, once per reduction, and it grows back by a tenth of it a window", async () => {
    const quota = 10;
    assert.equal((await acquire("a", 0, quota)).admitted, true);
    assert.equal((await acquire("b", 0, quota)).admitted, true);
    await release("a", 5, { startedAt: 0, quota }); // halved: 5 from +5
    await release("b", 6, { startedAt: 0, quota }); // admitted before that reduction: counts once
    assert.deepEqual(await redis.hmget(keys.backoff, "q", "at"), ["5", "5"]);
    const admitted = [];
    for (let i = 0; i < 5; i++) admitted.push((await acquire(`x${i}`, 10, quota, `p${i}`)).admitted);
    assert.deepEqual(admitted, [true, true, true, false, false], "a and b hold 2 of the 5 slots, whoever asks");
    await release("x0", 20, { startedAt: 10, quota }); // a call admitted after the reduction: halved again
    assert.deepEqual(await redis.hmget(keys.backoff, "q", "at"), ["2", "20"]);
    // +1 a window: 3 from +1020 (the earlier calls are gone by +1500) … 9 from +7020, the whole 10 from +8020, when the hash goes.
    const next = [];
    for (let i = 0; i < 4; i++) next.push((await acquire(`w${i}`, 1_500, quota)).admitted);
    assert.deepEqual(next, [true, true, true, false]);
    await acquire("y", 7_020, quota);
    assert.equal(await redis.exists(keys.backoff), 1);
    await acquire("z", 8_020, quota);
    assert.equal(await redis.exists(keys.backoff), 0);
  });

  it("counts the processes seen on the bucket, and keys expire when the bucket is idle", async () => {
    await acquire("a", 0, 5, "p1");
    assert.equal((await acquire("b", 0, 5, "p2")).peers, 2);
    assert.equal((await acquire("c", TTL + 1, 5, "p2")).peers, 1, "p1 was last seen a ttl ago");
    const ttl = await redis.pttl(keys.live);
    assert.ok(ttl > 0 && ttl <= TTL);
  });

  it("takes the time from Redis TIME when no `now` is passed", async () => {
    const ms = (t: [string, string]): number => Number(t[0]) * 1000 + Math.floor(Number(t[1]) / 1000);
    const before = ms((await redis.time()) as unknown as [string, string]);
    const r = await acquire("a", "");
    const after = ms((await redis.time()) as unknown as [string, string]);
    assert.ok(r.now >= before && r.now <= after, `${before} ≤ ${r.now} ≤ ${after}`);
  });
});
