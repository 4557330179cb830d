import assert from "node:assert/strict";
import type { Stack } from "@pulumi/pulumi/automation";
import { RpcClient } from "../../provider/client/RpcClient";
import { SlidingWindowLimiter } from "../../provider/retry/SlidingWindowLimiter";
import { startEmulator, type EmulatorHandle } from "../../emulator/index";
import { exportState, openStack, OutputLog, resourcesOfType, writeProgram } from "./harness";

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
  let emu: EmulatorHandle;
  let client: RpcClient;

  before(async () => {
    emu = await startEmulator({});
    client = new RpcClient(
      { endpoint: emu.endpoint, region: "cn-shanghai", accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret, qpsOverrides: {} },
      { limiter: new SlidingWindowLimiter() },
    );
  });
  after(async () => {
    await emu?.close();
  });

  async function open(name: string, spec: unknown): Promise<Stack> {
    const dir = writeProgram(PROJECT, { "index.js": program });
    const stack = await openStack(dir, `${name}-${RUN}`, {
      "alicloud-iot:endpoint": { value: emu.endpoint },
      "alicloud-iot:region": { value: "cn-shanghai" },
      "alicloud-iot:accessKeyId": { value: emu.accessKeyId, secret: true },
      "alicloud-iot:accessKeySecret": { value: emu.accessKeySecret, secret: true },
    });
    await stack.setConfig(`${PROJECT}:spec`, { value: JSON.stringify(spec) });
    return stack;
  }
  const product = async (name: string, nodeType: number, authType?: string): Promise<string> =>
    (await client.call<{ ProductKey: string }>("CreateProduct", { ProductName: name, NodeType: nodeType, ...(authType ? { AuthType: authType } : {}) })).ProductKey;
  const devicesOf = (productKey: string): string[] => {
    const out: string[] = [];
    for (const d of emu.devicesOf(productKey)) out.push(d.name);
    return out.sort();
  };
  const plain = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, ""); // eslint-disable-line no-control-regex

  it("a lost BatchAddThingTopo answer then an error: relations recorded as pending, message with context first, settled by the next up", async () => {
    const gwProduct = await product("gw_nsl", 1);
    const subProduct = await product("sub_nsl", 0);
    const subs = Array.from({ length: 15 }, (_, i) => `sub-${String(i + 1).padStart(4, "0")}`);
    const keys = subs.map((n) => `${subProduct}/${n}`);
    const stack = await open("topo", { gwProduct, subProduct, subs, topo: { gateway: { productKey: gwProduct, deviceName: "gw-0001" }, subDevices: keys } });
    const log = new OutputLog();
    const relations = (): string[] => {
      const out: string[] = [];
      for (const gw of emu.devicesOf(gwProduct)) if (gw.name === "gw-0001") for (const sub of gw.subs ?? []) out.push(`${sub.product.productKey}/${sub.name}`);
      return out.sort();
    };
    try {
      // Chunk 2 (sub-0011…0015) runs, its answer is lost; the client's retry gets a business error.
      emu.addFault({ action: "BatchAddThingTopo", afterCalls: 1, count: 1, code: "InternalError", httpStatus: 500, afterEffect: true });
      emu.addFault({ action: "BatchAddThingTopo", afterCalls: 2, count: 1, code: "iot.system.SystemException", httpStatus: 200 });
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
      const adds = emu.stats().BatchAddThingTopo?.calls ?? 0;
      const up = await stack.up({ onOutput: log.sink() });
      assert.equal(up.summary.result, "succeeded", log.text());
      assert.equal((emu.stats().BatchAddThingTopo?.calls ?? 0) - adds, 0, "the settled chunk was not sent again");
      const [settled] = resourcesOfType(await exportState(stack), TOPO);
      assert.deepEqual(Object.keys(settled.outputs.subDevices).sort(), relations());
      assert.equal(settled.outputs.pendingSubDevices, undefined);
      const destroy = await stack.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      assert.deepEqual(relations(), []);
    } finally {
      emu.clearFaults();
      await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    }
  });

  it("a DeviceBatch on an X.509 product registers every device when authType is left out, and registers nothing when it says secret", async () => {
    const pk = await product("cams_nsl", 0, "x509");
    const names = Array.from({ length: 1_050 }, (_, i) => `cam-${String(i + 1).padStart(5, "0")}`);
    const log = new OutputLog();
    const declared = await open("x509-declared", { cams: { productKey: pk, devices: names, authType: "secret" } });
    try {
      const checks = emu.stats().BatchCheckDeviceNames?.calls ?? 0;
      await assert.rejects(declared.up({ onOutput: log.sink() }));
      assert.match(plain(log.text()), new RegExp(`authType is "secret" but product ${pk} authenticates its devices with X\\.509 certificates`));
      assert.equal(emu.stats().BatchCheckDeviceNames?.calls ?? 0, checks, "nothing was checked");
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
      assert.equal(emu.stats().BatchCheckDeviceNames?.errors ?? 0, 0, "no BatchCheckDeviceNames exceeded the X.509 limit");
      const destroy = await learned.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      assert.deepEqual(devicesOf(pk), []);
    } finally {
      await learned.workspace.removeStack(learned.name, { force: true }).catch(() => undefined);
    }
  });
});
