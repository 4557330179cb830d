import assert from "node:assert/strict";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { startEmulator, type EmulatorHandle } from "../../emulator/index";
import { emulatorStackConfig, exportState, openStack, OutputLog, resourcesOfType, writeProgram } from "./harness";

/*
 * Where a long operation's messages land under the real engine: on the resource's own row (progress
 * as ephemeral status, the closing summary under its name in Diagnostics), never on the Stack.
 * A device batch of 1,500 devices, a gateway and a topology of 300 sub-devices, up and destroyed.
 */

const program = `
const pulumi = require("@pulumi/pulumi");
const iot = require("pulumi-alicloud-iot");
const subs = new iot.Product("subs", { productName: "RowSubs", nodeType: "device" });
const gws = new iot.Product("gws", { productName: "RowGateways", nodeType: "gateway" });
const names = Array.from({ length: 1500 }, (_, i) => "row-" + String(i).padStart(4, "0"));
const sensors = new iot.DeviceBatch("sensors", { productKey: subs.productKey, devices: names });
const gateway = new iot.DeviceBatch("gateway", { productKey: gws.productKey, devices: ["gw-1"] });
new iot.GatewayTopology("topo", {
  gateway: { productKey: gateway.productKey, deviceName: gateway.iotIds.apply(() => "gw-1") },
  subDevices: sensors.iotIds.apply(() => names.slice(0, 300).map((n) => ({ productKey: subs.productKey, deviceName: n }))),
});
`;

const BATCH = "pulumi-nodejs:dynamic/alicloud-iot:DeviceBatch";
const TOPOLOGY = "pulumi-nodejs:dynamic/alicloud-iot:GatewayTopology";

/** Messages attached to `urn`: ephemeral (the row's status) or not (Diagnostics). */
function rowMessages(events: EngineEvent[], urn: string, ephemeral: boolean): string[] {
  return events.filter((e) => e.diagnosticEvent?.urn === urn && (e.diagnosticEvent.ephemeral ?? false) === ephemeral).map((e) => e.diagnosticEvent!.message.trim());
}
const stackUrnOf = (events: EngineEvent[]): string => events.find((e) => e.resourcePreEvent?.metadata.type === "pulumi:pulumi:Stack")?.resourcePreEvent?.metadata.urn ?? "";
const SUMMARY = (verb: string) => new RegExp(`^${verb}: [\\d,]+ calls, [\\d,]+ retr(y|ies) \\([\\d,]+ throttled\\), \\d+\\.\\d s$`);

describe("messages on the resource's row under the real engine", function () {
  this.timeout(10 * 60_000);
  let emu: EmulatorHandle;
  before(async () => (emu = await startEmulator({ checkDelayMs: 10, createDelayMs: 20 })));
  after(async () => emu?.close());

  it("puts progress and the closing summary of up and destroy on the DeviceBatch's and the GatewayTopology's rows, nothing on the Stack", async () => {
    const stack = await openStack(writeProgram("resource-rows", { "index.js": program }), "rows", emulatorStackConfig(emu));
    const log = new OutputLog();
    try {
      const upEvents: EngineEvent[] = [];
      const up = await stack.up({ onOutput: log.sink(), onEvent: (e) => void upEvents.push(e) });
      assert.equal(up.summary.result, "succeeded", log.text());
      const state = await exportState(stack);
      const sensors = resourcesOfType(state, BATCH).find((r: any) => r.urn.endsWith("::sensors"));
      const topo = resourcesOfType(state, TOPOLOGY)[0];
      assert.equal(sensors.inputs.__urn, sensors.urn, "the class sent another URN than the engine gave it");

      const progress = rowMessages(upEvents, sensors.urn, true);
      assert.ok(progress.length >= 1 && progress.length <= 11, progress.join("\n"));
      assert.match(progress.at(-1)!, /^registered 1,500 \/ 1,500 devices/);
      const summary = rowMessages(upEvents, sensors.urn, false);
      assert.equal(summary.length, 1, summary.join("\n"));
      assert.match(summary[0], SUMMARY("created"));
      assert.match(rowMessages(upEvents, topo.urn, false).at(-1) ?? "", SUMMARY("created"));
      const onStack = rowMessages(upEvents, stackUrnOf(upEvents), false).concat(rowMessages(upEvents, stackUrnOf(upEvents), true));
      assert.deepEqual(onStack.filter((m) => /devices|calls|registered/.test(m)), [], "provider messages landed on the Stack");

      const downEvents: EngineEvent[] = [];
      const down = await stack.destroy({ onOutput: log.sink(), onEvent: (e) => void downEvents.push(e) });
      assert.equal(down.summary.result, "succeeded", log.text());
      assert.match(rowMessages(downEvents, sensors.urn, false).at(-1) ?? "", SUMMARY("deleted"), log.text());
      assert.ok(rowMessages(downEvents, sensors.urn, true).length <= 11);
      assert.match(rowMessages(downEvents, topo.urn, false).at(-1) ?? "", SUMMARY("deleted"), log.text());
      assert.deepEqual(rowMessages(downEvents, stackUrnOf(downEvents), false).filter((m) => /devices|calls|deleted/.test(m)), [], "provider messages landed on the Stack");
    } finally {
      await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    }
  });
});
