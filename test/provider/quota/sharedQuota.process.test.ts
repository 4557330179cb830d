import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as http from "node:http";
import * as net from "node:net";
import * as path from "node:path";
import Redis from "ioredis";
import { startEmulator, type EmulatorHandle } from "../../../emulator/index";
import { QPS_WINDOW_MS, QUOTA_STORE } from "../../../provider/limits";
import { startRedis, type TestRedis } from "../../helpers/redisServer";

/*
 * Several processes, one account, one budget: each worker is a separate Node process running the
 * provider's own client (dist/) with its own AccessKeyId; the emulator maps every key to one account
 * and counts quotas there. Small quota and counts (CI-sized); every assertion is on the emulator's
 * counters or on Redis state, never on how long something took.
 */

const ACTION = "BatchGetEdgeDriver";
const QUOTA = 3;
const WORKER = path.join(__dirname, "..", "..", "fixtures", "quotaWorker.js");

interface Worker {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>;
  go(): void;
}

function worker(endpoint: string, key: number, calls: number, extra: Record<string, string>, concurrency = 3): Worker {
  const config = {
    "alicloud-iot:endpoint": endpoint,
    "alicloud-iot:region": "cn-shanghai",
    "alicloud-iot:accessKeyId": `ram-key-${key}`,
    "alicloud-iot:accessKeySecret": `ram-secret-${key}`,
    "alicloud-iot:qpsOverrides": JSON.stringify({ [ACTION]: QUOTA }),
    "alicloud-iot:quotaAccount": "one-account",
    ...extra,
  };
  const child = spawn(process.execPath, [WORKER, JSON.stringify({ config, action: ACTION, params: { DriverIds: ["x"] }, calls, concurrency })], { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  let onReady: () => void;
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stdout?.on("data", (b: Buffer) => {
    out += b.toString();
    if (out.includes("ready")) onReady();
  });
  child.stderr?.on("data", (b: Buffer) => (out += b.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, out })));
  return { child, ready, exit, go: () => child.stdin?.write("go\n") };
}

