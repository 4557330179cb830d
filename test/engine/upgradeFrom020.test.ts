import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  defaultWorkRoot,
  exportState,
  installPackages,
  OutputLog,
  packPackage,
  programSdkVersion,
  resourceBlock,
  resourcesOfType,
  useEmulator,
  writeProgramFiles,
} from "./harness";
import { packRelease, requiredPackagePaths } from "./releases";

/*
 * Compatibility with state written by the released 0.2.0. Since then a DeviceBatch's checked
 * `devices` map holds the nickname, `""` for none, where 0.2.0 stored `{ nickname }` and `{}` (a
 * string crosses the engine's protobuf boundary at less than half the cost of an object). The engine shows an update by
 * comparing stored and checked inputs key by key, so a careless shape change would list every
 * device of every batch in the first preview after upgrading. This test deploys with 0.2.0 packed
 * from its release commit, installs the current package in the same program, and shows: the
 * first preview with one device added lists that device only; a batch without changes moves to the
 * new shape silently (a "same" step, whose new inputs the engine stores); refresh, update and
 * destroy work through 0.2.0's `__provider` paths.
 */

/** The 0.2.0 release (package.json version 0.2.0). */
const RELEASE_COMMIT = "17be313e3e20369973ed941ec5d1c8585f1532cc";
const PROJECT = "upgrade-020";
const BATCH = "pulumi-nodejs:dynamic/alicloud-iot:DeviceBatch";

const program = `"use strict";
const pulumi = require("@pulumi/pulumi");
const iot = require("pulumi-alicloud-iot");
const cfg = new pulumi.Config();
const spec = cfg.requireObject("spec");
const productKey = cfg.require("product");
const sensors = new iot.DeviceBatch("sensors", { productKey, devices: spec.sensors });
const spares = new iot.DeviceBatch("spares", { productKey, devices: spec.spares });
exports.sensorCount = sensors.deviceCount;
exports.spareCount = spares.deviceCount;
`;

const RUN = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
const name = (prefix: string, i: number): string => `${prefix}-${String(i).padStart(3, "0")}`;
const names = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => name(prefix, i + 1));

