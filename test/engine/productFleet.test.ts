import assert from "node:assert/strict";
import type { Stack } from "@pulumi/pulumi/automation";
import { getClient } from "../../provider/client/getClient";
import { exportState, OutputLog, resourcesOfType, useEmulator, writeProgram } from "./harness";

/*
 * A fleet declared end to end under the real Pulumi CLI, against the emulator in this process:
 * Product → ThingModel → DeviceBatch → GatewayTopology → ThingsServiceInvocation, plus a spare
 * product whose nodeType flips. Each step changes the stack config `fleet:spec`, not code.
 */

const PROJECT = "fleet";
const T = (t: string): string => `pulumi-nodejs:dynamic/alicloud-iot:${t}`;

const program = `"use strict";
const pulumi = require("@pulumi/pulumi");
const iot = require("pulumi-alicloud-iot");
const spec = new pulumi.Config().requireObject("spec");

const lightsProduct = new iot.Product("lights", { productName: spec.names.lights, nodeType: "device", description: spec.description });
const gatewayProduct = new iot.Product("gateways", { productName: spec.names.gateways, nodeType: "gateway", netType: "ETHERNET" });
const spare = new iot.Product("spare", { productName: spec.names.spare, nodeType: spec.spareNodeType });
const model = new iot.ThingModel("lights-model", {
  productKey: lightsProduct.productKey,
  properties: [{ identifier: "Brightness", dataType: { type: "int", specs: { min: 0, max: 100 } } }],
  services: [{ identifier: "TimeReset", inputData: [{ identifier: "zone", dataType: { type: "text", specs: { length: 16 } } }] }],
  events: [{ identifier: "Overheat", type: "alert" }],
});
const lights = new iot.DeviceBatch("lights", { productKey: lightsProduct.productKey, devices: spec.devices });
const gateways = new iot.DeviceBatch("gateways", { productKey: gatewayProduct.productKey, devices: ["gw-0001"] });
const topology = new iot.GatewayTopology("gw-0001-topology", {
  gateway: { productKey: gateways.productKey, deviceName: gateways.iotIds.apply(() => "gw-0001") },
  subDevices: pulumi.all([lights.productKey, lights.iotIds]).apply(([productKey, t]) => Object.keys(JSON.parse(t)).slice(0, 5).map((deviceName) => ({ productKey, deviceName }))),
});
const reset = new iot.ThingsServiceInvocation("time-reset", {
  productKey: lights.productKey,
  identifier: spec.identifier,
  args: spec.args,
  devices: lights.iotIds.apply((t) => Object.keys(JSON.parse(t))),
  thingModel: { services: model.services },
});
exports.lightsKey = lightsProduct.productKey;
exports.spareKey = spare.productKey;
exports.services = model.serviceIdentifiers;
exports.attached = topology.subDeviceCount;
exports.invoked = reset.invokedDevices;
`;

const devices = Array.from({ length: 12 }, (_, i) => `lamp-${String(i + 1).padStart(4, "0")}`);

