import assert from "node:assert/strict";
import { RpcClient } from "../../../provider/client/RpcClient";
import { EdgeDriversNotFoundError, getEdgeDrivers } from "../../../provider/edgeDriver/getEdgeDrivers";
import type { Permit, RateLimiter } from "../../../provider/retry/RateLimiter";
import { SlidingWindowLimiter } from "../../../provider/retry/SlidingWindowLimiter";
import { startEmulator, type EmulatorHandle } from "../../../emulator/index";

/* getEdgeDrivers against the in-process emulator, with an explicit client (the program builds its own from pulumi.Config). */

describe(`${getEdgeDrivers.name} (against the emulator)`, function () {
  let emu: EmulatorHandle;
  let client: RpcClient;
  const ids: string[] = [];
  /** Every limiter acquisition of the client: which bucket and at what quota (the pacing contract). */
  const acquired: { bucket: string; quota: number }[] = [];

  before(async () => {
    // Creating the fixtures is not what is measured: no quota on CreateEdgeDriver.
    emu = await startEmulator({ qps: { CreateEdgeDriver: 0 } });
    client = new RpcClient(
      { endpoint: emu.endpoint, region: "cn-shanghai", accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret, qpsOverrides: { CreateEdgeDriver: 1_000_000 } },
      { limiter: recording(new SlidingWindowLimiter(), acquired) },
    );
    for (let i = 0; i < 181; i++) {
      const body = await client.call<{ DriverId: string }>("CreateEdgeDriver", { DriverName: `D${i}`, DriverProtocol: "customize", Runtime: i % 2 ? "c" : "python3", CpuArch: "x86-64" });
      ids.push(body.DriverId);
    }
  });

  after(async () => {
    await emu?.close();
  });

  beforeEach(async () => {
    await emu.reset("stats");
    acquired.length = 0;
  });

  it("returns one driver per id, in input order, duplicates included", async () => {
    const asked = [ids[5], ids[0], ids[5], ids[42]];
    const result = await getEdgeDrivers({ driverIds: asked }, { client });
    assert.deepEqual(result.driverIds, asked);
    assert.deepEqual(
      result.drivers.map((d) => [d.driverId, d.driverName, d.runtime, d.cpuArch, d.isBuiltIn, d.driverType]),
      [
        [ids[5], "D5", "c", "x86-64", false, 1],
        [ids[0], "D0", "python3", "x86-64", false, 1],
        [ids[5], "D5", "c", "x86-64", false, 1],
        [ids[42], "D42", "python3", "x86-64", false, 1],
      ],
    );
    assert.equal(emu.stats().BatchGetEdgeDriver.calls, 1);
  });

  it("sends 30 ids per call, each through the limiter at BatchGetEdgeDriver's 5 QPS (181 ids → 7 calls)", async () => {
    const reversed = [...ids].reverse();
    const result = await getEdgeDrivers({ driverIds: reversed }, { client });
    assert.deepEqual(
      result.drivers.map((d) => d.driverId),
      reversed,
    );
    const stats = emu.stats().BatchGetEdgeDriver;
    // Seven chunks succeeded; any other call was a throttled attempt the client retried.
    assert.equal(stats.calls - stats.throttled, 7);
    assert.equal(stats.errors, stats.throttled);
    const batchGets = acquired.filter((a) => a.bucket.endsWith(":BatchGetEdgeDriver"));
    assert.equal(batchGets.length, stats.calls);
    assert.deepEqual([...new Set(batchGets.map((a) => a.quota))], [5]);
  });

  it("fails on unknown ids, naming each (the API just leaves them out)", async () => {
    await assert.rejects(getEdgeDrivers({ driverIds: [ids[1], "nope", ids[2], "gone", "nope"] }, { client }), (err: unknown) => {
      assert.ok(err instanceof EdgeDriversNotFoundError);
      assert.deepEqual(err.missingDriverIds, ["nope", "gone"]);
      assert.equal(
        err.message,
        'No edge driver with id "nope", "gone" exists (BatchGetEdgeDriver did not return it): check the id and the IoT instance (alicloud-iot:iotInstanceId)',
      );
      return true;
    });
  });

  it("returns nothing for no ids without calling the API, and rejects empty ids", async () => {
    assert.deepEqual(await getEdgeDrivers({ driverIds: [] }, { client }), { driverIds: [], drivers: [] });
    assert.equal(emu.stats().BatchGetEdgeDriver?.calls ?? 0, 0);
    await assert.rejects(getEdgeDrivers({ driverIds: [""] }, { client }), { message: 'Expected every `driverIds` entry to be a non-empty string, got ""' });
  });
});

/** A limiter that records each acquisition before delegating. */
function recording(inner: RateLimiter, log: { bucket: string; quota: number }[]): RateLimiter {
  return {
    acquire(bucket: string, quota: number): Promise<Permit> {
      log.push({ bucket, quota });
      return inner.acquire(bucket, quota);
    },
  };
}
