import assert from "node:assert/strict";
import { getClient } from "../../../provider/client/getClient";
import { resetConfig } from "../../../provider/config";
import type { DeviceBatchInputs, DeviceBatchOutputs } from "../../../provider/deviceBatch/deviceBatchTypes";
import type { PartialFailure } from "../../../provider/dynamic/partialFailure";
import * as provider from "../../../provider/deviceBatch/deviceBatchProvider";
import { startEmulator, type EmulatorHandle } from "../../../emulator/index";
import { captureConsole } from "../../helpers/captureConsole";
import { configureForEmulator } from "../../helpers/configureForEmulator";

/*
 * DeviceBatch learns the product's AuthType (one QueryProduct call) before it chooses the
 * BatchCheckDeviceNames chunk size, against the emulator, which refuses more than 1,000 names per
 * call for an X.509 product (strict: the service drops the rest). A batch on an X.509 product either
 * registers every device or fails before registering anything.
 */

const PROVIDER = 'require("pulumi-alicloud-iot/dist/provider/resources/deviceBatchProvider.js")';
const QPS = { DeleteDevice: 2_000, BatchQueryDeviceDetail: 200 };
const dev = (i: number): string => `cam-${String(i).padStart(5, "0")}`;
const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => dev(from + i));

describe("DeviceBatch on X.509 products: the AuthType comes from QueryProduct (against the emulator)", function () {
  this.timeout(60_000);
  let emu: EmulatorHandle;
  let productKey: string;
  let seq = 0;
  captureConsole(["log", "error"]);

  before(async () => {
    emu = await startEmulator({ qps: QPS, checkDelayMs: 10, createDelayMs: 20 });
    configureForEmulator(emu, QPS);
  });
  after(async () => {
    resetConfig();
    await emu?.close();
  });
  beforeEach(async () => {
    productKey = (await getClient().call<{ ProductKey: string }>("CreateProduct", { ProductName: `cams_${++seq}`, NodeType: 0, AuthType: "x509" })).ProductKey;
  });

  async function inputs(devices: string[], extra: Record<string, unknown> = {}): Promise<DeviceBatchInputs> {
    const checked = await provider.check({} as DeviceBatchInputs, { productKey, devices, ...extra } as never);
    assert.equal(checked.failures, undefined, JSON.stringify(checked.failures));
    return { ...(checked.inputs as DeviceBatchInputs), __provider: PROVIDER } as DeviceBatchInputs;
  }
  const remoteCount = (): number => emu.devicesOf(productKey).length;
  const calls = (action: string): number => emu.stats()[action]?.calls ?? 0;

  it("an undeclared authType registers 2,500 devices in BatchCheckDeviceNames calls of at most 1,000, after one QueryProduct", async () => {
    const [queries, checks] = [calls("QueryProduct"), calls("BatchCheckDeviceNames")];
    const { outs } = await provider.create(await inputs(range(1, 2_500)));
    const o = outs as DeviceBatchOutputs;
    assert.equal(o.deviceCount, 2_500);
    assert.equal(o.authType, "x509", "the learned AuthType is recorded");
    assert.equal(remoteCount(), 2_500);
    assert.equal(calls("QueryProduct") - queries, 1);
    assert.equal(calls("BatchCheckDeviceNames") - checks, 3);
    assert.equal(emu.stats().BatchCheckDeviceNames?.errors ?? 0, 0, "no call exceeded the X.509 limit");

    // An update adding devices asks again (one call) and keeps to 1,000 names per call.
    const q2 = calls("QueryProduct");
    const { outs: grown } = await provider.update("id", o, await inputs(range(1, 3_600)));
    assert.equal((grown as DeviceBatchOutputs).deviceCount, 3_600);
    assert.equal(calls("QueryProduct") - q2, 1);
    assert.equal(remoteCount(), 3_600);
    await provider.delete("id", grown as DeviceBatchOutputs);
  });

  it("a declared authType of secret fails before registering anything, saying what to do", async () => {
    const checks = calls("BatchCheckDeviceNames");
    await assert.rejects(provider.create(await inputs(range(1, 1_500), { authType: "secret" })), {
      message:
        `DeviceBatch: authType is "secret" but product ${productKey} authenticates its devices with X.509 certificates (AuthType x509), as QueryProduct reports; ` +
        'nothing was registered. Set `authType: "x509"`, or leave authType out to follow the product.',
    });
    assert.equal(calls("BatchCheckDeviceNames"), checks);
    assert.equal(remoteCount(), 0);
  });

  it("an update that adds devices under a contradicting authType fails before registering, keeping the state", async () => {
    const { outs } = await provider.create(await inputs(range(1, 10)));
    const err = (await provider.update("id-x", outs as DeviceBatchOutputs, await inputs(range(1, 20), { authType: "secret" })).then(
      () => assert.fail("update succeeded"),
      (e: unknown) => e,
    )) as PartialFailure;
    assert.match(err.message, /authType is "secret" but product \w+ authenticates its devices with X\.509/);
    assert.equal((err.properties as unknown as DeviceBatchOutputs).deviceCount, 10);
    assert.equal(remoteCount(), 10);
    await provider.delete("id-x", outs as DeviceBatchOutputs);
  });

  it("the emulator refuses a 1,001-name BatchCheckDeviceNames on an X.509 product (it never drops names silently)", async () => {
    const names: Record<string, string> = { ProductKey: productKey };
    range(1, 1_001).forEach((n, i) => (names[`DeviceName.${i + 1}`] = n));
    await assert.rejects(getClient().call("BatchCheckDeviceNames", names), (e: { code?: string }) => e.code === "iot.device.DeviceCountExceeded");
  });
});
