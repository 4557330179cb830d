import assert from "node:assert/strict";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { getClient } from "../../provider/client/getClient";
import { resetConfig } from "../../provider/config";
import { startEmulator, type EmulatorHandle } from "../../emulator/index";
import { configureForEmulator } from "../helpers/configureForEmulator";
import { exportState, openStack, OutputLog, resourcesOfType, writeProgram } from "./harness";

/*
 * ThingsServiceInvocation under the real Pulumi CLI (Automation API, the package installed from its
 * packed tarball: run `npx tsc -p tsconfig.json` first), against the emulator in this process. A
 * DeviceBatch registers the devices and the invocation takes its device list from the batch's
 * outputs. Each step changes the stack config `tsi:spec`, not code.
 */

const PROJECT = "tsi";
const TYPE = "pulumi-nodejs:dynamic/alicloud-iot:ThingsServiceInvocation";

const program = `"use strict";
const pulumi = require("@pulumi/pulumi");
const iot = require("pulumi-alicloud-iot");
const config = new pulumi.Config();
const spec = config.requireObject("spec");
const batch = new iot.DeviceBatch("fleet", { productKey: config.require("productKey"), devices: spec.devices });
const invocation = new iot.ThingsServiceInvocation("reset", {
  productKey: batch.productKey,
  identifier: "testFb:TimeReset",
  args: spec.args,
  devices: batch.iotIds.apply((t) => Object.keys(JSON.parse(t))),
});
exports.invokedDevices = invocation.invokedDevices;
exports.calls = invocation.calls;
`;

const name = (i: number): string => `clock-${String(i).padStart(6, "0")}`;
const range = (n: number): string[] => Array.from({ length: n }, (_, i) => name(i + 1));

describe("ThingsServiceInvocation under the real engine", function () {
  this.timeout(5 * 60_000);
  let emu: EmulatorHandle;

  before(async () => {
    emu = await startEmulator({});
    configureForEmulator(emu);
  });

  after(async () => {
    resetConfig();
    await emu?.close();
  });

  const apiCalls = (): number => Object.values(emu.stats()).reduce((n, s) => n + s.calls, 0);
  const opsOf = (events: EngineEvent[]) => events.filter((e) => e.resourcePreEvent?.metadata.type === TYPE).map((e) => e.resourcePreEvent!.metadata.op);

  it("invokes on 150 devices, previews a no-op without API calls, re-invokes on an args change, invokes only an added device, destroys", async () => {
    const log = new OutputLog();
    const productKey = (await getClient().call<{ ProductKey: string }>("CreateProduct", { ProductName: "clocks_engine", NodeType: 0 })).ProductKey;
    const dir = writeProgram(PROJECT, { "index.js": program });
    const stackName = `tsi-${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
    const stack: Stack = await openStack(dir, stackName, {
      "alicloud-iot:endpoint": { value: emu.endpoint },
      "alicloud-iot:region": { value: "cn-shanghai" },
      "alicloud-iot:accessKeyId": { value: emu.accessKeyId, secret: true },
      "alicloud-iot:accessKeySecret": { value: emu.accessKeySecret, secret: true },
      [`${PROJECT}:productKey`]: { value: productKey },
    });
    const setSpec = (spec: unknown) => stack.setConfig(`${PROJECT}:spec`, { value: JSON.stringify(spec) });
    try {
      // create: 150 devices = 2 calls (100 + 50)
      await setSpec({ devices: range(150), args: { zone: "UTC+8" } });
      const up = await stack.up({ onOutput: log.sink() });
      assert.equal(up.summary.result, "succeeded", log.text());
      let calls = emu.invocations();
      assert.deepEqual(calls.map((c) => c.deviceNames.length), [100, 50]);
      assert.deepEqual(calls.flatMap((c) => c.deviceNames).sort(), range(150));
      assert.deepEqual(calls.map((c) => [c.productKey, c.identifier, c.args]), [
        [productKey, "testFb:TimeReset", { zone: "UTC+8" }],
        [productKey, "testFb:TimeReset", { zone: "UTC+8" }],
      ]);
      assert.deepEqual([up.outputs.invokedDevices.value, up.outputs.calls.value], [150, 2]);
      const [res] = resourcesOfType(await exportState(stack), TYPE);
      assert.match(res.outputs.__provider, /require\("pulumi-alicloud-iot\/dist\/provider\/resources\/thingsServiceInvocationProvider\.js"\)/);

      // no-op preview and no-op up: zero API calls
      const before = apiCalls();
      const preview = await stack.preview({ onOutput: log.sink() });
      assert.deepEqual(preview.changeSummary, { same: 3 }, log.text());
      const noop = await stack.up({ onOutput: log.sink() });
      assert.deepEqual(noop.summary.resourceChanges, { same: 3 }, log.text());
      assert.equal(apiCalls(), before, "a no-op preview or up called the API");

      // args change: replaced (create before delete), 2 more calls on every device with the new args
      await setSpec({ devices: range(150), args: { zone: "UTC+0" } });
      const events: EngineEvent[] = [];
      const up2 = await stack.up({ onOutput: log.sink(), onEvent: (e) => void events.push(e) });
      assert.equal(up2.summary.resourceChanges?.replace, 1, log.text());
      assert.deepEqual(opsOf(events), ["create-replacement", "replace", "delete-replaced"]);
      calls = emu.invocations();
      assert.equal(calls.length, 4);
      assert.deepEqual(calls.slice(2).flatMap((c) => c.deviceNames).sort(), range(150));
      assert.deepEqual(calls.slice(2).map((c) => c.args), [{ zone: "UTC+0" }, { zone: "UTC+0" }]);

      // one device added, sorting before all others: the preview names only that device (devices
      // are keyed by name, so nothing shifts), the batch registers it and the invocation invokes only it
      await setSpec({ devices: [name(0), ...range(150)], args: { zone: "UTC+0" } });
      const diffText = new OutputLog();
      await stack.preview({ diff: true, onOutput: diffText.sink() });
      // eslint-disable-next-line no-control-regex
      const changed = [...diffText.text().replace(/\x1b\[[0-9;]*m/g, "").matchAll(/^\s*[-+~]\s*"?(clock-\d+)"?\s*:/gm)].map((m) => m[1]);
      assert.deepEqual([...new Set(changed)], [name(0)], diffText.text());
      const up3 = await stack.up({ onOutput: log.sink() });
      assert.equal(up3.summary.resourceChanges?.update, 2, log.text());
      calls = emu.invocations();
      assert.equal(calls.length, 5);
      assert.deepEqual(calls[4].deviceNames, [name(0)]);
      assert.deepEqual([up3.outputs.invokedDevices.value, up3.outputs.calls.value], [151, 3]);

      // destroy: the invocation calls nothing, the batch deletes its devices
      const destroy = await stack.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      assert.equal(emu.invocations().length, 5);
      assert.equal(resourcesOfType(await exportState(stack), TYPE).length, 0);
    } finally {
      await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
    }
  });
});