describe("state written by 0.2.0 under the new package (real CLI, emulator)", function () {
  this.timeout(15 * 60_000);
  const cloud = useEmulator();

  /** DeviceBatch name → its stored `devices` input. */
  async function storedDeviceInputs(stack: Parameters<typeof exportState>[0]): Promise<Record<string, Record<string, unknown>>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const r of resourcesOfType(await exportState(stack), BATCH)) out[r.urn.split("::").pop()] = r.inputs.devices;
    return out;
  }

  const shapeOf = (devices: Record<string, unknown>): string[] => [...new Set(Object.values(devices).map((v) => JSON.stringify(v)))];

  it("moves the devices map to the new shape without a preview that lists every device", async () => {
    const log = new OutputLog();
    const release = packRelease(RELEASE_COMMIT);
    assert.equal(release.version, "0.2.0");
    const product = await cloud.createProduct("upgrade020");

    const dir = path.join(defaultWorkRoot, "upgrade", `${PROJECT}-${RUN}`);
    fs.rmSync(dir, { recursive: true, force: true });
    writeProgramFiles(dir, PROJECT, { "index.js": program });
    installPackages(dir, [`@pulumi/pulumi@${programSdkVersion()}`, release.tarball]);
    const installed = path.join(dir, "node_modules", "pulumi-alicloud-iot");
    assert.ok(!fs.existsSync(path.join(installed, "dist", "provider", "deviceBatch", "deviceSettings.js")), "the installed package is not 0.2.0");

    const stack = await cloud.openStack(dir, `upgrade020-${RUN}`, { [`${PROJECT}:product`]: { value: product } });
    const setSpec = (spec: unknown) => stack.setConfig(`${PROJECT}:spec`, { value: JSON.stringify(spec) });
    try {
      // 1. 0.2.0 deploys two batches; it stores {} for every device.
      await setSpec({ sensors: names("sensor", 20), spares: names("spare", 5) });
      const up = await stack.up({ onOutput: log.sink() });
      assert.equal(up.summary.result, "succeeded", log.text());
      assert.deepEqual(shapeOf((await storedDeviceInputs(stack)).sensors), ["{}"], "0.2.0 did not store {}: this test proves nothing");
      const providerPaths = new Set<string>();
      for (const r of resourcesOfType(await exportState(stack), BATCH)) {
        for (const p of requiredPackagePaths(String(r.outputs.__provider))) providerPaths.add(p);
      }
      assert.ok(providerPaths.size > 0, "no require() path in 0.2.0's __provider");

      // 2. The new package; every path 0.2.0's state requires resolves in it.
      installPackages(dir, [packPackage()]);
      assert.ok(fs.existsSync(path.join(installed, "dist", "provider", "deviceBatch", "deviceSettings.js")), "the new package was not installed");
      for (const p of providerPaths) assert.ok(fs.existsSync(path.join(installed, p)), `the new package has no ${p}, which 0.2.0's state requires`);

      // 3. First preview after upgrading, one sensor added: only that sensor is shown, no API call.
      await setSpec({ sensors: names("sensor", 21), spares: names("spare", 5) });
      const callsBefore = cloud.apiCalls();
      const previewLog = new OutputLog();
      const preview = await stack.preview({ diff: true, onOutput: previewLog.sink() });
      assert.equal(cloud.apiCalls(), callsBefore, "the preview called the API");
      assert.deepEqual(preview.changeSummary, { same: 2, update: 1 }, previewLog.text());
      const block = resourceBlock(previewLog.text(), "DeviceBatch", "sensors");
      const deviceLines = block.filter((l) => /(sensor|spare)-\d{3}/.test(l));
      assert.deepEqual(deviceLines.map((l) => l.trim().replace(/\s+/g, " ")), [`+ ${name("sensor", 21)}: {}`], block.join("\n"));
      assert.deepEqual(resourceBlock(previewLog.text(), "DeviceBatch", "spares"), [], "the unchanged batch shows in the preview");

      // 4. up: the changed batch keeps 0.2.0's shape for now; the unchanged one moved silently.
      const up2 = await stack.up({ onOutput: log.sink() });
      assert.equal(up2.summary.result, "succeeded", log.text());
      assert.deepEqual(up2.summary.resourceChanges, { same: 2, update: 1 }, log.text());
      assert.equal(up2.outputs.sensorCount.value, 21);
      let stored = await storedDeviceInputs(stack);
      assert.deepEqual(shapeOf(stored.sensors), ["{}"]);
      assert.deepEqual(shapeOf(stored.spares), ['""'], "a same step did not store the new inputs");

      // 5. The next run without changes moves the other batch too; nothing is shown or called.
      const callsBeforeNoop = cloud.apiCalls();
      const up3 = await stack.up({ onOutput: log.sink() });
      assert.deepEqual(up3.summary.resourceChanges, { same: 3 }, log.text());
      assert.equal(cloud.apiCalls(), callsBeforeNoop, "a no-op up called the API");
      stored = await storedDeviceInputs(stack);
      assert.deepEqual([shapeOf(stored.sensors), Object.keys(stored.sensors).length], [['""'], 21]);

      // 6. Refresh through 0.2.0's __provider, then a preview in the new shape shows one device.
      const refresh = await stack.refresh({ onOutput: log.sink() });
      assert.deepEqual(refresh.summary.resourceChanges, { same: 3 }, log.text());
      await setSpec({ sensors: names("sensor", 21), spares: names("spare", 6) });
      const preview2Log = new OutputLog();
      await stack.preview({ diff: true, onOutput: preview2Log.sink() });
      const spareLines = resourceBlock(preview2Log.text(), "DeviceBatch", "spares").filter((l) => /spare-\d{3}/.test(l));
      assert.deepEqual(spareLines.map((l) => l.trim().replace(/\s+/g, " ")), [`+ ${name("spare", 6)}: ""`], preview2Log.text());

      // 7. destroy deletes every device.
      const destroy = await stack.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      assert.deepEqual(cloud.emu.devicesOf(product), []);
    } finally {
      await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    }
  });
});
