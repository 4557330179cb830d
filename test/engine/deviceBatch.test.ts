import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
import { getClient } from "../../provider/client/getClient";
import { exportState, OutputLog, resourcesOfType, storedState, useEmulator, writeProgram } from "./harness";

/*
 * DeviceBatch under the real Pulumi CLI (Automation API, local program, packed package), against the
 * emulator running in this mocha process; the provider process reaches it over loopback HTTP.
 *
 * Quotas: registration runs at the documented quotas (QueryPageByApplyId 50 QPS bounds it: 25,001
 * devices = 501 pages ≈ 10 s). To keep this file under ~6 minutes on 2 cores, the DeleteDevice-heavy
 * destroy and the BatchQueryDeviceDetail-heavy refresh run with raised quotas, set consistently on
 * both sides: the emulator's `qps` option AND the stack's `alicloud-iot:qpsOverrides` (at 50 QPS,
 * destroying 25,002 devices alone would take 8.3 minutes).
 *
 * The program reads its device list from devices.json in the program directory, so the test changes
 * data between runs, not code.
 */


const TYPE = "pulumi-nodejs:dynamic/alicloud-iot:DeviceBatch";
const RAISED_QPS = { DeleteDevice: 5_000, BatchQueryDeviceDetail: 500 };

const program = `
const fs = require("fs");
const path = require("path");
const pulumi = require("@pulumi/pulumi");
const { DeviceBatch } = require("pulumi-alicloud-iot");
const spec = JSON.parse(fs.readFileSync(path.join(__dirname, "devices.json"), "utf8"));
const batch = new DeviceBatch("lights", {
  productKey: new pulumi.Config().require("productKey"),
  devices: spec.devices,
  ...(spec.authType ? { authType: spec.authType } : {}),
});
exports.deviceCount = batch.deviceCount;
exports.pendingApplyIds = batch.pendingApplyIds;
// Passing a secret on, as a gateway topology would: it stays a secret downstream.
exports.firstSecret = batch.deviceSecret(spec.devices[0]);
exports.firstIotId = batch.iotId(spec.devices[0]);
`;

const name = (i: number): string => `lamp-${String(i).padStart(6, "0")}`;
const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => name(from + i));

