import assert from "node:assert/strict";
import { getClient } from "../../../provider/client/getClient";
import { resetConfig } from "../../../provider/config";
import type { DeviceBatchInputs } from "../../../provider/deviceBatch/deviceBatchTypes";
import type { PartialFailure } from "../../../provider/dynamic/partialFailure";
import type { ThingsServiceInvocationInputs, ThingsServiceInvocationOutputs } from "../../../provider/thingsServiceInvocation/thingsServiceInvocationTypes";
import * as deviceBatch from "../../../provider/deviceBatch/deviceBatchProvider";
import * as provider from "../../../provider/thingsServiceInvocation/thingsServiceInvocationProvider";
import { startEmulator, type EmulatorHandle } from "../../../emulator/index";
import { names } from "../deviceBatch/deviceBatchFakeApi";
import { configureForEmulator } from "../../helpers/configureForEmulator";
import { deviceNames } from "../../../provider/thingsServiceInvocation/thingsServiceInvocationTypes";
import { captureConsole } from "../../helpers/captureConsole";

/*
 * The ThingsServiceInvocation operations against the in-process emulator (real HTTP, signing, the
 * shared limiter at the documented 10 QPS). Devices are registered through the DeviceBatch
 * operations; what was invoked is asserted through the emulator's invocation record.
 */

const PROVIDER = 'require("pulumi-alicloud-iot/dist/provider/resources/thingsServiceInvocationProvider.js")';

