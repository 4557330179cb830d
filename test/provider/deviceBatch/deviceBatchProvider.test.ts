import assert from "node:assert/strict";
import { getClient } from "../../../provider/client/getClient";
import { resetConfig } from "../../../provider/config";
import type { DeviceBatchInputs, DeviceBatchOutputs } from "../../../provider/deviceBatch/deviceBatchTypes";
import type { PartialFailure } from "../../../provider/dynamic/partialFailure";
import * as provider from "../../../provider/deviceBatch/deviceBatchProvider";
import { startEmulator, type EmulatorHandle } from "../../../emulator/index";
import { names } from "./deviceBatchFakeApi";
import { configureForEmulator } from "../../helpers/configureForEmulator";
import { captureConsole } from "../../helpers/captureConsole";
import { viewOutputs } from "../../helpers/deviceBatchView";

/*
 * The DeviceBatch operations called directly against the in-process emulator (real HTTP, signing,
 * limiter). DeleteDevice and BatchQueryDeviceDetail quotas are raised on both sides (emulator `qps`
 * and `alicloud-iot:qpsOverrides`) so deletions and refreshes of hundreds of devices take well under
 * a second; everything else runs at the documented quotas.
 */

const QPS = { DeleteDevice: 2_000, BatchQueryDeviceDetail: 200 };

