import assert from "node:assert/strict";
import { getClient } from "../../../provider/client/getClient";
import { resetConfig } from "../../../provider/config";
import type { DeviceBatchInputs, DeviceBatchOutputs } from "../../../provider/deviceBatch/deviceBatchTypes";
import type { GatewayTopologyInputs, GatewayTopologyOutputs } from "../../../provider/gatewayTopology/gatewayTopologyTypes";
import type { PartialFailure } from "../../../provider/dynamic/partialFailure";
import * as deviceBatch from "../../../provider/deviceBatch/deviceBatchProvider";
import * as provider from "../../../provider/gatewayTopology/gatewayTopologyProvider";
import { startEmulator, type EmulatorHandle } from "../../../emulator/index";
import { configureForEmulator } from "../../helpers/configureForEmulator";
import { captureConsole } from "../../helpers/captureConsole";

/*
 * The GatewayTopology operations called directly against the in-process emulator (real HTTP, signing,
 * Sign verification, the shared limiter at the documented quotas: BatchAddThingTopo and
 * BatchQueryDeviceDetail 5 QPS). Devices are registered with the DeviceBatch operations.
 */

const PROVIDER = 'require("pulumi-alicloud-iot/dist/provider/resources/gatewayTopologyProvider.js")';
const sub = (i: number): string => `sub-${String(i).padStart(4, "0")}`;

