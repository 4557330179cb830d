import assert from "node:assert/strict";
import type { Stack } from "@pulumi/pulumi/automation";
import { exportState, OutputLog, resourcesOfType, useEmulator, writeProgram } from "./harness";

/*
 * No silent loss, under the real engine against the emulator:
 *  - a GatewayTopology chunk whose answer is lost (the call ran) followed by an error leaves the
 *    attached relations recorded (pending), the printed error starts with its context, and the next
 *    `up` settles them with GetThingTopo so that the emulator equals the state;
 *  - a DeviceBatch on an X.509 product: undeclared authType registers every device (1,000 names per
 *    check); declared `secret` fails before anything is registered.
 */

const PROJECT = "no-silent-loss";
const TOPO = "pulumi-nodejs:dynamic/alicloud-iot:GatewayTopology";
const BATCH = "pulumi-nodejs:dynamic/alicloud-iot:DeviceBatch";
const RUN = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;

const program = `"use strict";
const pulumi = require("@pulumi/pulumi");
const iot = require("pulumi-alicloud-iot");
const spec = new pulumi.Config().requireObject("spec");
if (spec.topo) {
  const gws = new iot.DeviceBatch("gateways", { productKey: spec.gwProduct, devices: ["gw-0001"] });
  const subs = new iot.DeviceBatch("subs", { productKey: spec.subProduct, devices: spec.subs });
  new iot.GatewayTopology("topo", spec.topo, { dependsOn: [gws, subs] });
}
if (spec.cams) new iot.DeviceBatch("cams", spec.cams);
`;

describe("no silent loss under the engine (unknown outcomes, partial-failure messages, X.509)", function () {
  this.timeout(10 * 60_000);
  const cloud = useEmulator();

  async function open(name: string, spec: unknown): Promise<Stack> {
    const dir = writeProgram(PROJECT, { "index.js": program });
    const stack = await cloud.openStack(dir, `${name}-${RUN}`);
    await stack.setConfig(`${PROJECT}:spec`, { value: JSON.stringify(spec) });
    return stack;
  }
  const devicesOf = (productKey: string): string[] => cloud.emu.devicesOf(productKey).map((d) => d.name).sort();
  const plain = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, ""); // eslint-disable-line no-control-regex

  it("a lost BatchAddThingTopo answer then an error: relations recorded as pending, message with context first, settled by the next up", async () => {
    const gwProduct = await cloud.createProduct("gw_nsl", 1);
    const subProduct = await cloud.createProduct("sub_nsl", 0);
    const subs = Array.from({ length: 15 }, (_, i) => `sub-${String(i + 1).padStart(4, "0")}`);
    const keys = subs.map((n) => `${subProduct}/${n}`);
    const stack = await open("topo", { gwProduct, subProduct, subs, topo: { gateway: { productKey: gwProduct, deviceName: "gw-0001" }, subDevices: keys } });
    const log = new OutputLog();
    const relations = (): string[] => cloud.subDevices(gwProduct, "gw-0001").map((sub) => `${sub.product.productKey}/${sub.name}`).sort();
    try {
      // Chunk 2 (sub-0011…0015) runs, its answer is lost; the client's retry gets a business error.
      cloud.emu.addFault({ action: "BatchAddThingTopo", afterCalls: 1, count: 1, code: "InternalError", httpStatus: 500, afterEffect: true });
      cloud.emu.addFault({ action: "BatchAddThingTopo", afterCalls: 2, count: 1, code: "iot.system.SystemException", httpStatus: 200 });
      await assert.rejects(stack.up({ onOutput: log.sink() }));
      assert.deepEqual(relations(), keys, "all 15 are attached in the cloud");
      const [partial] = resourcesOfType(await exportState(stack), TOPO);
      assert.ok(partial, `the topology is not in state\n${log.text()}`);
      assert.deepEqual(Object.keys(partial.outputs.subDevices).sort(), keys.slice(0, 10));
      assert.deepEqual([...partial.outputs.pendingSubDevices].sort(), keys.slice(10));

      // What the user reads: the engine's "1 error occurred:" header, then our context first.
      const text = plain(log.text());
      const bullets = [...text.matchAll(/errors? occurred:\s*\n\s*\* ([^\n]+)/g)].map((m) => m[1]);
      assert.ok(bullets.length > 0, text);
      for (const b of bullets) {
        assert.match(b, /^Attached 10 of 15 sub-devices \(1 BatchAddThingTopo calls\) before a call failed; the outcome of that call is unknown, so its 5 sub-devices are recorded as pending/, text);
      }

      // The next up settles the pending chunk with GetThingTopo: attached, recorded, nothing re-sent.
      const adds = cloud.emu.stats().BatchAddThingTopo?.calls ?? 0;
      const up = await stack.up({ onOutput: log.sink() });
      assert.equal(up.summary.result, "succeeded", log.text());
      assert.equal((cloud.emu.stats().BatchAddThingTopo?.calls ?? 0) - adds, 0, "the settled chunk was not sent again");
      const [settled] = resourcesOfType(await exportState(stack), TOPO);
      assert.deepEqual(Object.keys(settled.outputs.subDevices).sort(), relations());
      assert.equal(settled.outputs.pendingSubDevices, undefined);
      const destroy = await stack.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      assert.deepEqual(relations(), []);
    } finally {
      cloud.emu.clearFaults();
      await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    }
  });

  it("a DeviceBatch on an X.509 product registers every device when authType is left out, and registers nothing when it says secret", async () => {
    const pk = await cloud.createProduct("cams_nsl", 0, "x509");
    const names = Array.from({ length: 1_050 }, (_, i) => `cam-${String(i + 1).padStart(5, "0")}`);
    const log = new OutputLog();
    const declared = await open("x509-declared", { cams: { productKey: pk, devices: names, authType: "secret" } });
    try {
      const checks = cloud.emu.stats().BatchCheckDeviceNames?.calls ?? 0;
      await assert.rejects(declared.up({ onOutput: log.sink() }));
      assert.match(plain(log.text()), new RegExp(`authType is "secret" but product ${pk} authenticates its devices with X\\.509 certificates`));
      assert.equal(cloud.emu.stats().BatchCheckDeviceNames?.calls ?? 0, checks, "nothing was checked");
      assert.deepEqual(devicesOf(pk), []);
      assert.equal(resourcesOfType(await exportState(declared), BATCH).length, 0);
    } finally {
      await declared.workspace.removeStack(declared.name, { force: true }).catch(() => undefined);
    }
    const learned = await open("x509-learned", { cams: { productKey: pk, devices: names } });
    try {
      const up = await learned.up({ onOutput: log.sink() });
      assert.equal(up.summary.result, "succeeded", log.text());
      const [batch] = resourcesOfType(await exportState(learned), BATCH);
      assert.equal(batch.outputs.deviceCount, 1_050);
      assert.equal(batch.outputs.authType, "x509");
      assert.deepEqual(devicesOf(pk), [...names].sort());
      assert.equal(cloud.emu.stats().BatchCheckDeviceNames?.errors ?? 0, 0, "no BatchCheckDeviceNames exceeded the X.509 limit");
      const destroy = await learned.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      assert.deepEqual(devicesOf(pk), []);
    } finally {
      await learned.workspace.removeStack(learned.name, { force: true }).catch(() => undefined);
    }
  });
});
