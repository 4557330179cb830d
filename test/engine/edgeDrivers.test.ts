import assert from "node:assert/strict";
import type { EngineEvent, Stack } from "@pulumi/pulumi/automation";
import { exportState, OutputLog, resourcesOfType, storedState, useEmulator, writeProgram } from "./harness";

/*
 * EdgeDriver / EdgeDriverVersion / getEdgeDriversOutput under the real Pulumi CLI, with the package
 * installed from its packed tarball (run `npx tsc -p tsconfig.json` first) and the emulator in this
 * process. The program takes everything from the stack config `edge-drivers:spec`, so each step
 * changes config, not code.
 */

const PROJECT = "edge-drivers";
const DRIVER = "pulumi-nodejs:dynamic/alicloud-iot:EdgeDriver";
const VERSION = "pulumi-nodejs:dynamic/alicloud-iot:EdgeDriverVersion";

const program = `"use strict";
const pulumi = require("@pulumi/pulumi");
const iot = require("pulumi-alicloud-iot");
const spec = new pulumi.Config().requireObject("spec");
let driverId = spec.driverId;
if (!driverId) {
  const driver = new iot.EdgeDriver("driver", spec.driver);
  driverId = driver.driverId;
  exports.driverId = driverId;
}
const version = new iot.EdgeDriverVersion("version", { driverId, ...spec.version });
exports.versionId = version.id;
exports.versionState = version.versionState;
exports.description = version.description;
if (spec.lookup) exports.lookup = iot.getEdgeDriversOutput({ driverIds: [driverId] }).drivers.apply((ds) => ds.map((d) => d.driverName));
`;

// Distinctive credentials, so the state can be searched for them. Both are set as secrets, as
// docs/edge-drivers.md recommends: the engine copies the whole stack config into the inputs of the
// default `pulumi-nodejs` provider in the state, so a plain-config AccessKeyId would be stored there.
const ACCESS_KEY_ID = "edge-engine-test-key-id-7f3a";
const ACCESS_KEY_SECRET = "edge-engine-test-SECRET-91c2e5";
/** Per-process stack-name suffix: several mocha processes may share the engine work dir (and run this file). */
const RUN = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
/** The stacks' `alicloud-iot:iotInstanceId`: resources without their own iotInstanceId live there. */
const INSTANCE = "iot-edge-engine-test";