describe("DeviceBatch under the real engine", function () {
  this.timeout(10 * 60_000);

  const cloud = useEmulator({ qps: RAISED_QPS });


  /** DeviceSecrets that occur as whole alphanumeric tokens in `text`. */
  function leakedSecrets(text: string, secrets: Iterable<string>): string[] {
    const tokens = new Set(text.match(/[A-Za-z0-9]+/g) ?? []);
    return [...secrets].filter((s) => tokens.has(s));
  }

  /** Device keys changed in the `devices` block of `preview --diff` output (+, - or ~ lines). */
  function changedDeviceKeys(text: string): string[] {
    // eslint-disable-next-line no-control-regex
    const plain = text.replace(/\x1b\[[0-9;]*m/g, "");
    return [...plain.matchAll(/^\s*([-+~])\s*"?(lamp-[A-Za-z0-9-]+)"?\s*:/gm)].map((m) => `${m[1]}${m[2]}`);
  }

  async function open(programName: string, stackName: string, productKey: string, devices: string[], authType?: string): Promise<{ stack: Stack; dir: string }> {
    const dir = writeProgram(`device-batch-${programName}`, { "index.js": program });
    writeDevices(dir, devices, authType);
    const stack = await cloud.openStack(
      dir,
      stackName,
      {
        [`device-batch-${programName}:productKey`]: { value: productKey },
      },
    );
    return { stack, dir };
  }

  function writeDevices(dir: string, devices: string[], authType?: string): void {
    fs.writeFileSync(path.join(dir, "devices.json"), JSON.stringify({ devices, authType }));
  }

  it("creates 25,001 devices, previews a no-op without API calls, shows 3 added and 2 removed, heals drift, destroys all", async () => {
    const log = new OutputLog();
    const productKey = await cloud.createProduct("lights_engine");
    let devices = range(1, 25_001);
    const stackName = `fleet-${Date.now().toString(36)}`; // fresh each run: a killed run may leave a stack behind
    const { stack, dir } = await open("fleet", stackName, productKey, devices);
    try {
      // up: every device registered; no DeviceSecret in state (deviceSecret(name) looks one up).
      const up = await stack.up({ onOutput: log.sink() });
      assert.equal(up.summary.result, "succeeded", log.text());
      assert.equal(up.outputs.deviceCount.value, 25_001);
      assert.equal(up.outputs.firstSecret.secret, true);
      const secrets = cloud.deviceSecrets(productKey);
      assert.equal(up.outputs.firstSecret.value, secrets.get(devices[0]));
      assert.equal(up.outputs.firstIotId.secret, false);
      assert.match(up.outputs.firstIotId.value, /^\w+$/);
      assert.equal(secrets.size, 25_001);
      assert.match(log.text(), /registered 25,001 \/ 25,001 devices/);
      const state = await exportState(stack);
      const [batch] = resourcesOfType(state, TYPE);
      assert.equal(batch.outputs.deviceCount, 25_001);
      // The provider is serialized by reference to the installed package, not copied into state.
      assert.match(batch.outputs.__provider, /require\("pulumi-alicloud-iot\/dist\/provider\/deviceBatch\/deviceBatchProvider\.js"\)/);
      assert.ok(batch.outputs.__provider.length < 5_000, `__provider is ${batch.outputs.__provider.length} bytes`);
      assert.deepEqual(leakedSecrets(storedState(stack), secrets.values()), [], "plaintext DeviceSecret in the exported stack");
      assert.deepEqual(leakedSecrets(JSON.stringify(batch), secrets.values()), [], "DeviceSecrets are not outputs: not even the decrypted batch holds one");
      assert.equal(up.outputs.firstSecret.value, secrets.get(devices[0]), "deviceSecret(name) looks the secret up");
      assert.deepEqual(leakedSecrets(log.text(), secrets.values()), [], "plaintext DeviceSecret in the engine output");

      // A no-op preview calls no API (check and diff are pure).
      const before = cloud.apiCalls();
      const noop = await stack.preview({ onOutput: log.sink() });
      assert.deepEqual(noop.changeSummary, { same: 2 }, log.text());
      assert.equal(cloud.apiCalls(), before, "the no-op preview called the API");

      // Add 3 names anywhere and remove 2: the diff shows exactly those 5 devices.
      devices = ["lamp-000000a", ...devices.slice(0, 100), "lamp-mid-0001", ...devices.slice(100, 24_000), ...devices.slice(24_002), "lamp-zzz-0001"];
      writeDevices(dir, devices);
      const diffLog = new OutputLog();
      const preview = await stack.preview({ diff: true, onOutput: diffLog.sink() });
      assert.deepEqual(preview.changeSummary, { same: 1, update: 1 }, diffLog.text());
      assert.deepEqual(changedDeviceKeys(diffLog.text()).sort(), ["+lamp-000000a", "+lamp-mid-0001", "+lamp-zzz-0001", "-lamp-024001", "-lamp-024002"], diffLog.text());
      assert.equal(cloud.apiCalls(), before, "the preview called the API");
      // diff's summary (counts, then the first names) reaches the diagnostics of a plain preview or up
      // (`preview --diff` prints the engine's per-key diff instead).
      const upLog = new OutputLog();
      const up2 = await stack.up({ onOutput: upLog.sink() });
      assert.match(upLog.text(), /3 to add, 2 to remove, 0 nicknames to change \(25,002 devices after\)\. Add: lamp-000000a, lamp-mid-0001, lamp-zzz-0001\. Remove: lamp-024001, lamp-024002\./);
      assert.equal(up2.summary.resourceChanges?.update, 1, upLog.text());
      assert.equal(up2.outputs.deviceCount.value, 25_002);
      assert.equal(cloud.deviceSecrets(productKey).has("lamp-024001"), false);
      assert.equal(cloud.deviceSecrets(productKey).has("lamp-mid-0001"), true);

      // Drift: a device deleted out of band is seen by refresh and re-registered by the next up.
      const iotId = JSON.parse((await exportState(stack)).resources.find((r: any) => r.type === TYPE).outputs.iotIds)["lamp-000500"];
      await getClient().call("DeleteDevice", { IotId: iotId });
      const refreshLog = new OutputLog();
      const refresh = await stack.refresh({ onOutput: refreshLog.sink() });
      assert.equal(refresh.summary.resourceChanges?.update, 1, refreshLog.text());
      assert.match(refreshLog.text(), /1 devices of product \w+ no longer exist/);
      assert.deepEqual(leakedSecrets(storedState(stack), secrets.values()), [], "plaintext DeviceSecret after refresh");
      const healLog = new OutputLog();
      const healPreview = await stack.preview({ diff: true, onOutput: healLog.sink() });
      assert.deepEqual(changedDeviceKeys(healLog.text()), ["+lamp-000500"], healLog.text());
      const heal = await stack.up({ onOutput: log.sink() });
      assert.equal(heal.outputs.deviceCount.value, 25_002, log.text());
      assert.equal(cloud.deviceSecrets(productKey).has("lamp-000500"), true);
      assert.equal(healPreview.changeSummary.update, 1);

      // destroy removes every device.
      const destroy = await stack.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      assert.equal(cloud.deviceSecrets(productKey).size, 0);
      assert.equal(resourcesOfType(await exportState(stack), TYPE).length, 0);
    } finally {
      await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
    }
  });

  it("a fault mid-create orphans nothing: partial state is recorded, the next up completes it, destroy removes all", async () => {
    const log = new OutputLog();
    const productKey = await cloud.createProduct("lights_fault", 0, "x509");
    // X.509 chunks hold 1,000 names: 2,500 devices = 3 chunks; the 2nd registration fails for good.
    const devices = range(1, 2_500);
    const stackName = `fault-${Date.now().toString(36)}`;
    const { stack, dir } = await open("fault", stackName, productKey, devices, "x509");
    try {
      cloud.emu.addFault({ action: "BatchRegisterDeviceWithApplyId", afterCalls: 1, count: 0, httpStatus: 200, code: "iot.system.SystemException" });
      await assert.rejects(stack.up({ onOutput: log.sink() }), /SystemException/);
      cloud.emu.clearFaults();
      const registered = cloud.deviceSecrets(productKey);
      assert.equal(registered.size, 1_000);
      const state = await exportState(stack);
      const [batch] = resourcesOfType(state, TYPE);
      assert.ok(batch, "the partially created batch is not in state");
      assert.equal(batch.outputs.deviceCount, 1_000);
      assert.ok(batch.initErrors?.length > 0, "no init errors recorded");
      assert.match(batch.outputs.__provider, /deviceBatchProvider\.js/);
      assert.deepEqual(leakedSecrets(storedState(stack), registered.values()), [], "plaintext DeviceSecret in the partial state");
      assert.deepEqual(leakedSecrets(JSON.stringify(state), registered.values()), [], "a DeviceSecret in the decrypted partial state");
      assert.equal(Object.keys(JSON.parse(batch.outputs.iotIds)).length, 1_000, "the partial state lacks the registered devices");

      const up = await stack.up({ onOutput: log.sink() });
      assert.equal(up.summary.result, "succeeded", log.text());
      assert.equal(up.outputs.deviceCount.value, 2_500);
      assert.equal(cloud.deviceSecrets(productKey).size, 2_500);

      await stack.destroy({ onOutput: log.sink() });
      assert.equal(cloud.deviceSecrets(productKey).size, 0);
    } finally {
      await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
    }
  });
});
