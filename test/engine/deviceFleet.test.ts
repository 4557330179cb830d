import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { shardOf } from "../../provider/deviceBatch/shardDevices";
import { exportState, OutputLog, resourcesOfType, storedState, useEmulator, writeProgram } from "./harness";

/*
 * A batch too big for the provider process, under the real engine: with the heap of the program and
 * provider processes lowered to 192 MB (NODE_OPTIONS=--max-old-space-size reaches the dynamic-provider
 * process, which inherits the CLI's environment), `up` of one DeviceBatch of 60,000 devices fails in
 * check, BEFORE registering anything, and says how many batches to split into; a DeviceFleet of that
 * many shards then registers them all in the same heap. (Measured before the limit in check: 60,000
 * devices ran the provider out of this heap while converting the check; docs/performance.md.)
 *
 * Every quota is raised on both sides (emulator `qps` and `alicloud-iot:qpsOverrides`): this test is
 * about memory and membership, not pacing.
 */

const BATCH = "pulumi-nodejs:dynamic/alicloud-iot:DeviceBatch";
const HEAP_MB = 192;
const DEVICES = 50_000;
const RAISED_QPS: Record<string, number> = {
  BatchCheckDeviceNames: 1_000,
  QueryBatchRegisterDeviceStatus: 1_000,
  BatchRegisterDeviceWithApplyId: 1_000,
  QueryPageByApplyId: 5_000,
  DeleteDevice: 20_000,
  BatchQueryDeviceDetail: 1_000,
  BatchUpdateDeviceNickname: 1_000,
};

const program = `
const fs = require("fs");
const path = require("path");
const pulumi = require("@pulumi/pulumi");
const { DeviceBatch, DeviceFleet } = require("pulumi-alicloud-iot");
const spec = JSON.parse(fs.readFileSync(path.join(__dirname, "spec.json"), "utf8"));
const names = [];
for (let i = spec.from; i < spec.from + spec.count; i++) names.push("meter-" + String(i).padStart(6, "0"));
names.push(...spec.extra);
const productKey = new pulumi.Config().require("productKey");
if (spec.shards) {
  const fleet = new DeviceFleet("meters", { productKey, devices: names, shards: spec.shards });
  exports.deviceCount = fleet.deviceCount;
  exports.firstSecret = fleet.deviceSecret(names[0]);
  exports.firstIotId = fleet.iotId(names[0]);
} else {
  const batch = new DeviceBatch("meters", { productKey, devices: names });
  exports.deviceCount = batch.deviceCount;
}
`;

const meter = (i: number): string => `meter-${String(i).padStart(6, "0")}`;

describe("DeviceFleet and the memory check under the real engine", function () {
  this.timeout(20 * 60_000);

  const cloud = useEmulator({ qps: RAISED_QPS, checkDelayMs: 20, createDelayMs: 50 });

  const calls = (action: string): number => cloud.emu.stats()[action]?.calls ?? 0;

  it(`refuses a ${DEVICES.toLocaleString("en-US")}-device batch a ${HEAP_MB} MB heap cannot return, registering nothing; a DeviceFleet of the suggested shards fits; adding names touches only their shards`, async () => {
    const productKey = await cloud.createProduct("meters_fleet");
    const dir = writeProgram("device-fleet", { "index.js": program });
    const spec = (s: { count: number; shards?: number; extra?: string[] }): void =>
      fs.writeFileSync(path.join(dir, "spec.json"), JSON.stringify({ from: 1, extra: [], ...s }));
    spec({ count: DEVICES });
    const stackName = `fleet-${Date.now().toString(36)}`;
    const stack = await cloud.openStack(dir, stackName, {
      "device-fleet:productKey": { value: productKey },
    });
    stack.workspace.envVars.NODE_OPTIONS = `--max-old-space-size=${HEAP_MB}`;
    const log = new OutputLog();
    try {
      // One batch: refused before any registration call, nothing in state, nothing in the product.
      const checksBefore = calls("BatchCheckDeviceNames");
      await assert.rejects(stack.up({ onOutput: log.sink() }), (e: Error) => {
        assert.match(
          e.message,
          /Expected `devices` to hold at most [\d,]+ devices in one batch \(the provider process has a \d+ MB heap and a batch needs about 5 KB per device while it is checked, registered and returned\): split the devices into at least \d+ batches \(DeviceFleet with shards: \d+, or shardDevices\)/,
        );
        return true;
      });
      assert.equal(calls("BatchCheckDeviceNames"), checksBefore, "a check call was made");
      assert.equal(cloud.deviceSecrets(productKey).size, 0);
      assert.equal(resourcesOfType(await exportState(stack), BATCH).length, 0);
      const shards = Number(/split the devices into at least (\d+) batches/.exec(log.text())![1]);
      assert.ok(shards >= 2 && shards <= 6, `suggested ${shards} shards`);

      // The suggested fleet registers everything in the same heap.
      spec({ count: DEVICES, shards });
      const upLog = new OutputLog();
      const up = await stack.up({ onOutput: upLog.sink() });
      assert.equal(up.summary.result, "succeeded", upLog.text());
      assert.equal(up.outputs.deviceCount.value, DEVICES);
      const secrets = cloud.deviceSecrets(productKey);
      assert.equal(secrets.size, DEVICES);
      assert.equal(up.outputs.firstSecret.secret, true);
      assert.equal(up.outputs.firstSecret.value, secrets.get(meter(1)));
      const batches = resourcesOfType(await exportState(stack), BATCH);
      assert.equal(batches.length, shards);
      for (const b of batches) {
        const i = Number(/meters-(\d+)$/.exec(b.urn)![1]);
        for (const name of Object.keys(JSON.parse(b.outputs.iotIds))) assert.equal(shardOf(name, shards), i, `${name} in batch ${i}`);
      }
      const stored = storedState(stack);
      assert.equal([...secrets.values()].filter((s) => stored.includes(s)).length, 0, "plaintext DeviceSecret in the stored state");

      // Two added names change only the batches their hash picks; the preview shows just them.
      const added = ["meter-new-a", "meter-new-b"];
      spec({ count: DEVICES, shards, extra: added });
      const touched = new Set(added.map((n) => shardOf(n, shards)));
      const diffLog = new OutputLog();
      const preview = await stack.preview({ diff: true, onOutput: diffLog.sink() });
      assert.equal(preview.changeSummary.update, touched.size, diffLog.text());
      // eslint-disable-next-line no-control-regex
      const changed = [...diffLog.text().replace(/\x1b\[[0-9;]*m/g, "").matchAll(/^\s*([-+~])\s*"?(meter-[\w-]+)"?\s*:/gm)].map((m) => `${m[1]}${m[2]}`);
      assert.deepEqual(changed.sort(), ["+meter-new-a", "+meter-new-b"], diffLog.text());

      const destroy = await stack.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      assert.equal(cloud.deviceSecrets(productKey).size, 0);
    } finally {
      await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
    }
  });
});
