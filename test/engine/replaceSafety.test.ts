import assert from "node:assert/strict";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { registerDevices } from "../../provider/deviceBatch/api/registerDevices";
import { exportState, OutputLog, resourcesOfType, useEmulator, writeProgram } from "./harness";

/*
 * Replacement never deletes what the replacement owns: `pulumi up --replace <urn>` (which never asks
 * the provider's diff) and input changes that force a replacement, with and without adoptExisting,
 * for DeviceBatch, GatewayTopology and EdgeDriverVersion, under the real engine. After every step
 * the EMULATOR's contents (devices, relations, versions) must equal what the state records, not only
 * the state's own counts. A handful of devices keeps it fast.
 */

const PROJECT = "replace-safety";
const BATCH = "pulumi-nodejs:dynamic/alicloud-iot:DeviceBatch";
const TOPO = "pulumi-nodejs:dynamic/alicloud-iot:GatewayTopology";
const VERSION = "pulumi-nodejs:dynamic/alicloud-iot:EdgeDriverVersion";
const INSTANCE = "iot-replace-safety";

// Gateways and sub-devices are batches of their own; the topology names them literally (dependsOn
// orders it), so replacing the topology never touches the devices.
const program = `"use strict";
const pulumi = require("@pulumi/pulumi");
const iot = require("pulumi-alicloud-iot");
const spec = new pulumi.Config().requireObject("spec");
const gws = new iot.DeviceBatch("gateways", { productKey: spec.gwProduct, devices: ["gw-0001", "gw-0002"] });
const subs = new iot.DeviceBatch("subs", { productKey: spec.subProduct, devices: ["sub-0001", "sub-0002", "sub-0003"] });
new iot.DeviceBatch("batch", spec.batch);
new iot.GatewayTopology("topo", spec.topo, { dependsOn: [gws, subs] });
const driver = new iot.EdgeDriver("driver", { driverName: "ReplaceDriver", driverProtocol: "customize", runtime: "c", cpuArch: "x86-64" });
new iot.EdgeDriverVersion("version", { driverId: driver.driverId, ...spec.version });
exports.driverId = driver.driverId;
`;

const RUN = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