describe("deviceBatchProvider (against the emulator)", function () {
  this.timeout(60_000);
  let emu: EmulatorHandle;
  let productKey: string;
  let productSeq = 0;
  const logs = captureConsole(["log", "error"]);

  before(async () => {
    emu = await startEmulator({ qps: QPS, checkDelayMs: 20, createDelayMs: 50 });
    configureForEmulator(emu, QPS);
  });

  after(async () => {
    resetConfig();
    await emu?.close();
  });

  beforeEach(async () => {
    emu.clearFaults();
    const body = await getClient().call<{ ProductKey: string }>("CreateProduct", { ProductName: `lights_${++productSeq}`, NodeType: 0 });
    productKey = body.ProductKey;
  });

  const PROVIDER = "require(\"pulumi-alicloud-iot/dist/provider/resources/deviceBatchProvider.js\")";

  async function inputs(devices: unknown, extra: Record<string, unknown> = {}): Promise<DeviceBatchInputs> {
    const checked = await provider.check({} as DeviceBatchInputs, { productKey, devices, ...extra } as never);
    assert.equal(checked.failures, undefined, JSON.stringify(checked.failures));
    return { ...(checked.inputs as DeviceBatchInputs), __provider: PROVIDER } as DeviceBatchInputs;
  }

  /** The product's devices in the emulator: name → { iotId, secret, nickname }. */
  function remote(): Map<string, { iotId: string; secret: string; nickname?: string }> {
    const out = new Map<string, { iotId: string; secret: string; nickname?: string }>();
    for (const d of emu.devicesOf(productKey)) out.set(d.name, { iotId: d.iotId, secret: d.secret, nickname: d.nickname });
    return out;
  }

  const calls = (): number => Object.values(emu.stats()).reduce((n, s) => n + s.calls, 0);

  it("creates a batch: IotIds of every device and no DeviceSecret in the outputs, nicknames set, counted", async () => {
    const { id, outs } = await provider.create(await inputs([...names(118), { name: "lamp-x1", nickname: "智能灯1" }, { name: "lamp-x2", nickname: "lamp_two" }]));
    const o = viewOutputs(outs);
    const r = remote();
    assert.match(id, new RegExp(`^${productKey}:[0-9a-f]{12}$`));
    assert.equal(o.deviceCount, 120);
    assert.equal(r.size, 120);
    const text = JSON.stringify(o);
    for (const [name, d] of r) {
      assert.equal(o.devices[name].iotId, d.iotId);
      assert.ok(!text.includes(d.secret), `the DeviceSecret of ${name} is in the outputs`);
    }
    assert.deepEqual(o.devices["lamp-x1"], { iotId: r.get("lamp-x1")!.iotId, nickname: "智能灯1" });
    assert.equal(r.get("lamp-x1")!.nickname, "智能灯1");
    assert.equal(o.applyIds.length, 1);
    assert.deepEqual(o.pendingApplyIds, []);
    assert.equal(logs.at(-1), `registered 120 / 120 devices of product ${productKey}`);
    assert.ok(!logs.join("\n").includes(r.get("lamp-x1")!.secret), "a DeviceSecret was logged");
  });

  it("checks and diffs without calling the API; reordering is no change", async () => {
    const { outs } = await provider.create(await inputs(names(50)));
    const before = calls();
    const reordered = await inputs(names(50).reverse());
    assert.deepEqual(await provider.diff("id", outs as DeviceBatchOutputs, reordered), { changes: false });
    assert.deepEqual(await provider.diff("id", outs as DeviceBatchOutputs, await inputs([...names(49), "lamp-new1"])), { changes: true });
    assert.equal(calls(), before);
  });

  it("updates as a set: registers added names, deletes removed ones, changes nicknames", async () => {
    const created = await provider.create(await inputs([...names(20), { name: "lamp-nick", nickname: "old_name" }]));
    const news = await inputs([...names(18, "lamp", 3), "lamp-add1", "lamp-add2", "lamp-add3", { name: "lamp-nick", nickname: "新名字" }]);
    const { outs } = await provider.update(created.id, created.outs as DeviceBatchOutputs, news);
    const o = viewOutputs(outs);
    const r = remote();
    assert.deepEqual([...r.keys()].sort(), Object.keys(news.devices).sort());
    assert.deepEqual(Object.keys(o.devices).sort(), Object.keys(news.devices).sort());
    assert.equal(o.deviceCount, 22);
    assert.equal(r.get("lamp-nick")!.nickname, "新名字");
    assert.deepEqual(o.devices["lamp-nick"], { iotId: viewOutputs(created.outs).devices["lamp-nick"].iotId, nickname: "新名字" });
    assert.ok(!JSON.stringify(o).includes(r.get("lamp-add1")!.secret), "a DeviceSecret is in the outputs");
    assert.equal(o.applyIds.length, 2);
  });

  it("reads drift: a device deleted out of band leaves props and inputs, a nickname changed out of band is taken over", async () => {
    const created = await provider.create(await inputs([...names(30), { name: "lamp-nick", nickname: "mine" }]));
    const o = viewOutputs(created.outs);
    await getClient().call("DeleteDevice", { IotId: o.devices["lamp-000007"].iotId });
    await getClient().call("BatchUpdateDeviceNickname", { DeviceNicknameInfo: [{ IotId: o.devices["lamp-nick"].iotId, Nickname: "theirs" }] });
    const detailCalls = emu.stats().BatchQueryDeviceDetail?.calls ?? 0;
    const read = await provider.read(created.id, created.outs as DeviceBatchOutputs);
    const props = read.props as DeviceBatchOutputs;
    assert.equal(read.id, created.id);
    assert.equal(props.deviceCount, 30);
    assert.equal(viewOutputs(props).devices["lamp-000007"], undefined);
    assert.equal(viewOutputs(props).devices["lamp-nick"].nickname, "theirs");
    assert.equal((read.inputs as unknown as DeviceBatchInputs).devices["lamp-nick"], "theirs");
    assert.equal((read.inputs as unknown as DeviceBatchInputs).devices["lamp-000007"], undefined);
    assert.equal(emu.stats().BatchQueryDeviceDetail.calls - detailCalls, 1, "31 names need one BatchQueryDeviceDetail call");

    // The next up sees the drift and heals it.
    const desired = await inputs([...names(30), { name: "lamp-nick", nickname: "mine" }]);
    assert.deepEqual(await provider.diff(created.id, props, desired), { changes: true });
    const healed = (await provider.update(created.id, props, desired)).outs as DeviceBatchOutputs;
    assert.equal(healed.deviceCount, 31);
    assert.equal(remote().get("lamp-000007")!.iotId, viewOutputs(healed).devices["lamp-000007"].iotId);
    assert.equal(remote().get("lamp-nick")!.nickname, "mine");
  });

  it("on CHECK_FAILED names each invalid device with the service's reason and registers nothing", async () => {
    emu.addFault({ action: "BatchCheckDeviceNames", count: 0, failJob: ["lamp-000003", "lamp-000009"] });
    const registrations = emu.stats().BatchRegisterDeviceWithApplyId?.calls ?? 0;
    await assert.rejects(provider.create(await inputs(names(10))), (e: Error & { id?: string }) => {
      assert.equal(e.id, undefined, "a failed check must not record a resource");
      assert.equal(
        e.message,
        [
          `BatchCheckDeviceNames rejected 2 of 10 device names for product ${productKey}; nothing was registered:`,
          "  - lamp-000003: Injected failure (emulator fault).",
          "  - lamp-000009: Injected failure (emulator fault).",
        ].join("\n"),
      );
      return true;
    });
    assert.deepEqual([...remote().keys()], []);
    assert.equal(emu.stats().BatchRegisterDeviceWithApplyId?.calls ?? 0, registrations);
  });

  it("refuses names that already exist, and adopts them (fixing nicknames) with adoptExisting", async () => {
    await provider.create(await inputs(names(5)));
    await assert.rejects(provider.create(await inputs(names(8))), /5 of 8 devices already exist in product .*; nothing was registered\. Remove them from `devices`, or set `adoptExisting: true`/);
    assert.equal(remote().size, 5);
    const { outs } = await provider.create(
      await inputs([{ name: "lamp-000001", nickname: "first" }, ...names(6, "lamp", 2), { name: "lamp-000008", nickname: "eighth" }], { adoptExisting: true }),
    );
    const o = viewOutputs(outs);
    assert.equal(o.deviceCount, 8);
    assert.ok(!JSON.stringify(o).includes(remote().get("lamp-000001")!.secret), "a DeviceSecret is in the outputs");
    assert.equal(remote().get("lamp-000001")!.nickname, "first");
    assert.equal(o.devices["lamp-000001"].nickname, "first");
    assert.equal(remote().get("lamp-000008")!.nickname, "eighth");
  });

  it("never orphans: a failure in chunk 2 records chunk 1 (partial state), the next update completes it, delete removes all", async () => {
    // x509 chunks at 1,000 names: 2,500 devices = 3 chunks; the 2nd registration fails for good.
    productKey = (await getClient().call<{ ProductKey: string }>("CreateProduct", { ProductName: `cams_${++productSeq}`, NodeType: 0, AuthType: "x509" })).ProductKey;
    emu.addFault({ action: "BatchRegisterDeviceWithApplyId", afterCalls: 1, count: 0, httpStatus: 200, code: "iot.system.SystemException" });
    const news = await inputs(names(2_500), { authType: "x509" });
    const err = (await provider.create(news).then(
      () => assert.fail("create succeeded"),
      (e: unknown) => e,
    )) as PartialFailure;
    assert.equal(typeof err.id, "string");
    assert.equal(err.properties.__provider, PROVIDER);
    const partial = err.properties as unknown as DeviceBatchOutputs;
    assert.equal(partial.deviceCount, remote().size);
    assert.equal(partial.deviceCount, 1_000);
    assert.match(err.message, /^Registered 1,000 of 2,500 devices of product .* before failing: .*SystemException/);
    assert.ok(!JSON.stringify(err).includes(remote().get("lamp-000001")!.secret), "a DeviceSecret is in the error or its state");
    emu.clearFaults();

    assert.deepEqual(await provider.diff(err.id, partial, news), { changes: true });
    const { outs } = await provider.update(err.id, partial, news);
    const o = viewOutputs(outs);
    assert.equal(o.deviceCount, 2_500);
    assert.equal(remote().size, 2_500);
    assert.deepEqual(o.pendingApplyIds, []);

    await provider.delete(err.id, outs as DeviceBatchOutputs);
    assert.equal(remote().size, 0);
    assert.match(logs.join("\n"), /deleted 2,500 \/ 2,500 devices/);
  });

  it("settles an ApplyId whose pages could not be read: the next update collects its devices without re-registering", async () => {
    emu.addFault({ action: "QueryPageByApplyId", count: 0, httpStatus: 200, code: "iot.system.SystemException" });
    const news = await inputs(names(60));
    const err = (await provider.create(news).catch((e: unknown) => e)) as PartialFailure;
    const partial = err.properties as unknown as DeviceBatchOutputs;
    assert.equal(partial.deviceCount, 0);
    assert.equal(partial.pendingApplyIds.length, 1);
    assert.equal(remote().size, 60, "the devices exist although their pages failed");
    emu.clearFaults();
    const checksBefore = emu.stats().BatchCheckDeviceNames.calls;
    const o = viewOutputs((await provider.update(err.id, partial, news)).outs);
    assert.equal(o.deviceCount, 60);
    assert.deepEqual(o.pendingApplyIds, []);
    assert.deepEqual(o.devices["lamp-000060"], { iotId: remote().get("lamp-000060")!.iotId });
    assert.equal(emu.stats().BatchCheckDeviceNames.calls, checksBefore, "settling re-registered devices");
  });

  it("deletes every device, treating ones already gone as deleted", async () => {
    const created = await provider.create(await inputs(names(40)));
    const o = viewOutputs(created.outs);
    await getClient().call("DeleteDevice", { IotId: o.devices["lamp-000001"].iotId });
    await provider.delete(created.id, created.outs as DeviceBatchOutputs);
    assert.equal(remote().size, 0);
    assert.match(logs.join("\n"), new RegExp(`deleting 40 devices of product ${productKey}; the DeleteDevice quota of 2000 QPS makes this take ≥ 1 s`));
  });

  it("fails delete with what it deleted when DeleteDevice keeps failing, leaving the rest for the next destroy", async () => {
    const created = await provider.create(await inputs(names(100)));
    emu.addFault({ action: "DeleteDevice", afterCalls: 10, count: 0, httpStatus: 200, code: "iot.device.DeleteDeviceFailed" });
    await assert.rejects(provider.delete(created.id, created.outs as DeviceBatchOutputs), /Deleted \d+ of 100 devices of product .* before failing; the rest remain and the next destroy deletes them/);
    emu.clearFaults();
    assert.ok(remote().size > 0);
    await provider.delete(created.id, created.outs as DeviceBatchOutputs);
    assert.equal(remote().size, 0);
  });

  describe("state written by 0.1.0 (per-device objects)", () => {
    /** Outputs exactly as 0.1.0 stored them: `devices` and `deviceSecrets` objects keyed by name. */
    function as010(outs: unknown): Record<string, unknown> {
      const o = outs as DeviceBatchOutputs;
      const v = viewOutputs(outs);
      return {
        productKey: o.productKey,
        authType: o.authType,
        devices: v.devices,
        deviceSecrets: Object.fromEntries([...remote()].filter(([name]) => name in v.devices).map(([name, d]) => [name, d.secret])),
        applyIds: o.applyIds,
        pendingApplyIds: o.pendingApplyIds,
        deviceCount: o.deviceCount,
        __provider: PROVIDER,
      };
    }

    it("diff asks for an update that only rewrites the state compactly, with no API call", async () => {
      const news = await inputs([...names(40), { name: "lamp-nick", nickname: "mine" }]);
      const created = await provider.create(news);
      const old = as010(created.outs) as never;
      assert.deepEqual(await provider.diff(created.id, old, news), { changes: true });
      assert.match(logs.join("\n"), /rewriting state stored by version 0\.1\.0 in the compact shape/);
      assert.ok(Object.keys((old as Record<string, Record<string, string>>).deviceSecrets).length > 0, "the 0.1.0 state under test holds DeviceSecrets");
      const before = calls();
      const { outs } = await provider.update(created.id, old, news);
      assert.equal(calls(), before, "rewriting the state called the API");
      assert.deepEqual(outs, created.outs);
      assert.equal(typeof (outs as DeviceBatchOutputs).iotIds, "string");
      assert.equal((outs as unknown as Record<string, unknown>).deviceSecrets, undefined, "the rewritten state still holds DeviceSecrets");
      assert.deepEqual(await provider.diff(created.id, outs as DeviceBatchOutputs, news), { changes: false });
    });

    it("diff of 0.1.0 state against changed devices names the changes; update applies them", async () => {
      const created = await provider.create(await inputs(names(20)));
      const news = await inputs([...names(19), "lamp-new1"]);
      const old = as010(created.outs) as never;
      assert.deepEqual(await provider.diff(created.id, old, news), { changes: true });
      assert.match(logs.join("\n"), /1 to add, 1 to remove/);
      const o = viewOutputs((await provider.update(created.id, old, news)).outs);
      assert.deepEqual(Object.keys(o.devices).sort(), Object.keys(news.devices).sort());
      assert.equal(o.devices["lamp-new1"].iotId, remote().get("lamp-new1")!.iotId);
      assert.equal(remote().has("lamp-000020"), false);
    });

    it("refresh reads 0.1.0 state and returns the compact shape; destroy deletes every device", async () => {
      const created = await provider.create(await inputs([...names(10), { name: "lamp-nick", nickname: "mine" }]));
      const read = await provider.read(created.id, as010(created.outs) as never);
      assert.deepEqual(read.props, created.outs);
      await provider.delete(created.id, as010(created.outs) as never);
      assert.equal(remote().size, 0);
    });
  });
});
