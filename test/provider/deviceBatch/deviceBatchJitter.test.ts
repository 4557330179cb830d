import assert from "node:assert/strict";
import { startEmulator, type EmulatorHandle } from "../../../emulator/index";
import { getClient } from "../../../provider/client/getClient";
import { resetConfig } from "../../../provider/config";
import type { DeviceBatchInputs, DeviceBatchOutputs } from "../../../provider/deviceBatch/deviceBatchTypes";
import { limitsFor } from "../../../provider/limits";
import * as provider from "../../../provider/deviceBatch/deviceBatchProvider";
import { captureConsole } from "../../helpers/captureConsole";
import { configureForEmulator } from "../../helpers/configureForEmulator";
import { names } from "./deviceBatchFakeApi";

/*
 * The quota as the server counts it, under network jitter: the real provider code (DeviceBatch
 * create, then an update that deletes 500 devices) against the emulator over HTTP, every quota at
 * its documented value, each request held 0–80 ms (seeded) before the emulator counts it as arrived.
 * The emulator must see no throttled answer and no window over any quota. The 10,000 + 2,000 figure
 * of the benchmark is in docs/device-batch.md; this is its CI-sized version.
 */
describe("DeviceBatch under 0-80 ms latency jitter (against the emulator)", function () {
  this.timeout(120_000);
  let emu: EmulatorHandle;
  captureConsole(["log", "error"]);

  before(async () => {
    emu = await startEmulator({ latencyJitterMs: [0, 80], jitterSeed: 9, checkDelayMs: 20, createDelayMs: 50 });
    configureForEmulator(emu);
  });

  after(async () => {
    resetConfig();
    await emu?.close();
  });

  it("registers 3,000 and deletes 500 devices with 0 throttled answers and no window over quota at the server", async () => {
    const productKey = (await getClient().call<{ ProductKey: string }>("CreateProduct", { ProductName: "jitter", NodeType: 0 })).ProductKey;
    const inputs = async (count: number): Promise<DeviceBatchInputs> => {
      const checked = await provider.check({} as DeviceBatchInputs, { productKey, devices: names(count) } as never);
      return { ...(checked.inputs as DeviceBatchInputs), __provider: "p" } as DeviceBatchInputs;
    };
    const created = await provider.create(await inputs(3_000));
    assert.equal((created.outs as DeviceBatchOutputs).deviceCount, 3_000);
    const updated = await provider.update(created.id, created.outs as DeviceBatchOutputs, await inputs(2_500));
    assert.equal((updated.outs as DeviceBatchOutputs).deviceCount, 2_500);

    const stats = emu.stats();
    assert.equal(stats.QueryPageByApplyId.calls, 60);
    assert.equal(stats.DeleteDevice.calls, 500);
    for (const [action, s] of Object.entries(stats)) {
      assert.equal(s.throttled, 0, `${action}: ${JSON.stringify(s)}`);
      assert.ok(s.maxCallsInAnyOneSecondWindow <= limitsFor(action).qps, `${action}: ${s.maxCallsInAnyOneSecondWindow} in one window, quota ${limitsFor(action).qps}`);
    }
  });
});
