import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { getClient } from "../../provider/client/getClient";
import { exportState, OutputLog, resourcesOfType, storedState, useEmulator, writeProgram } from "./harness";

/*
 * GatewayTopology under the real Pulumi CLI (Automation API, local program, packed package) against
 * the emulator in this process: a DeviceBatch of sub-devices, a DeviceBatch holding one gateway, and
 * a topology built from their outputs. Documented quotas throughout. The program reads which
 * sub-devices to attach from topology.json, so the test changes data between runs, not code.
 */

const TYPE = "pulumi-nodejs:dynamic/alicloud-iot:GatewayTopology";
const PROGRAM = "gateway-topology";

const program = `
const fs = require("fs");
const path = require("path");
const pulumi = require("@pulumi/pulumi");
const { DeviceBatch, GatewayTopology } = require("pulumi-alicloud-iot");
const cfg = new pulumi.Config();
const spec = JSON.parse(fs.readFileSync(path.join(__dirname, "topology.json"), "utf8"));
const sensors = new DeviceBatch("sensors", { productKey: cfg.require("subProduct"), devices: spec.devices });
const gateway = new DeviceBatch("gateway", { productKey: cfg.require("gwProduct"), devices: ["gw-0001"] });
const topo = new GatewayTopology("topo", {
  gateway: { productKey: gateway.productKey, deviceName: gateway.iotIds.apply((t) => Object.keys(JSON.parse(t))[0]) },
  subDevices: pulumi.all([sensors.productKey, sensors.iotIds]).apply(([pk, t]) => {
    const d = JSON.parse(t);
    return spec.attach.filter((n) => n in d).map((n) => ({ productKey: pk, deviceName: n }));
  }),
});
exports.subDeviceCount = topo.subDeviceCount;
`;

const sub = (i: number): string => `sub-${String(i).padStart(4, "0")}`;
const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => sub(from + i));

describe("GatewayTopology under the real engine", function () {
  this.timeout(5 * 60_000);

  const cloud = useEmulator();

  const stat = (action: string, field: "calls" | "errors" = "calls"): number => cloud.emu.stats()[action]?.[field] ?? 0;

  /** Names of the sub-devices the emulator has on the gateway, sorted. */
  const attached = (gwProduct: string): string[] => cloud.subDevices(gwProduct, "gw-0001").map((s) => s.name).sort();

  /** DeviceSecrets of every device of `productKeys` in the emulator. */
  const secrets = (productKeys: string[]): string[] => productKeys.flatMap((pk) => [...cloud.deviceSecrets(pk).values()]);
  const leaked = (text: string, all: string[]): string[] => {
    const tokens = new Set(text.match(/[A-Za-z0-9]+/g) ?? []);
    return all.filter((s) => tokens.has(s));
  };

  /** Sub-device keys changed in `preview --diff` output (+, - or ~ lines). */
  function changedKeys(text: string): string[] {
    // eslint-disable-next-line no-control-regex
    const plain = text.replace(/\x1b\[[0-9;]*m/g, "");
    return [...new Set([...plain.matchAll(/^\s*([-+~])\s*"?[A-Za-z0-9]+\/(sub-\d{4})"?\s*:/gm)].map((m) => `${m[1]}${m[2]}`))].sort();
  }

  it("attaches, previews a no-op without API calls, adds/removes one, shows drift on refresh, destroys, stores no secret", async () => {
    const log = new OutputLog();
    const gwProduct = await cloud.createProduct("gw_engine", 1);
    const subProduct = await cloud.createProduct("sensor_engine");
    const dir = writeProgram(PROGRAM, { "index.js": program });
    const write = (attach: string[]): void => fs.writeFileSync(path.join(dir, "topology.json"), JSON.stringify({ devices: range(1, 12), attach }));
    write(range(1, 11));
    const stackName = `topo-${Date.now().toString(36)}`;
    const stack = await cloud.openStack(dir, stackName, {
      [`${PROGRAM}:gwProduct`]: { value: gwProduct },
      [`${PROGRAM}:subProduct`]: { value: subProduct },
    });
    try {
      const addsBefore = stat("BatchAddThingTopo");
      const up = await stack.up({ onOutput: log.sink() });
      assert.equal(up.summary.result, "succeeded", log.text());
      assert.equal(up.outputs.subDeviceCount.value, 11);
      assert.deepEqual(attached(gwProduct), range(1, 11));
      assert.equal(stat("BatchAddThingTopo") - addsBefore, 2, "11 sub-devices take 2 calls of 10");
      const [topo] = resourcesOfType(await exportState(stack), TYPE);
      assert.equal(topo.id, `${gwProduct}/gw-0001`);
      assert.match(topo.outputs.__provider, /require\("pulumi-alicloud-iot\/dist\/provider\/gatewayTopology\/gatewayTopologyProvider\.js"\)/);

      // A no-op preview calls no API (check and diff are pure).
      const before = cloud.apiCalls();
      const noop = await stack.preview({ onOutput: log.sink() });
      assert.deepEqual(noop.changeSummary, { same: 4 }, log.text());
      assert.equal(cloud.apiCalls(), before, "the no-op preview called the API");

      // Attach sub-0012, detach sub-0001: the preview names exactly those two.
      write(range(2, 12));
      const diffLog = new OutputLog();
      const preview = await stack.preview({ diff: true, onOutput: diffLog.sink() });
      assert.deepEqual(preview.changeSummary, { same: 3, update: 1 }, diffLog.text());
      assert.deepEqual(changedKeys(diffLog.text()), ["+sub-0012", "-sub-0001"], diffLog.text());
      assert.equal(cloud.apiCalls(), before, "the preview called the API");
      const up2 = await stack.up({ onOutput: log.sink() });
      assert.equal(up2.summary.resourceChanges?.update, 1, log.text());
      assert.deepEqual(attached(gwProduct), range(2, 12));

      // Drift: an out-of-band RemoveThingTopo is seen by refresh; the next up attaches it again.
      await getClient().call("RemoveThingTopo", { ProductKey: subProduct, DeviceName: sub(5) });
      const refreshLog = new OutputLog();
      const refresh = await stack.refresh({ onOutput: refreshLog.sink() });
      assert.equal(refresh.summary.resourceChanges?.update, 1, refreshLog.text());
      const [drifted] = resourcesOfType(await exportState(stack), TYPE);
      assert.equal(drifted.outputs.subDeviceCount, 10);
      assert.equal(drifted.outputs.subDevices[`${subProduct}/${sub(5)}`], undefined);
      const heal = await stack.up({ onOutput: log.sink() });
      assert.equal(heal.outputs.subDeviceCount.value, 11, log.text());
      assert.deepEqual(attached(gwProduct), range(2, 12));

      assert.deepEqual(leaked(storedState(stack), secrets([gwProduct, subProduct])), [], "plaintext DeviceSecret in the stored state");
      assert.deepEqual(leaked(log.text() + diffLog.text() + refreshLog.text(), secrets([gwProduct, subProduct])), [], "DeviceSecret in the engine output");

      // destroy: the topology detaches its 11 sub-devices before the devices are deleted.
      const removesBefore = stat("RemoveThingTopo");
      const removeErrorsBefore = stat("RemoveThingTopo", "errors");
      const destroy = await stack.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      assert.equal(stat("RemoveThingTopo") - removesBefore, 11);
      assert.equal(stat("RemoveThingTopo", "errors"), removeErrorsBefore);
      assert.deepEqual(attached(gwProduct), []);
      assert.equal(resourcesOfType(await exportState(stack), TYPE).length, 0);
    } finally {
      await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
    }
  });
});