describe("gatewayTopologyProvider (against the emulator)", function () {
  this.timeout(60_000);
  let emu: EmulatorHandle;
  let gwProduct: string;
  let subProduct: string;
  const secrets: string[] = [];
  const logs = captureConsole(["log", "error"]);
  let gwSeq = 0;

  async function register(productKey: string, devices: string[]): Promise<void> {
    const checked = await deviceBatch.check({} as DeviceBatchInputs, { productKey, devices } as never);
    await deviceBatch.create(checked.inputs as DeviceBatchInputs);
    for (const d of emu.devicesOf(productKey)) secrets.push(d.secret);
  }

  before(async () => {
    emu = await startEmulator({ checkDelayMs: 10, createDelayMs: 20 });
    configureForEmulator(emu);
    gwProduct = (await getClient().call<{ ProductKey: string }>("CreateProduct", { ProductName: "gateways", NodeType: 1 })).ProductKey;
    subProduct = (await getClient().call<{ ProductKey: string }>("CreateProduct", { ProductName: "sensors", NodeType: 0 })).ProductKey;
    await register(gwProduct, Array.from({ length: 8 }, (_, i) => `gw-${String(i + 1).padStart(4, "0")}`));
    await register(subProduct, Array.from({ length: 40 }, (_, i) => sub(i + 1)));
  });

  after(async () => {
    resetConfig();
    await emu?.close();
  });

  let gateway: { productKey: string; deviceName: string };
  beforeEach(() => {
    emu.clearFaults();
    gateway = { productKey: gwProduct, deviceName: `gw-${String(++gwSeq).padStart(4, "0")}` };
  });

  async function inputs(subDevices: unknown, gw = gateway): Promise<GatewayTopologyInputs> {
    const checked = await provider.check({} as GatewayTopologyInputs, { gateway: gw, subDevices } as never);
    assert.equal(checked.failures, undefined, JSON.stringify(checked.failures));
    return { ...(checked.inputs as GatewayTopologyInputs), __provider: PROVIDER } as GatewayTopologyInputs;
  }
  const keys = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `${subProduct}/${sub(from + i)}`);

  /** `productKey/deviceName` → IotId of the sub-devices the emulator has on gateway `gw`. */
  function remote(gw = gateway): Map<string, string> {
    const out = new Map<string, string>();
    for (const d of emu.devicesOf(gw.productKey)) if (d.name === gw.deviceName) for (const s of d.subs ?? []) out.set(`${s.product.productKey}/${s.name}`, s.iotId);
    return out;
  }
  const calls = (action: string): number => emu.stats()[action]?.calls ?? 0;
  const leaked = (text: string): string[] => secrets.filter((s) => text.includes(s));

  it("creates: 25 sub-devices in 3 BatchAddThingTopo calls, IotIds recorded, no secret in state or logs", async () => {
    const before = calls("BatchAddThingTopo");
    const { id, outs } = await provider.create(await inputs(keys(1, 25).map((k) => ({ productKey: subProduct, deviceName: k.split("/")[1] }))));
    const o = outs as GatewayTopologyOutputs;
    assert.equal(id, `${gwProduct}/${gateway.deviceName}`);
    assert.equal(calls("BatchAddThingTopo") - before, 3);
    const r = remote();
    assert.equal(r.size, 25);
    assert.equal(o.subDeviceCount, 25);
    for (const [k, iotId] of r) assert.deepEqual(o.subDevices[k], { iotId });
    assert.deepEqual(leaked(JSON.stringify(outs) + logs.join("\n")), []);
  });

  it("checks and diffs without calling the API", async () => {
    const { outs } = await provider.create(await inputs(keys(1, 3)));
    const before = Object.values(emu.stats()).reduce((n, s) => n + s.calls, 0);
    assert.deepEqual(await provider.diff("id", outs as GatewayTopologyOutputs, await inputs(keys(1, 3).reverse())), { changes: false });
    assert.deepEqual(await provider.diff("id", outs as GatewayTopologyOutputs, await inputs(keys(2, 4))), { changes: true });
    assert.deepEqual(await provider.diff("id", outs as GatewayTopologyOutputs, await inputs(keys(1, 3), { productKey: gwProduct, deviceName: "gw-0099" })), {
      changes: true, replaces: ["gateway"], deleteBeforeReplace: true,
    });
    assert.equal(Object.values(emu.stats()).reduce((n, s) => n + s.calls, 0), before);
  });

  it("reads what is attached: an out-of-band removal shows as drift; a deleted gateway is gone", async () => {
    const created = await provider.create(await inputs(keys(1, 12)));
    await getClient().call("RemoveThingTopo", { ProductKey: subProduct, DeviceName: sub(5) });
    const r1 = await provider.read(created.id, created.outs as GatewayTopologyOutputs);
    const o1 = r1.props as GatewayTopologyOutputs;
    assert.equal(r1.id, created.id);
    assert.equal(o1.subDeviceCount, 11);
    assert.equal(o1.subDevices[`${subProduct}/${sub(5)}`], undefined);
    assert.deepEqual(Object.keys((r1.inputs as unknown as GatewayTopologyInputs).subDevices).sort(), keys(1, 12).filter((k) => !k.endsWith(sub(5))).sort());
    assert.deepEqual((r1.inputs as unknown as GatewayTopologyInputs).gateway, gateway);

    await getClient().call("DeleteDevice", { ProductKey: gateway.productKey, DeviceName: gateway.deviceName });
    assert.deepEqual(await provider.read(created.id, o1), { id: "" });
    await provider.delete(created.id, o1); // nothing left to detach: no error
  });

  it("updates as a set: attaches added, detaches removed, leaves a sub-device moved to another gateway alone", async () => {
    const created = await provider.create(await inputs(keys(1, 10)));
    const other = { productKey: gwProduct, deviceName: "gw-0008" };
    // sub-0003 is taken over by another gateway out of band (BatchAddThingTopo moves it).
    const moved = await provider.create(await inputs([`${subProduct}/${sub(3)}`], other));
    const { outs } = await provider.update(created.id, created.outs as GatewayTopologyOutputs, await inputs([...keys(4, 10), ...keys(11, 12)]));
    const o = outs as GatewayTopologyOutputs;
    assert.deepEqual([...remote().keys()].sort(), [...keys(4, 12)].sort());
    assert.deepEqual(Object.keys(o.subDevices).sort(), [...keys(4, 12)].sort());
    assert.equal(o.subDeviceCount, 9);
    assert.deepEqual([...remote(other).keys()], [`${subProduct}/${sub(3)}`], "the moved sub-device was detached from its new gateway");
    await provider.delete(moved.id, moved.outs as GatewayTopologyOutputs);
  });

  it("deletes every recorded relation; deleting again (no relations) succeeds", async () => {
    const created = await provider.create(await inputs(keys(1, 11)));
    await getClient().call("RemoveThingTopo", { ProductKey: subProduct, DeviceName: sub(1) }); // one already gone
    await provider.delete(created.id, created.outs as GatewayTopologyOutputs);
    assert.equal(remote().size, 0);
    for (const k of keys(1, 11)) {
      const d = emu.devicesOf(subProduct).find((x) => x.name === k.split("/")[1]);
      assert.ok(d, `${k} is gone`);
      assert.equal(d.gw, undefined, `${k} still attached`);
    }
    await provider.delete(created.id, created.outs as GatewayTopologyOutputs);
  });

  it("a failing chunk after others is a partial failure with the attached ones and __provider", async () => {
    emu.addFault({ action: "BatchAddThingTopo", afterCalls: 1, count: 0, httpStatus: 200, code: "iot.system.SystemException" });
    const err = (await provider.create(await inputs(keys(1, 25))).then(
      () => assert.fail("create succeeded"),
      (e: unknown) => e,
    )) as PartialFailure;
    assert.equal(err.id, `${gwProduct}/${gateway.deviceName}`);
    const props = err.properties as unknown as GatewayTopologyOutputs & { __provider: string };
    assert.equal(props.subDeviceCount, 10);
    assert.deepEqual(Object.keys(props.subDevices).sort(), keys(1, 10).sort());
    assert.equal(remote().size, 10);
    assert.equal(props.__provider, PROVIDER);
    assert.match(err.message, /Attached 10 of 25 sub-devices \(1 BatchAddThingTopo calls\)/);
    emu.clearFaults();
    await provider.delete(err.id, props);
    assert.equal(remote().size, 0);
  });

  it("fails before attaching anything when a sub-device does not exist", async () => {
    const before = calls("BatchAddThingTopo");
    await assert.rejects(provider.create(await inputs([...keys(1, 2), `${subProduct}/nope-0001`])), (e: Error) => {
      assert.equal(e.message, `1 sub-device(s) do not exist, nothing was attached: ${subProduct}/nope-0001`);
      assert.equal((e as Partial<PartialFailure>).properties, undefined);
      return true;
    });
    assert.equal(calls("BatchAddThingTopo"), before);
    assert.equal(remote().size, 0);
  });
});