describe("one quota shared by several processes (Redis store, real processes)", function () {
  this.timeout(120_000);
  let emu: EmulatorHandle;
  let redis: TestRedis;

  beforeEach(async () => {
    redis = await startRedis();
    emu = await startEmulator({
      qps: { [ACTION]: QUOTA },
      credentials: [0, 1, 2, 3].map((i) => ({ accessKeyId: `ram-key-${i}`, accessKeySecret: `ram-secret-${i}` })),
    });
  });
  afterEach(async () => {
    await emu?.close();
    await redis?.stop();
  });

  async function runAll(workers: Worker[]): Promise<void> {
    await Promise.all(workers.map((w) => w.ready));
    for (const w of workers) w.go();
    for (const [i, r] of (await Promise.all(workers.map((w) => w.exit))).entries()) assert.equal(r.code, 0, `worker ${i}: ${r.out}`);
  }

  it("three processes with the store: no throttled answer, never more than the quota in any 1-s window at the server", async () => {
    await runAll([0, 1, 2].map((k) => worker(emu.endpoint, k, 6, { "alicloud-iot:quotaStore": redis.url })));
    const s = emu.stats()[ACTION];
    assert.equal(s.throttled, 0);
    assert.equal(s.calls, 18, "no call was retried");
    assert.ok(s.maxCallsInAnyOneSecondWindow <= QUOTA, `busiest window ${s.maxCallsInAnyOneSecondWindow}`);
  });

  it("the same three processes without the store, each on its own window, are throttled", async () => {
    await runAll([0, 1, 2].map((k) => worker(emu.endpoint, k, 6, {})));
    const s = emu.stats()[ACTION];
    assert.ok(s.throttled > 0, JSON.stringify(s));
    assert.ok(s.maxCallsInAnyOneSecondWindow > QUOTA, JSON.stringify(s));
  });

  it("one greedy process (6 calls waiting at a time) cannot starve a modest one (1 at a time): the modest one gets a turn after at most one of the greedy one's", async () => {
    // Each process holds one ticket per bucket, so the two take turns while both wait. Were every
    // waiting call a ticket, each of the modest process's calls would queue behind six of the greedy one's.
    const modestCalls = 4;
    const url = { "alicloud-iot:quotaStore": redis.url };
    const greedy = worker(emu.endpoint, 0, 30, url, 6);
    const modest = worker(emu.endpoint, 1, modestCalls, url, 1);
    await Promise.all([greedy.ready, modest.ready]);
    greedy.go();
    modest.go();
    const m = await modest.exit;
    const greedyCalls = emu.stats()[ACTION].calls - modestCalls;
    greedy.child.kill("SIGKILL");
    await greedy.exit;
    assert.equal(m.code, 0, m.out);
    // At most a window's worth before the modest process's first call, then one per turn; one more per call of slack for timers.
    assert.ok(greedyCalls <= QUOTA + 2 * modestCalls, `the greedy process made ${greedyCalls} calls while the modest one made ${modestCalls}`);
    assert.equal(emu.stats()[ACTION].throttled, 0);
  });

  it("kill -9 of a process holding every slot with calls in flight: its leases end one window and the slack after its last renewal, and the others finish with no throttled answer at the full budget", async () => {
    // A server that takes requests and never answers: the doomed worker's calls stay in flight.
    let received = 0;
    let onAll: () => void;
    const allInFlight = new Promise<void>((resolve) => (onAll = resolve));
    const blackHole = http.createServer(() => {
      if (++received === QUOTA) onAll();
    });
    await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
    const holeUrl = `http://127.0.0.1:${(blackHole.address() as net.AddressInfo).port}`;
    const inspect = new Redis(redis.port, "127.0.0.1");
    try {
      const doomed = worker(holeUrl, 3, QUOTA, { "alicloud-iot:quotaStore": redis.url });
      await doomed.ready;
      doomed.go();
      await allInFlight;
      const survivors = [0, 1].map((k) => worker(emu.endpoint, k, 6, { "alicloud-iot:quotaStore": redis.url }));
      await Promise.all(survivors.map((w) => w.ready));
      for (const w of survivors) w.go(); // they queue behind the doomed worker's slots

      const [liveKey] = await inspect.keys("alicloud-iot:quota:*:live");
      const redisNow = async (): Promise<number> => {
        const [sec, usec] = (await inspect.time()) as unknown as [string, string];
        return Number(sec) * 1000 + Math.floor(Number(usec) / 1000);
      };
      const beforeKill = await redisNow();
      doomed.child.kill("SIGKILL");
      await doomed.exit;
      const afterKill = await redisNow();
      const leases = await inspect.zrange(liveKey, "0", "-1", "WITHSCORES");
      const doomedLeaseEnds = leases.filter((_, i) => i % 2 === 1).map(Number);
      assert.equal(doomedLeaseEnds.length, QUOTA);
      // In Redis time: each dead call's lease ends one window and the slack after its last renewal,
      // which came before the kill, so at most 1,100 ms after the kill; and it was renewed while the
      // process lived (the lease did not start at the call's start, seconds before).
      const lease = QPS_WINDOW_MS + QUOTA_STORE.leaseSlackMs;
      for (const end of doomedLeaseEnds) {
        assert.ok(end - afterKill <= lease, `a lease runs ${end - afterKill} ms past the kill`);
        assert.ok(end - beforeKill > QPS_WINDOW_MS - QUOTA_STORE.renewEveryMs * 10, `a lease ends ${end - beforeKill} ms after the kill: not renewed`);
      }

      for (const [i, r] of (await Promise.all(survivors.map((w) => w.exit))).entries()) assert.equal(r.code, 0, `survivor ${i}: ${r.out}`);
      const s = emu.stats()[ACTION];
      assert.equal(s.throttled, 0);
      assert.equal(s.calls, 12);
      assert.equal(s.maxCallsInAnyOneSecondWindow, QUOTA, "the survivors used the whole budget, not a share");
    } finally {
      inspect.disconnect();
      blackHole.closeAllConnections();
      await new Promise((resolve) => blackHole.close(resolve));
    }
  });
});
