import assert from "node:assert/strict";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { getClient } from "../../provider/client/getClient";
import { startEmulator } from "../../emulator/index";
import * as deviceBatch from "../../provider/deviceBatch/deviceBatchProvider";
import { captureConsole } from "../helpers/captureConsole";
import { configureForEmulator } from "../helpers/configureForEmulator";
import { destroyPreviewDiff, emulatorStackConfig, exportState, openStack, OutputLog, resourceBlock, resourcesOfType, useEmulator, writeProgram } from "./harness";

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

  const cloud = useEmulator();

  captureConsole(["log"]); // the in-process registration of the 25,000 devices logs its progress
  /** Non-ephemeral diagnostics attached to `urn` (progress lines are ephemeral: on the row, not under Diagnostics). */
  const diagnosticsOf = (events: EngineEvent[], urn: string): string[] =>
    events.filter((e) => e.diagnosticEvent?.urn === urn && !e.diagnosticEvent.ephemeral).map((e) => e.diagnosticEvent!.message.trim());
  const stackUrn = (events: EngineEvent[]): string => events.find((e) => e.resourcePreEvent?.metadata.type === "pulumi:pulumi:Stack")?.resourcePreEvent?.metadata.urn ?? "";
  const opsOf = (events: EngineEvent[]) => events.filter((e) => e.resourcePreEvent?.metadata.type === TYPE).map((e) => e.resourcePreEvent!.metadata.op);

  it("invokes on 150 devices, previews a no-op without API calls, re-invokes on an args change, invokes only an added device, destroys", async () => {
    const log = new OutputLog();
    const productKey = await cloud.createProduct("clocks_engine");
    const dir = writeProgram(PROJECT, { "index.js": program });
    const stackName = `tsi-${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
    const stack: Stack = await cloud.openStack(dir, stackName, {
      [`${PROJECT}:productKey`]: { value: productKey },
    });
    const setSpec = (spec: unknown) => stack.setConfig(`${PROJECT}:spec`, { value: JSON.stringify(spec) });
    try {
      // create: 150 devices = 2 calls (100 + 50)
      await setSpec({ devices: range(150), args: { zone: "UTC+8" } });
      const up = await stack.up({ onOutput: log.sink() });
      assert.equal(up.summary.result, "succeeded", log.text());
      let calls = cloud.emu.invocations();
      assert.deepEqual(calls.map((c) => c.deviceNames.length), [100, 50]);
      assert.deepEqual(calls.flatMap((c) => c.deviceNames).sort(), range(150));
      assert.deepEqual(calls.map((c) => [c.productKey, c.identifier, c.args]), [
        [productKey, "testFb:TimeReset", { zone: "UTC+8" }],
        [productKey, "testFb:TimeReset", { zone: "UTC+8" }],
      ]);
      assert.deepEqual([up.outputs.invokedDevices.value, up.outputs.calls.value], [150, 2]);
      const [res] = resourcesOfType(await exportState(stack), TYPE);
      assert.match(res.outputs.__provider, /require\("pulumi-alicloud-iot\/dist\/provider\/thingsServiceInvocation\/thingsServiceInvocationProvider\.js"\)/);

      // no-op preview and no-op up: zero API calls
      const before = cloud.apiCalls();
      const preview = await stack.preview({ onOutput: log.sink() });
      assert.deepEqual(preview.changeSummary, { same: 3 }, log.text());
      const noop = await stack.up({ onOutput: log.sink() });
      assert.deepEqual(noop.summary.resourceChanges, { same: 3 }, log.text());
      assert.equal(cloud.apiCalls(), before, "a no-op preview or up called the API");

      // args change: an update that re-invokes (never a replacement), 2 more calls on every device
      // with the new args; the plan line and the closing summary are attached to the resource's row
      await setSpec({ devices: range(150), args: { zone: "UTC+0" } });
      const previewEvents: EngineEvent[] = [];
      await stack.preview({ onOutput: log.sink(), onEvent: (e) => void previewEvents.push(e) });
      assert.deepEqual(diagnosticsOf(previewEvents, res.urn), ["will re-invoke testFb:TimeReset on all 150 devices (args changed): 2 InvokeThingsService calls, ≥ 0 s at 10 QPS"]);
      const events: EngineEvent[] = [];
      const up2 = await stack.up({ onOutput: log.sink(), onEvent: (e) => void events.push(e) });
      assert.equal(up2.summary.resourceChanges?.update, 1, log.text());
      assert.deepEqual(opsOf(events), ["update"]);
      const rowLines = diagnosticsOf(events, res.urn);
      assert.equal(rowLines[0], "will re-invoke testFb:TimeReset on all 150 devices (args changed): 2 InvokeThingsService calls, ≥ 0 s at 10 QPS");
      assert.match(rowLines.at(-1)!, /^invoked testFb:TimeReset on 150 of 150 devices of product \w+: 2 calls, 0 retries \(0 throttled\), \d+\.\d s$/);
      assert.ok(!diagnosticsOf(events, stackUrn(events)).some((m) => /invok/.test(m)), "invocation lines landed on the Stack");
      calls = cloud.emu.invocations();
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
      assert.doesNotMatch(diffText.text(), /requestIds/);
      const up3 = await stack.up({ onOutput: log.sink() });
      assert.equal(up3.summary.resourceChanges?.update, 2, log.text());
      calls = cloud.emu.invocations();
      assert.equal(calls.length, 5);
      assert.deepEqual(calls[4].deviceNames, [name(0)]);
      assert.deepEqual([up3.outputs.invokedDevices.value, up3.outputs.calls.value], [151, 5]);

      // destroy: the invocation calls nothing, the batch deletes its devices
      const destroy = await stack.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      assert.equal(cloud.emu.invocations().length, 5);
      assert.equal(resourcesOfType(await exportState(stack), TYPE).length, 0);
    } finally {
      await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
    }
  });

  it("25,000 devices: adding one previews in ≤ 10 lines for the invocation, progress stays on its row, the destroy preview is short", async function () {
    this.timeout(10 * 60_000);
    const N = 25_000;
    // Raised quotas on both sides (emulator and provider config) keep the 250 calls short; the
    // preview and its line count do not depend on them.
    const RAISED = { InvokeThingsService: 500, QueryPageByApplyId: 500, BatchCheckDeviceNames: 50, BatchRegisterDeviceWithApplyId: 50 };
    const big = await startEmulator({ qps: RAISED });
    try {
      configureForEmulator(big, RAISED);
      const client = getClient();
      const productKey = (await client.call<{ ProductKey: string }>("CreateProduct", { ProductName: "clocks_big", NodeType: 0 })).ProductKey;
      const batch = await deviceBatch.check({} as never, { productKey, devices: [name(0), ...range(N)] } as never);
      await deviceBatch.create(batch.inputs as never);
      const dir = writeProgram("tsibig", { "index.js": bigProgram });
      const stackName = `tsibig-${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
      const stack: Stack = await openStack(
        dir,
        stackName,
        emulatorStackConfig(big, { qps: RAISED }, { "tsibig:productKey": { value: productKey }, "tsibig:count": { value: String(N) } }),
      );
      const log = new OutputLog();
      try {
        const events: EngineEvent[] = [];
        const up = await stack.up({ onOutput: log.sink(), onEvent: (e) => void events.push(e) });
        assert.equal(up.summary.result, "succeeded", log.text());
        assert.equal(up.outputs.invokedDevices.value, N);
        const [res] = resourcesOfType(await exportState(stack), TYPE);
        // Progress: on the invocation's row (ephemeral), at most ~10 lines plus the plan; nothing on the Stack.
        const progress = events.filter((e) => e.diagnosticEvent?.urn === res.urn && e.diagnosticEvent?.ephemeral === true).map((e) => e.diagnosticEvent!.message.trim());
        assert.ok(progress.length >= 10 && progress.length <= 11, progress.join("\n"));
        assert.equal(progress.at(-1), "invoked 25,000 / 25,000 devices");
        const summary = diagnosticsOf(events, res.urn);
        assert.equal(summary.length, 1, summary.join("\n"));
        assert.match(summary[0], /^invoked testFb:TimeReset on 25,000 of 25,000 devices of product \w+: 250 calls, \d+ retr(y|ies) \(\d+ throttled\), \d+\.\d s$/);
        assert.ok(!diagnosticsOf(events, stackUrn(events)).some((m) => /invok/.test(m)), "invocation lines landed on the Stack");

        // Add one device: the invocation's block of `preview --diff` is at most 10 lines and names it.
        await stack.setConfig("tsibig:extra", { value: JSON.stringify([name(0)]) });
        const diffText = new OutputLog();
        const previewEvents: EngineEvent[] = [];
        await stack.preview({ diff: true, color: "never", onOutput: diffText.sink(), onEvent: (e) => void previewEvents.push(e) });
        const block = resourceBlock(diffText.text(), "ThingsServiceInvocation");
        assert.ok(block.length <= 10, `${block.length} lines:\n${block.join("\n")}`);
        assert.ok(block.some((l) => l.includes(`(+ ${name(0)})`)), block.join("\n"));
        assert.ok(!block.some((l) => /requestIds|clock-000001/.test(l)), block.join("\n"));
        assert.deepEqual(diagnosticsOf(previewEvents, res.urn), ["will invoke testFb:TimeReset on 1 device added (25,001 after): 1 InvokeThingsService call, ≥ 0 s at 500 QPS"]);
        if (process.env.SHOW_BLOCKS) process.stdout.write(`${block.join("\n")}\n`);
        process.stdout.write(`      preview --diff: ${block.length} lines for the invocation, ${diffText.text().length.toLocaleString("en-US")} characters in all\n`);

        // Destroy preview: the recorded inputs (what the engine prints) say the count in one line.
        const destroyBlock = resourceBlock(await destroyPreviewDiff(stack, stackName), "ThingsServiceInvocation");
        assert.ok(destroyBlock.length <= 10, `${destroyBlock.length} lines:\n${destroyBlock.join("\n")}`);
        assert.ok(destroyBlock.some((l) => /devices\s*: "25,000 devices"/.test(l)), destroyBlock.join("\n"));
        if (process.env.SHOW_BLOCKS) process.stdout.write(`${destroyBlock.join("\n")}\n`);
        process.stdout.write(`      destroy --preview-only --diff: ${destroyBlock.length} lines for the invocation\n`);
      } finally {
        await stack.destroy({ onOutput: log.sink() }).catch(() => undefined);
        await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
      }
    } finally {
      configureForEmulator(cloud.emu);
      await big.close();
    }
  });
});

/** Devices from a count and a list of extras, so 25,000 names need no 400 KB config value. */
const bigProgram = `"use strict";
const pulumi = require("@pulumi/pulumi");
const iot = require("pulumi-alicloud-iot");
const config = new pulumi.Config();
const count = Number(config.require("count"));
const extra = config.getObject("extra") || [];
const devices = [...extra, ...Array.from({ length: count }, (_, i) => "clock-" + String(i + 1).padStart(6, "0"))];
const invocation = new iot.ThingsServiceInvocation("reset", { productKey: config.require("productKey"), identifier: "testFb:TimeReset", args: { zone: "UTC+8" }, devices });
exports.invokedDevices = invocation.invokedDevices;
`;