describe("a fleet declared from its product under the real engine", function () {
  this.timeout(6 * 60_000);

  const cloud = useEmulator();

  const callsOf = (action: string): number => cloud.emu.stats()[action]?.calls ?? 0;
  const relations = (): number => {
    let n = 0;
    for (const s of cloud.emu.store.scopes.values()) for (const d of s.devicesByIotId.values()) if (d.gw) n++;
    return n;
  };
  const productByName = (name: string) => [...cloud.emu.store.scopes.values()].flatMap((s) => [...s.products.values()]).find((p) => p.rec.productName === name);

  it("goes up, previews a no-op without API calls, updates in place, replaces on nodeType, refreshes drift, refuses an undefined service, destroys to an empty emulator", async () => {
    const log = new OutputLog();
    const suffix = Date.now().toString(36).slice(-5);
    const names = { lights: `lights_${suffix}`, gateways: `gateways_${suffix}`, spare: `spare_${suffix}` };
    const spec = { names, description: "street lights", spareNodeType: "device", devices, identifier: "TimeReset", args: { zone: "UTC+8" } };
    const dir = writeProgram(PROJECT, { "index.js": program });
    const stackName = `fleet-${process.pid.toString(36)}${suffix}`;
    const stack: Stack = await cloud.openStack(dir, stackName);
    const setSpec = (s: unknown) => stack.setConfig(`${PROJECT}:spec`, { value: JSON.stringify(s) });
    try {
      // up: 3 products, a published model, 13 devices, 5 relations, 12 invocations
      await setSpec(spec);
      const up = await stack.up({ onOutput: log.sink() });
      assert.equal(up.summary.result, "succeeded", log.text());
      assert.deepEqual(up.outputs.services.value, ["TimeReset"]);
      assert.deepEqual([up.outputs.attached.value, up.outputs.invoked.value], [5, 12]);
      const lights = productByName(names.lights)!;
      assert.equal(lights.productKey, up.outputs.lightsKey.value);
      assert.equal(lights.rec.description, "street lights");
      assert.deepEqual(JSON.parse(lights.rec.tslPublished!).services.map((s: { identifier: string }) => s.identifier), ["TimeReset"]);
      assert.equal(productByName(names.gateways)!.rec.nodeType, 1);
      assert.deepEqual([cloud.emu.store.counts().products, cloud.emu.store.counts().devices, relations()], [3, 13, 5]);
      assert.deepEqual(cloud.emu.invocations().map((c) => [c.identifier, c.deviceNames.length]), [["TimeReset", 12]]);
      const state = await exportState(stack);
      for (const type of ["Product", "ThingModel"]) {
        for (const r of resourcesOfType(state, T(type))) assert.match(r.outputs.__provider, new RegExp(`require\\("pulumi-alicloud-iot/dist/provider/${type[0].toLowerCase() + type.slice(1)}/${type[0].toLowerCase() + type.slice(1)}Provider\\.js"\\)`));
      }

      // no-op preview and up: zero API calls
      let before = cloud.apiCalls();
      const preview = await stack.preview({ onOutput: log.sink() });
      assert.deepEqual(preview.changeSummary, { same: 9 }, log.text());
      const noop = await stack.up({ onOutput: log.sink() });
      assert.deepEqual(noop.summary.resourceChanges, { same: 9 }, log.text());
      assert.equal(cloud.apiCalls(), before, "a no-op preview or up called the API");

      // description: an in-place update of the product alone (UpdateProduct), same ProductKey
      await setSpec({ ...spec, description: "street lights, 2nd generation" });
      const updates = callsOf("UpdateProduct");
      const up2 = await stack.up({ onOutput: log.sink() });
      assert.deepEqual(up2.summary.resourceChanges, { same: 8, update: 1 }, log.text());
      assert.equal(callsOf("UpdateProduct"), updates + 1);
      assert.equal(productByName(names.lights)!.productKey, lights.productKey);
      assert.equal(productByName(names.lights)!.rec.description, "street lights, 2nd generation");

      // nodeType of the spare product: a replacement (the old product deleted first: same name)
      const oldSpare = up.outputs.spareKey.value as string;
      await setSpec({ ...spec, description: "street lights, 2nd generation", spareNodeType: "gateway" });
      const up3 = await stack.up({ onOutput: log.sink() });
      assert.equal(up3.summary.resourceChanges?.replace, 1, log.text());
      assert.notEqual(up3.outputs.spareKey.value, oldSpare);
      assert.equal(productByName(names.spare)!.rec.nodeType, 1);
      assert.equal(productByName(names.spare)!.productKey, up3.outputs.spareKey.value);
      assert.equal(cloud.emu.store.counts().products, 3);

      // drift made out of band: refresh takes it into state, the next up puts the declaration back
      const client = getClient();
      await client.call("UpdateProduct", { ProductKey: lights.productKey, ProductName: names.lights, Description: "edited in the console" });
      const tsl = JSON.parse(lights.rec.tslPublished!);
      tsl.services.push({ identifier: "Reboot", name: "Reboot", callType: "async", inputData: [], outputData: [] });
      await client.call("ImportThingModelTsl", { ProductKey: lights.productKey, TslStr: JSON.stringify(tsl) });
      await client.call("PublishThingModel", { ProductKey: lights.productKey });
      const refresh = await stack.refresh({ onOutput: log.sink() });
      assert.equal(refresh.summary.resourceChanges?.update, 2, log.text());
      const refreshed = await exportState(stack);
      const [productState] = resourcesOfType(refreshed, T("Product")).filter((r) => r.outputs.productName === names.lights);
      assert.equal(productState.outputs.description, "edited in the console");
      const [modelState] = resourcesOfType(refreshed, T("ThingModel"));
      assert.deepEqual(modelState.outputs.serviceIdentifiers, ["Reboot", "TimeReset"]);
      const heal = await stack.up({ onOutput: log.sink() });
      assert.equal(heal.summary.resourceChanges?.update, 2, log.text());
      assert.equal(productByName(names.lights)!.rec.description, "street lights, 2nd generation");
      assert.deepEqual(JSON.parse(productByName(names.lights)!.rec.tslPublished!).services.map((s: { identifier: string }) => s.identifier), ["TimeReset"]);

      // an undefined service fails at preview with the field, the value and the defined services
      await setSpec({ ...spec, description: "street lights, 2nd generation", spareNodeType: "gateway", identifier: "Reboot" });
      before = cloud.apiCalls();
      const failed = new OutputLog();
      await assert.rejects(stack.preview({ onOutput: failed.sink() }));
      assert.match(failed.text(), /Expected `identifier` to name a service the product's thing model defines \(defined services: TimeReset\), got "Reboot"/, failed.text());
      assert.equal(callsOf("InvokeThingsService"), 1);
      assert.equal(cloud.apiCalls(), before, "the refused preview called the API");

      // destroy: no product, device or relation left
      await setSpec({ ...spec, description: "street lights, 2nd generation", spareNodeType: "gateway" });
      const destroy = await stack.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      assert.deepEqual([cloud.emu.store.counts().products, cloud.emu.store.counts().devices, relations()], [0, 0, 0]);
    } finally {
      await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
    }
  });
});
