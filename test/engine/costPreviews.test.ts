import assert from "node:assert/strict";
import type { Stack } from "@pulumi/pulumi/automation";
import { destroyPreviewDiff, OutputLog, resourceBlock, useEmulator, writeProgram } from "./harness";

/*
 * Destroy and replace previews of the fleet resources state the count and the quota-bound time, and
 * their size is measured. The engine never calls the provider for a destroy preview: it prints the
 * recorded inputs, so `check` records a one-line `summary` with them (destroySummary.ts).
 * Documented quotas; 1,000 devices and 20 sub-devices.
 */

const program = `"use strict";
const pulumi = require("@pulumi/pulumi");
const iot = require("pulumi-alicloud-iot");
const cfg = new pulumi.Config();
const spec = cfg.requireObject("spec");
const names = Array.from({ length: spec.devices }, (_, i) => "dev-" + String(i + 1).padStart(5, "0"));
const fleet = new iot.DeviceBatch("fleet", { productKey: spec.fleetProduct || cfg.require("subProduct"), devices: names });
const gateway = new iot.DeviceBatch("gateway", { productKey: cfg.require("gwProduct"), devices: [spec.gateway || "gw-0001"] });
new iot.GatewayTopology("topo", {
  gateway: { productKey: gateway.productKey, deviceName: gateway.iotIds.apply((t) => Object.keys(JSON.parse(t))[0]) },
  subDevices: fleet.iotIds.apply((t) => Object.keys(JSON.parse(t)).slice(0, spec.attach).map((n) => cfg.require("subProduct") + "/" + n)),
});
`;

describe("destroy and replace previews state count and time (real CLI, emulator)", function () {
  this.timeout(10 * 60_000);

  const cloud = useEmulator();

  it("1,000 devices and 20 sub-devices: summary lines in destroy and replace previews; line counts measured", async () => {
    const gwProduct = await cloud.createProduct("gw_cost", 1);
    const subProduct = await cloud.createProduct("sub_cost");
    const dir = writeProgram("cost-previews", { "index.js": program });
    const stackName = `cost-${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
    const stack: Stack = await cloud.openStack(dir, stackName, {
      "cost-previews:gwProduct": { value: gwProduct },
      "cost-previews:subProduct": { value: subProduct },
    });
    const setSpec = (spec: unknown) => stack.setConfig("cost-previews:spec", { value: JSON.stringify(spec) });
    const log = new OutputLog();
    const report: string[] = [];
    try {
      await setSpec({ devices: 1000, attach: 20 });
      const up = await stack.up({ onOutput: log.sink() });
      assert.equal(up.summary.result, "succeeded", log.text());

      // Destroy preview: the recorded inputs, with the summary line.
      const destroy = await destroyPreviewDiff(stack, stackName);
      const fleet = resourceBlock(destroy, "DeviceBatch", "fleet");
      const topo = resourceBlock(destroy, "GatewayTopology", "topo");
      assert.ok(fleet.some((l) => /^\s*summary\s*: "1,000 devices; deleting takes ≥ 19 s at DeleteDevice 50 QPS"$/.test(l)), fleet.slice(-12).join("\n"));
      assert.ok(topo.some((l) => /^\s*summary\s*: "20 sub-devices; detaching takes ≥ 0 s at RemoveThingTopo 500 QPS"$/.test(l)), topo.join("\n"));
      report.push(`destroy preview: DeviceBatch of 1,000 devices ${fleet.length} lines, GatewayTopology of 20 sub-devices ${topo.length} lines`);
      // The engine prints a deleted resource's recorded inputs whole: one line per device.
      assert.ok(fleet.length >= 1000 && fleet.length <= 1000 + 15, `${fleet.length} lines`);
      assert.ok(topo.length <= 20 + 15, `${topo.length} lines`);

      // Replace previews: a new product for the fleet, a new gateway for the topology.
      await setSpec({ devices: 1000, attach: 20, fleetProduct: "a1OtherProduct", gateway: "gw-0002" });
      const text = new OutputLog();
      await stack.preview({ diff: true, color: "never", onOutput: text.sink() });
      const replaced = resourceBlock(text.text(), "DeviceBatch", "fleet");
      assert.match(replaced[0], /\+-pulumi-nodejs:dynamic\/alicloud-iot:DeviceBatch: \(replace\)/);
      assert.ok(replaced.some((l) => /summary\s*: "1,000 devices; deleting takes ≥ 19 s at DeleteDevice 50 QPS"/.test(l)), replaced.slice(-12).join("\n"));
      report.push(`replace preview: DeviceBatch of 1,000 devices ${replaced.length} lines`);
      const topoReplaced = resourceBlock(text.text(), "GatewayTopology", "topo");
      report.push(`replace/update preview: GatewayTopology ${topoReplaced.length} lines (${topoReplaced[0]?.trim()})`);
      assert.ok(topoReplaced.some((l) => /summary\s*: "20 sub-devices; detaching takes ≥ 0 s at RemoveThingTopo 500 QPS"/.test(l)), topoReplaced.join("\n"));
      process.stdout.write(report.map((r) => `      ${r}\n`).join(""));
    } finally {
      await setSpec({ devices: 1000, attach: 20 });
      await stack.destroy({ onOutput: log.sink() }).catch(() => undefined);
      await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
    }
  });
});