describe("thingsServiceInvocationProvider (against the emulator)", function () {
  this.timeout(60_000);
  let emu: EmulatorHandle;
  let productKey: string;
  let productSeq = 0;
  const logs = captureConsole(["log"]);

  before(async () => {
    emu = await startEmulator({ checkDelayMs: 20, createDelayMs: 50 });
    configureForEmulator(emu);
  });

  after(async () => {
    resetConfig();
    await emu?.close();
  });

  beforeEach(async () => {
    emu.clearFaults();
    productKey = (await getClient().call<{ ProductKey: string }>("CreateProduct", { ProductName: `tsi_${++productSeq}`, NodeType: 0 })).ProductKey;
    const batch = await deviceBatch.check({} as DeviceBatchInputs, { productKey, devices: names(250) } as never);
    await deviceBatch.create(batch.inputs as DeviceBatchInputs);
    await emu.reset("invocations,stats");
    logs.length = 0; // only what the test itself logs
  });

  async function inputs(extra: Record<string, unknown> = {}): Promise<ThingsServiceInvocationInputs> {
    const checked = await provider.check({} as never, { productKey, identifier: "SetLevel", args: { level: 3 }, devices: names(250).reverse(), ...extra } as never);
    assert.equal(checked.failures, undefined, JSON.stringify(checked.failures));
    return { ...(checked.inputs as ThingsServiceInvocationInputs), __provider: PROVIDER } as ThingsServiceInvocationInputs;
  }
  const invokeCalls = (): number => emu.stats().InvokeThingsService?.calls ?? 0;
  const allCalls = (): number => Object.values(emu.stats()).reduce((n, s) => n + s.calls, 0);
  const invokedNames = (): string[] => emu.invocations().flatMap((i) => i.deviceNames);

  it("invokes on 250 devices in 3 calls (100, 100, 50) and records what it did", async () => {
    const { id, outs } = await provider.create(await inputs());
    const o = outs as ThingsServiceInvocationOutputs;
    const recorded = emu.invocations();
    assert.deepEqual(recorded.map((i) => i.deviceNames.length), [100, 100, 50]);
    for (const i of recorded) {
      assert.deepEqual([i.productKey, i.identifier, i.args, i.iotInstanceId], [productKey, "SetLevel", { level: 3 }, null]);
    }
    assert.deepEqual(invokedNames(), names(250));
    assert.match(id, new RegExp(`^${productKey}:SetLevel:[0-9a-f]{12}$`));
    assert.deepEqual(deviceNames(o.__devices), names(250));
    assert.equal(o.invokedDevices, 250);
    assert.equal(o.calls, 3);
    assert.deepEqual(o.__requestIds, recorded.map((i) => i.requestId));
    assert.ok(!Number.isNaN(Date.parse(o.invokedAt)), o.invokedAt);
    assert.equal(o.devices, "250 devices");
    // outside the engine's provider host the lines go to the console, prefixed with the type
    assert.equal(logs[0], `ThingsServiceInvocation: invoking SetLevel on 250 devices of product ${productKey}: 3 InvokeThingsService calls, ≥ 0 s at 10 QPS`);
    assert.match(logs.at(-1)!, new RegExp(`^ThingsServiceInvocation: invoked SetLevel on 250 of 250 devices of product ${productKey}: 3 calls, 0 retries \\(0 throttled\\), \\d+\\.\\d s$`));
  });

  it("check, diff, read, delete and a device removal make no API call", async () => {
    const { id, outs } = await provider.create(await inputs());
    const o = outs as ThingsServiceInvocationOutputs;
    const before = allCalls();
    assert.deepEqual(await provider.diff(id, o, await inputs()), { changes: false });
    assert.deepEqual(await provider.read(id, o), { id, props: o });
    const shrunk = await provider.update(id, o, await inputs({ devices: names(200) }));
    const s = shrunk.outs as ThingsServiceInvocationOutputs;
    assert.deepEqual([deviceNames(s.__devices), s.invokedDevices, s.calls, s.invokedAt], [names(200), 200, 3, o.invokedAt]);
    await provider.delete(id, o);
    assert.equal(allCalls(), before);
  });

  it("update invokes only added devices", async () => {
    const created = await provider.create(await inputs({ devices: names(120) }));
    const { outs } = await provider.update(created.id, created.outs as ThingsServiceInvocationOutputs, await inputs({ devices: [...names(119), "lamp-000200"] }));
    const o = outs as ThingsServiceInvocationOutputs;
    assert.deepEqual(emu.invocations().at(-1)!.deviceNames, ["lamp-000200"]);
    assert.equal(invokeCalls(), 3);
    assert.deepEqual([o.invokedDevices, o.calls, o.__requestIds.length], [120, 3, 3]);
    assert.deepEqual(deviceNames(o.__devices), [...names(119), "lamp-000200"]);
  });

  it("a settings change re-invokes on every desired device in update (never a replacement); 0.1.0 state updates too", async () => {
    const created = await provider.create(await inputs({ devices: names(150) }));
    const legacy = { ...(created.outs as unknown as Record<string, unknown>), devices: Object.fromEntries(names(150).map((n) => [n, true])), requestIds: ["R0"] } as Record<string, unknown>;
    delete legacy.__devices;
    delete legacy.__requestIds;
    const { outs } = await provider.update(created.id, legacy as never, await inputs({ devices: names(151), args: { level: 4 } }));
    const o = outs as ThingsServiceInvocationOutputs;
    assert.deepEqual(emu.invocations().slice(2).map((i) => [i.deviceNames.length, i.args]), [[100, { level: 4 }], [51, { level: 4 }]]);
    assert.deepEqual([deviceNames(o.__devices), o.invokedDevices, o.calls, o.__requestIds.length, o.devices], [names(151), 151, 4, 3, "151 devices"]);
    assert.equal(o.__requestIds[0], "R0");
  });

  it("a failure mid-way is a partial failure with the devices invoked so far; the next update invokes only the rest", async () => {
    emu.addFault({ action: "InvokeThingsService", afterCalls: 1, code: "iot.system.SystemException", httpStatus: 200, message: "A system exception occurred." });
    const raw = await inputs();
    const err = (await provider.create(raw).then(
      () => assert.fail("create succeeded"),
      (e: unknown) => e,
    )) as PartialFailure;
    assert.match(err.message, new RegExp(`^Invoked SetLevel on 100 of 250 devices of product ${productKey} before InvokeThingsService failed: .*iot\\.system\\.SystemException`));
    assert.match(err.message, /the next `pulumi up` invokes the remaining 150\.$/);
    assert.match(err.id, new RegExp(`^${productKey}:SetLevel:`));
    const partial = err.properties as unknown as ThingsServiceInvocationOutputs & { __provider: string };
    assert.equal(partial.__provider, PROVIDER);
    assert.deepEqual(deviceNames(partial.__devices), names(100));
    assert.deepEqual([partial.invokedDevices, partial.calls, partial.__requestIds.length], [100, 1, 1]);
    assert.equal(err.reasons.length, 1, "a business error proves the call did not run");
    assert.deepEqual(invokedNames(), names(100));

    // The engine records `partial`; the next up diffs it against the same inputs: an update of the rest.
    assert.deepEqual(await provider.diff(err.id, partial, raw), { changes: true });
    const { outs } = await provider.update(err.id, partial, raw);
    const o = outs as ThingsServiceInvocationOutputs;
    assert.deepEqual(invokedNames(), names(250), "each device invoked exactly once");
    assert.deepEqual([deviceNames(o.__devices), o.invokedDevices, o.calls, o.__requestIds.length], [names(250), 250, 3, 3]);
  });

  it("an unknown outcome is not retried and is recorded as not invoked (at least once), saying so", async () => {
    emu.addFault({ action: "InvokeThingsService", afterCalls: 2, code: "InternalError", httpStatus: 500 });
    const err = (await provider.create(await inputs()).then(
      () => assert.fail("create succeeded"),
      (e: unknown) => e,
    )) as PartialFailure;
    assert.equal(invokeCalls(), 3, "the client retried a call that may have run");
    assert.deepEqual(deviceNames((err.properties as unknown as ThingsServiceInvocationOutputs).__devices), names(200));
    assert.equal(err.reasons[1], "the failed call (devices lamp-000201…lamp-000250) may have reached the devices: the client could not tell. They are recorded as not invoked, so the next `pulumi up` invokes them again (at least once).");
  });

  it("a failure of the first call records nothing (a plain error); an update failure keeps the old state", async () => {
    const err = await provider.create(await inputs({ devices: ["lamp-000001", "ghost-0001"] })).then(
      () => assert.fail("create succeeded"),
      (e: unknown) => e as Error & { id?: string },
    );
    assert.equal(err.id, undefined);
    assert.match(err.message, /^Invoked SetLevel on 0 of 2 devices .*iot\.device\.NotExistedDevice/);

    const created = await provider.create(await inputs({ devices: names(10) }));
    const failed = (await provider.update(created.id, created.outs as ThingsServiceInvocationOutputs, await inputs({ devices: [...names(5), "ghost-0001"] })).then(
      () => assert.fail("update succeeded"),
      (e: unknown) => e,
    )) as PartialFailure;
    assert.equal(failed.id, created.id);
    assert.deepEqual(deviceNames((failed.properties as unknown as ThingsServiceInvocationOutputs).__devices), names(5), "removed devices leave, the failed one is not recorded");
    assert.equal((failed.properties as unknown as ThingsServiceInvocationOutputs).calls, 1);
  });
});
