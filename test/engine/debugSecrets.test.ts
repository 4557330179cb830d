import assert from "node:assert/strict";
import { exportState, OutputLog, resourcesOfType, storedState, useEmulator, writeProgram } from "./harness";

/*
 * `pulumi up --debug` prints every RegisterResource answer the program receives, outputs included,
 * secret or not. DeviceBatch therefore returns no DeviceSecret; a program that needs one asks
 * getDeviceSecretsOutput (a secret Output). This runs the real CLI with --debug through a create,
 * an update that adds devices, and a refresh, and greps everything printed for every DeviceSecret
 * the emulator holds and for the AccessKeySecret.
 */

const PROJECT = "debug-secrets";
const BATCH = "pulumi-nodejs:dynamic/alicloud-iot:DeviceBatch";
const ACCESS_KEY_ID = "debug-test-key-id-3c9e";
const ACCESS_KEY_SECRET = "debugTestSECRETdd41b7a0";
const RUN = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

const program = `"use strict";
const pulumi = require("@pulumi/pulumi");
const iot = require("pulumi-alicloud-iot");
const spec = new pulumi.Config().requireObject("spec");
const batch = new iot.DeviceBatch("fleet", { productKey: spec.productKey, devices: spec.devices });
exports.deviceCount = batch.deviceCount;
exports.firstSecret = batch.deviceSecret(spec.devices[0]);
exports.someSecrets = iot.getDeviceSecretsOutput({ productKey: batch.productKey, deviceNames: spec.devices.slice(0, 2) });
`;

describe("device secrets stay out of `pulumi up --debug` output", function () {
  this.timeout(10 * 60_000);

  const cloud = useEmulator({ accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET });

  it("create, update and refresh with --debug print no DeviceSecret and no AccessKeySecret; the helper returns the right secret, as a secret", async () => {
    const productKey = await cloud.createProduct("debug_fleet");
    const devices = ["dbg-0001", "dbg-0002", "dbg-0003", "dbg-0004"];
    const dir = writeProgram(PROJECT, { "index.js": program });
    const stack = await cloud.openStack(dir, `dbg-${RUN}`);
    const log = new OutputLog();
    const setSpec = (list: string[]): Promise<void> => stack.setConfig(`${PROJECT}:spec`, { value: JSON.stringify({ productKey, devices: list }) });
    try {
      await setSpec(devices);
      const up = await stack.up({ debug: true, onOutput: log.sink() });
      assert.equal(up.summary.result, "succeeded", log.text());
      assert.match(log.text(), /RegisterResource RPC finished/, "--debug output was captured");
      await setSpec([...devices, "dbg-0005", "dbg-0006"]);
      const up2 = await stack.up({ debug: true, onOutput: log.sink() });
      assert.equal(up2.summary.resourceChanges?.update, 1, log.text());
      const refresh = await stack.refresh({ debug: true, onOutput: log.sink() });
      assert.equal(refresh.summary.result, "succeeded", log.text());

      const secrets = cloud.deviceSecrets(productKey);
      assert.equal(secrets.size, 6);
      const text = log.text() + storedState(stack);
      const leaked = [...secrets].filter(([, s]) => text.includes(s)).map(([n]) => n);
      assert.deepEqual(leaked, [], "DeviceSecrets in --debug output or the stored state");
      assert.ok(!text.includes(ACCESS_KEY_SECRET), "the AccessKeySecret is in --debug output or the stored state");

      // The program still gets secrets when it asks, as secrets.
      const outputs = await stack.outputs();
      assert.equal(outputs.firstSecret.secret, true);
      assert.equal(outputs.firstSecret.value, secrets.get("dbg-0001"));
      assert.equal(outputs.someSecrets.secret, true);
      assert.deepEqual(outputs.someSecrets.value, { "dbg-0001": secrets.get("dbg-0001"), "dbg-0002": secrets.get("dbg-0002") });
      const [batch] = resourcesOfType(await exportState(stack), BATCH);
      assert.equal(batch.outputs.deviceSecrets, undefined, "DeviceBatch returns no DeviceSecret");

      const destroy = await stack.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
    } finally {
      await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    }
  });
});