describe("edge drivers under the engine (real CLI, emulator)", function () {
  this.timeout(10 * 60_000);
  const cloud = useEmulator({ accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET, instances: [INSTANCE] }, { iotInstanceId: INSTANCE });
  let dir: string;

  before(() => {
    dir = writeProgram(PROJECT, { "index.js": program });
  });

  async function open(stackName: string): Promise<Stack> {
    return cloud.openStack(dir, stackName);
  }
  const setSpec = (stack: Stack, spec: unknown) => stack.setConfig(`${PROJECT}:spec`, { value: JSON.stringify(spec) });
  const getVersion = (driverId: string, driverVersion: string) =>
    cloud.client.call<{ Data: { Description?: string; VersionState: string } }>("GetEdgeDriverVersion", { DriverId: driverId, DriverVersion: driverVersion }).then(
      (b) => b.Data,
      (e: { code?: string }) => (e.code === "iot.edge.DriverVersionNotExist" ? undefined : Promise.reject(e)),
    );
  const calls = (action: string) => cloud.emu.stats()[action]?.calls ?? 0;
  /** The engine's steps for one resource type, in order. */
  const opsOf = (events: EngineEvent[], type: string) =>
    events.filter((e) => e.resourcePreEvent?.metadata.type === type).map((e) => e.resourcePreEvent!.metadata.op);

  it("create → no-op preview without API calls → update → version bump → same-version replacements → refresh drift → destroy", async () => {
    const log = new OutputLog();
    const stack = await open(`lifecycle-${RUN}`);
    const version = { driverVersion: "1.0.0", edgeVersion: "2.0.0", description: "first", containerConfig: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }] } };
    const spec = { driver: { driverName: "LedDriver", driverProtocol: "customize", runtime: "c", cpuArch: "x86-64" }, version };
    try {
      // create
      await setSpec(stack, spec);
      const up = await stack.up({ onOutput: log.sink() });
      assert.equal(up.summary.result, "succeeded", log.text());
      assert.deepEqual(up.summary.resourceChanges, { create: 3 }, log.text());
      const driverId: string = up.outputs.driverId.value;
      assert.equal(up.outputs.versionId.value, `${driverId}:1.0.0`);
      assert.equal((await getVersion(driverId, "1.0.0"))?.Description, "first");

      const stored = JSON.stringify(JSON.parse(storedState(stack)));
      assert.ok(stored.includes(VERSION), "the export has no EdgeDriverVersion");
      assert.ok(!stored.includes(ACCESS_KEY_SECRET), "the AccessKeySecret is in the stored state");
      assert.ok(!stored.includes(ACCESS_KEY_ID), "the AccessKeyId is in the stored state");
      const state = await exportState(stack);
      for (const res of [...resourcesOfType(state, DRIVER), ...resourcesOfType(state, VERSION)]) {
        const text = JSON.stringify(res);
        assert.ok(!text.includes(ACCESS_KEY_SECRET) && !text.includes(ACCESS_KEY_ID), `${res.type} holds a credential, even decrypted`);
      }
      for (const [type, file] of [
        [DRIVER, "edgeDriver/edgeDriverProvider"],
        [VERSION, "edgeDriverVersion/edgeDriverVersionProvider"],
      ]) {
        const [res] = resourcesOfType(state, type);
        assert.match(res.outputs.__provider, new RegExp(`require\\("pulumi-alicloud-iot/dist/provider/${file}\\.js"\\)`));
        assert.ok(res.outputs.__provider.length < 5_000, `${type} __provider is ${res.outputs.__provider.length} bytes: code was copied, not referenced`);
      }

      // no-op preview: check and diff only, zero API calls
      const before = JSON.stringify(cloud.emu.stats());
      const preview = await stack.preview({ onOutput: log.sink() });
      assert.deepEqual(preview.changeSummary, { same: 3 }, log.text());
      assert.equal(JSON.stringify(cloud.emu.stats()), before, "the no-op preview called the API");

      // in-place update (and the lookup function in the program)
      const updates = calls("UpdateEdgeDriverVersion");
      await setSpec(stack, { ...spec, version: { ...version, description: "second" }, lookup: true });
      const up2 = await stack.up({ onOutput: log.sink() });
      assert.equal(up2.summary.resourceChanges?.update, 1, log.text());
      assert.equal(up2.summary.resourceChanges?.create ?? 0, 0, log.text());
      assert.equal(calls("UpdateEdgeDriverVersion"), updates + 1);
      assert.equal((await getVersion(driverId, "1.0.0"))?.Description, "second");
      assert.deepEqual(up2.outputs.lookup.value, ["LedDriver"]);

      // version bump: replaced delete-first, like every replacement (deleteFirstOptions.ts)
      const bumped = { ...version, description: "second", driverVersion: "1.1.0" };
      await setSpec(stack, { ...spec, version: bumped });
      const events: EngineEvent[] = [];
      const up3 = await stack.up({ onOutput: log.sink(), onEvent: (e) => void events.push(e) });
      assert.equal(up3.summary.resourceChanges?.replace, 1, log.text());
      assert.deepEqual(opsOf(events, VERSION), ["delete-replaced", "replace", "create-replacement"]);
      assert.equal(await getVersion(driverId, "1.0.0"), undefined);
      assert.equal((await getVersion(driverId, "1.1.0"))?.Description, "second");

      // a replacement that keeps DriverId + DriverVersion deletes first. Here: iotInstanceId moves
      // from the provider config onto the resource (same instance, so the very same version).
      const sameVersion = { ...bumped, iotInstanceId: INSTANCE };
      await setSpec(stack, { ...spec, version: sameVersion });
      const dbr: EngineEvent[] = [];
      const up4 = await stack.up({ onOutput: log.sink(), onEvent: (e) => void dbr.push(e) });
      assert.equal(up4.summary.resourceChanges?.replace, 1, log.text());
      assert.deepEqual(opsOf(dbr, VERSION), ["delete-replaced", "replace", "create-replacement"]);
      assert.equal((await getVersion(driverId, "1.1.0"))?.Description, "second");

      // `up --replace` skips the provider's diff, but the class's deleteBeforeReplace option holds:
      // the version is deleted, then created again (test/engine/replaceSafety.test.ts covers adoption).
      const [versionRes] = resourcesOfType(await exportState(stack), VERSION);
      const targeted: EngineEvent[] = [];
      const up5 = await stack.up({ onOutput: log.sink(), replace: [versionRes.urn], onEvent: (e) => void targeted.push(e) });
      assert.equal(up5.summary.resourceChanges?.replace, 1, log.text());
      assert.deepEqual(opsOf(targeted, VERSION), ["delete-replaced", "replace", "create-replacement"]);
      assert.equal((await getVersion(driverId, "1.1.0"))?.Description, "second");
      assert.equal(resourcesOfType(await exportState(stack), VERSION).length, 1);

      // refresh after an out-of-band change shows the drift
      await cloud.client.call("UpdateEdgeDriverVersion", { DriverId: driverId, DriverVersion: "1.1.0", EdgeVersion: "2.0.0", Description: "changed outside" });
      const refresh = await stack.refresh({ onOutput: log.sink() });
      assert.equal(refresh.summary.resourceChanges?.update, 1, log.text());
      const [refreshed] = resourcesOfType(await exportState(stack), VERSION);
      assert.equal(refreshed.outputs.description, "changed outside");
      assert.equal(refreshed.outputs.containerConfig, undefined);
      const repair = await stack.preview({ onOutput: log.sink() });
      assert.equal(repair.changeSummary.update, 1, log.text());

      // destroy leaves nothing behind
      const destroy = await stack.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      const after = await exportState(stack);
      assert.deepEqual([resourcesOfType(after, DRIVER).length, resourcesOfType(after, VERSION).length], [0, 0]);
      const listed = await cloud.client.call<{ DriverList: unknown[] }>("BatchGetEdgeDriver", { DriverIds: [driverId] });
      assert.deepEqual(listed.DriverList, []);
    } finally {
      await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    }
  });

  it("released versions: immutable at preview, left in the cloud by destroy, adopted only on request", async () => {
    const log = new OutputLog();
    const stack = await open(`released-${RUN}`);
    const { DriverId: driverId } = await cloud.client.call<{ DriverId: string }>("CreateEdgeDriver", { DriverName: "Relay", DriverProtocol: "modbus", Runtime: "python3" });
    const version = { driverVersion: "2.0.0", edgeVersion: "2.0.0", description: "final", released: true };
    try {
      await setSpec(stack, { driverId, version });
      const up = await stack.up({ onOutput: log.sink() });
      assert.equal(up.outputs.versionState.value, "1", log.text());
      assert.equal((await getVersion(driverId, "2.0.0"))?.VersionState, "1");

      // a content change without a new driverVersion fails the preview, saying what to do
      await setSpec(stack, { driverId, version: { ...version, description: "changed" } });
      await assert.rejects(stack.preview({ onOutput: log.sink() }), (err: Error) => {
        assert.match(
          err.message,
          /Expected `driverVersion` to be a new version when released version "2\.0\.0" of driver \w+ changes \(released versions are immutable; changed: description\)\. Set `driverVersion` to a new value \(e\.g\. bump it\)/,
        );
        return true;
      });

      // destroy succeeds, warns, and leaves the released version in the cloud
      await setSpec(stack, { driverId, version });
      const destroy = await stack.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      assert.match(log.text(), /driver version "2\.0\.0" of driver \w+ is released and the API does not allow deleting released versions; it stays in Alibaba Cloud/);
      assert.equal(resourcesOfType(await exportState(stack), VERSION).length, 0);
      assert.equal((await getVersion(driverId, "2.0.0"))?.VersionState, "1");

      // creating it again fails with the way out…
      await assert.rejects(stack.up({ onOutput: log.sink() }), (err: Error) => {
        assert.match(err.message, /Cannot create driver version "2\.0\.0" of driver \w+: it already exists .* set `adoptExisting: true`/);
        return true;
      });

      // …which adopts it without creating anything
      const creates = calls("CreateEdgeDriverVersion");
      await setSpec(stack, { driverId, version: { ...version, adoptExisting: true } });
      const adopt = await stack.up({ onOutput: log.sink() });
      assert.equal(adopt.summary.resourceChanges?.create, 1, log.text());
      assert.equal(adopt.outputs.versionId.value, `${driverId}:2.0.0`);
      assert.equal(calls("CreateEdgeDriverVersion"), creates);

      const again = await stack.destroy({ onOutput: log.sink() });
      assert.equal(again.summary.result, "succeeded", log.text());
    } finally {
      await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    }
  });
});