describe("replacement safety under the engine (up --replace and forced replacements)", function () {
  this.timeout(10 * 60_000);
  const cloud = useEmulator({ instances: [INSTANCE] }, { iotInstanceId: INSTANCE });

  /** Devices of `productKey` in the emulator: name → IotId. */
  const cloudDevices = (productKey: string): Record<string, string> => Object.fromEntries(cloud.emu.devicesOf(productKey).map((d) => [d.name, d.iotId]));
  /** Sub-devices attached to a gateway in the emulator: `productKey/deviceName` → IotId. */
  const cloudRelations = (gwProduct: string, gwName: string): Record<string, string> =>
    Object.fromEntries(cloud.subDevices(gwProduct, gwName).map((sub) => [`${sub.product.productKey}/${sub.name}`, sub.iotId]));
  /** Versions of a driver in the emulator. */
  const cloudVersions = (driverId: string): string[] => [...cloud.emu.store.scopes.values()].flatMap((s) => [...(s.drivers.get(driverId)?.versions.keys() ?? [])]).sort();
  const one = (state: any, type: string, name: string): any => {
    const found = resourcesOfType(state, type).filter((r: any) => r.urn.endsWith(`::${name}`));
    assert.equal(found.length, 1, `${found.length} ${type} "${name}" in state`);
    return found[0];
  };
  const opsOf = (events: EngineEvent[], type: string, name: string): string[] =>
    events
      .filter((e) => e.resourcePreEvent?.metadata.type === type && e.resourcePreEvent.metadata.urn.endsWith(`::${name}`))
      .map((e) => e.resourcePreEvent!.metadata.op);

  /** The emulator holds exactly what the state records, for every resource of the program. */
  async function assertCloudEqualsState(stack: Stack, products: { batch: string[]; gw: string; sub: string }, note: string): Promise<any> {
    const state = await exportState(stack);
    const batch = one(state, BATCH, "batch");
    const recorded = JSON.parse(batch.outputs.iotIds) as Record<string, string>;
    for (const pk of products.batch) {
      assert.deepEqual(cloudDevices(pk), pk === batch.outputs.productKey ? recorded : {}, `${note}: devices of product ${pk} vs the DeviceBatch state`);
    }
    const topo = one(state, TOPO, "topo");
    for (const gw of ["gw-0001", "gw-0002"]) {
      const expected = gw === topo.outputs.gateway.deviceName ? Object.fromEntries(Object.entries(topo.outputs.subDevices).map(([k, v]: [string, any]) => [k, v.iotId])) : {};
      assert.deepEqual(cloudRelations(products.gw, gw), expected, `${note}: sub-devices of ${gw} vs the GatewayTopology state`);
    }
    const version = one(state, VERSION, "version");
    assert.deepEqual(cloudVersions(version.outputs.driverId), [version.outputs.driverVersion], `${note}: versions of the driver vs the EdgeDriverVersion state`);
    return state;
  }

  it("keeps the emulator equal to the state through every kind of replacement", async () => {
    const log = new OutputLog();
    const [p1, p2, gwProduct, subProduct] = [await cloud.createProduct("batch_one"), await cloud.createProduct("batch_two"), await cloud.createProduct("gw_rs", 1), await cloud.createProduct("sub_rs")];
    const products = { batch: [p1, p2], gw: gwProduct, sub: subProduct };
    const names = ["dev-0001", "dev-0002", "dev-0003"];
    const subKeys = ["sub-0001", "sub-0002", "sub-0003"].map((n) => `${subProduct}/${n}`);
    const spec = {
      gwProduct,
      subProduct,
      batch: { productKey: p1, devices: names } as Record<string, unknown>,
      topo: { gateway: { productKey: gwProduct, deviceName: "gw-0001" }, subDevices: subKeys } as Record<string, unknown>,
      version: { driverVersion: "1.0.0", edgeVersion: "2.0.0", description: "first" } as Record<string, unknown>,
    };
    const dir = writeProgram(PROJECT, { "index.js": program });
    const stack = await cloud.openStack(dir, `rs-${RUN}`);
    const setSpec = (): Promise<void> => stack.setConfig(`${PROJECT}:spec`, { value: JSON.stringify(spec) });
    /** Runs `up` (with `--replace` of the resource when `targeted`) and returns the engine's steps for it. */
    const up = async (type: string, name: string, targeted = false): Promise<string[]> => {
      await setSpec();
      const replace = targeted ? [one(await exportState(stack), type, name).urn] : undefined;
      const events: EngineEvent[] = [];
      const res = await stack.up({ onOutput: log.sink(), onEvent: (e) => void events.push(e), ...(replace ? { replace } : {}) });
      assert.equal(res.summary.result, "succeeded", log.text());
      assert.equal(res.summary.resourceChanges?.replace, 1, `exactly one replacement expected\n${log.text()}`);
      return opsOf(events, type, name);
    };
    const DELETE_FIRST = ["delete-replaced", "replace", "create-replacement"];
    try {
      await setSpec();
      const first = await stack.up({ onOutput: log.sink() });
      assert.equal(first.summary.result, "succeeded", log.text());
      let state = await assertCloudEqualsState(stack, products, "after the first up");
      const firstIotIds = one(state, BATCH, "batch").outputs.iotIds;

      // DeviceBatch: `up --replace`, without then with adoptExisting: deleted first, then registered afresh.
      assert.deepEqual(await up(BATCH, "batch", true), DELETE_FIRST);
      state = await assertCloudEqualsState(stack, products, "DeviceBatch up --replace");
      assert.notDeepEqual(one(state, BATCH, "batch").outputs.iotIds, firstIotIds, "the replacement registered new devices");
      spec.batch = { ...spec.batch, adoptExisting: true };
      assert.deepEqual(await up(BATCH, "batch", true), DELETE_FIRST);
      state = await assertCloudEqualsState(stack, products, "DeviceBatch up --replace with adoptExisting");
      assert.equal(one(state, BATCH, "batch").outputs.deviceCount, 3);

      // DeviceBatch: productKey change, adopting a device already in the new product, then back without adoptExisting.
      await registerDevices(cloud.client, { productKey: p2, iotInstanceId: INSTANCE }, [{ name: "dev-0002" }], { chunkSize: 10_000, adoptExisting: false });
      spec.batch = { productKey: p2, devices: names, adoptExisting: true };
      assert.deepEqual(await up(BATCH, "batch"), DELETE_FIRST);
      state = await assertCloudEqualsState(stack, products, "DeviceBatch productKey change with adoptExisting");
      assert.deepEqual(Object.keys(JSON.parse(one(state, BATCH, "batch").outputs.iotIds)).sort(), names);
      spec.batch = { productKey: p1, devices: names };
      assert.deepEqual(await up(BATCH, "batch"), DELETE_FIRST);
      await assertCloudEqualsState(stack, products, "DeviceBatch productKey change");

      // GatewayTopology: `up --replace` of the same gateway, then a move to another gateway.
      assert.deepEqual(await up(TOPO, "topo", true), DELETE_FIRST);
      state = await assertCloudEqualsState(stack, products, "GatewayTopology up --replace");
      assert.deepEqual(Object.keys(one(state, TOPO, "topo").outputs.subDevices).sort(), subKeys);
      spec.topo = { ...spec.topo, gateway: { productKey: gwProduct, deviceName: "gw-0002" } };
      assert.deepEqual(await up(TOPO, "topo"), DELETE_FIRST);
      state = await assertCloudEqualsState(stack, products, "GatewayTopology gateway change");
      assert.deepEqual(Object.keys(one(state, TOPO, "topo").outputs.subDevices).sort(), subKeys);

      // EdgeDriverVersion: `up --replace` without then with adoptExisting, a version bump, and a
      // same-version replacement forced by an input (iotInstanceId moves from config onto the resource).
      assert.deepEqual(await up(VERSION, "version", true), DELETE_FIRST);
      await assertCloudEqualsState(stack, products, "EdgeDriverVersion up --replace");
      spec.version = { ...spec.version, adoptExisting: true };
      assert.deepEqual(await up(VERSION, "version", true), DELETE_FIRST);
      await assertCloudEqualsState(stack, products, "EdgeDriverVersion up --replace with adoptExisting");
      spec.version = { ...spec.version, driverVersion: "1.1.0", adoptExisting: false };
      assert.deepEqual(await up(VERSION, "version"), DELETE_FIRST);
      await assertCloudEqualsState(stack, products, "EdgeDriverVersion version bump");
      spec.version = { ...spec.version, iotInstanceId: INSTANCE, adoptExisting: true };
      assert.deepEqual(await up(VERSION, "version"), DELETE_FIRST);
      state = await assertCloudEqualsState(stack, products, "EdgeDriverVersion same-version replacement with adoptExisting");
      assert.equal(one(state, VERSION, "version").outputs.description, "first");

      // Destroy leaves nothing behind.
      const destroy = await stack.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      for (const pk of [p1, p2, gwProduct, subProduct]) assert.deepEqual(cloudDevices(pk), {}, `devices left in ${pk}`);
    } finally {
      await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    }
  });

  it("refuses `deleteBeforeReplace: false` before calling the API", async () => {
    const bad = `"use strict";
const iot = require("pulumi-alicloud-iot");
new iot.GatewayTopology("topo", { gateway: { productKey: "a1Gw", deviceName: "gw-0001" }, subDevices: [] }, { deleteBeforeReplace: false });
`;
    const dir = writeProgram(`${PROJECT}-refused`, { "index.js": bad });
    const stack = await cloud.openStack(dir, `rs-refused-${RUN}`);
    const log = new OutputLog();
    const callsBefore = cloud.apiCalls();
    try {
      await assert.rejects(stack.up({ onOutput: log.sink() }), (err: Error) => {
        assert.match(err.message + log.text(), /GatewayTopology "topo": the option `deleteBeforeReplace: false` is not supported/);
        return true;
      });
      assert.equal(cloud.apiCalls(), callsBefore, "the refused program called the API");
    } finally {
      await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    }
  });
});
