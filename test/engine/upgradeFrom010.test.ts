import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Stack } from "@pulumi/pulumi/automation";
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
 * Compatibility with state written by the released 0.1.0 (issue 12). Pulumi stores each dynamic
 * resource's provider as `__provider`, a serialized function that `require()`s the package's
 * compiled modules by path, e.g. `require("pulumi-alicloud-iot/dist/provider/resources/
 * deviceBatchProvider.js")`; refresh and delete run that text as stored, with whatever package is
 * installed then. So those paths must keep resolving in every later version.
 *
 * The test packs 0.1.0 from its release commit (scripts/lib/packRelease.js, cached by commit),
 * deploys every kind of resource 0.1.0 offered with it under the real Pulumi CLI against the emulator
 * in this process, then installs the current package (packed from dist/) into the same program and
 * refreshes, previews, updates and destroys the same stack. The program is plain JS valid for both
 * versions' APIs: it reads no output that the new version renamed (DeviceBatch `devices` and
 * `deviceSecrets`, ThingsServiceInvocation `devices` and `requestIds`). 0.1.0 had no Product resource,
 * so the products are created through the API, as 0.1.0's own tests did.
 */

/** The 0.1.0 release (package.json version 0.1.0). */
const RELEASE_COMMIT = "d9f72f35bb4b808e8add6624089df316ca2268a7";
const PROJECT = "upgrade-010";
const T = (name: string): string => `pulumi-nodejs:dynamic/alicloud-iot:${name}`;
/** Resource type → the module 0.1.0's `__provider` requires for it. */
const PROVIDER_MODULES: Record<string, string> = {
  [T("EdgeDriver")]: "edgeDriverProvider",
  [T("EdgeDriverVersion")]: "edgeDriverVersionProvider",
  [T("DeviceBatch")]: "deviceBatchProvider",
  [T("GatewayTopology")]: "gatewayTopologyProvider",
  [T("ThingsServiceInvocation")]: "thingsServiceInvocationProvider",
};

const program = `"use strict";
const pulumi = require("@pulumi/pulumi");
const iot = require("pulumi-alicloud-iot");
const cfg = new pulumi.Config();
const spec = cfg.requireObject("spec");
const driver = new iot.EdgeDriver("driver", spec.driver);
const version = new iot.EdgeDriverVersion("version", { driverId: driver.driverId, ...spec.version });
const sensors = new iot.DeviceBatch("sensors", { productKey: cfg.require("subProduct"), devices: spec.sensors });
const gateway = new iot.DeviceBatch("gateway", { productKey: cfg.require("gwProduct"), devices: [spec.gateway] });
// Device names from the spec, not from batch outputs: 0.1.0's \`devices\` output is gone in the new version.
const topo = new iot.GatewayTopology(
  "topo",
  {
    gateway: { productKey: gateway.productKey, deviceName: spec.gateway },
    subDevices: spec.attach.map((n) => ({ productKey: sensors.productKey, deviceName: n })),
  },
  { dependsOn: [gateway, sensors] },
);
const reset = new iot.ThingsServiceInvocation(
  "reset",
  { productKey: sensors.productKey, identifier: "testFb:TimeReset", args: spec.args, devices: spec.sensors },
  { dependsOn: [sensors] },
);
if (spec.spares) new iot.DeviceBatch("spares", { productKey: cfg.require("subProduct"), devices: spec.spares });
exports.driverId = driver.driverId;
exports.versionId = version.id;
exports.sensorCount = sensors.deviceCount;
exports.subDeviceCount = topo.subDeviceCount;
exports.invokedDevices = reset.invokedDevices;
`;

const RUN = `${process.pid.toString(36)}${Date.now().toString(36).slice(-4)}`;
const sensor = (i: number): string => `sensor-${String(i).padStart(3, "0")}`;
const sensors = (n: number): string[] => Array.from({ length: n }, (_, i) => sensor(i + 1));

describe("state written by 0.1.0 under the new package (real CLI, emulator)", function () {
  this.timeout(15 * 60_000);
  const cloud = useEmulator();


  /** Names of the product's devices in the emulator, sorted. */
  async function deviceNames(productKey: string): Promise<string[]> {
    const body = await cloud.client.call<{ Data: { DeviceInfo: { DeviceName: string }[] } }>("QueryDevice", { ProductKey: productKey, PageSize: 50, CurrentPage: 1 });
    return body.Data.DeviceInfo.map((d) => d.DeviceName).sort();
  }

  /** Names of the sub-devices attached to `productKey`/`deviceName`, sorted. */
  async function attached(productKey: string, deviceName: string): Promise<string[]> {
    const body = await cloud.client.call<{ Data: { List: { deviceInfo: { DeviceName: string }[] } } }>("GetThingTopo", { ProductKey: productKey, DeviceName: deviceName, PageNo: 1, PageSize: 50 });
    return body.Data.List.deviceInfo.map((d) => d.DeviceName).sort();
  }

  /** DriverIds of the instance's custom drivers. */
  async function driverIds(): Promise<string[]> {
    const body = await cloud.client.call<{ Data: { DriverList: { DriverId: string }[] } }>("QueryEdgeDriver", { Type: 1, CurrentPage: 1, PageSize: 30 });
    return body.Data.DriverList.map((d) => d.DriverId);
  }

  async function versionDescription(driverId: string, driverVersion: string): Promise<string | undefined> {
    const body = await cloud.client.call<{ Data: { Description?: string } }>("GetEdgeDriverVersion", { DriverId: driverId, DriverVersion: driverVersion });
    return body.Data.Description;
  }

  /** URN → outputs.__provider of every dynamic resource in the state. */
  async function providerTexts(stack: Stack): Promise<Map<string, { type: string; text: string }>> {
    const out = new Map<string, { type: string; text: string }>();
    for (const r of (await exportState(stack)).resources ?? []) {
      if (r.type in PROVIDER_MODULES) out.set(r.urn, { type: r.type, text: r.outputs.__provider });
    }
    return out;
  }

  it("deploys with 0.1.0 packed from its commit; the new package refreshes, previews, updates and destroys the same stack", async () => {
    const log = new OutputLog();
    const release = packRelease(RELEASE_COMMIT);
    assert.equal(release.version, "0.1.0");
    const gwProduct = await cloud.createProduct("upgrade_gw", 1);
    const subProduct = await cloud.createProduct("upgrade_sensors");

    // A program with its own node_modules (not the shared programs base, which holds the new package).
    const dir = path.join(defaultWorkRoot, "upgrade", `${PROJECT}-${RUN}`);
    fs.rmSync(dir, { recursive: true, force: true });
    writeProgramFiles(dir, PROJECT, { "index.js": program });
    installPackages(dir, [`@pulumi/pulumi@${programSdkVersion()}`, release.tarball]);
    const installed = path.join(dir, "node_modules", "pulumi-alicloud-iot");
    assert.ok(!fs.existsSync(path.join(installed, "dist", "provider", "resources", "productProvider.js")), "the installed package is not 0.1.0 (it has the Product provider)");

    const stack = await cloud.openStack(dir, `upgrade-${RUN}`, {
      [`${PROJECT}:gwProduct`]: { value: gwProduct },
      [`${PROJECT}:subProduct`]: { value: subProduct },
    });
    const setSpec = (spec: unknown) => stack.setConfig(`${PROJECT}:spec`, { value: JSON.stringify(spec) });
    const driverSpec = { driverName: "UpgradeDriver", driverProtocol: "customize", runtime: "c", cpuArch: "x86-64" };
    const version = { driverVersion: "1.0.0", edgeVersion: "2.0.0", description: "first", containerConfig: { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: "tcp" }] } };
    const spec1 = { driver: driverSpec, version, gateway: "gw-0001", sensors: sensors(3), attach: sensors(2), args: { zone: "UTC+8" }, spares: ["spare-001", "spare-002"] };
    try {
      // 1. 0.1.0 deploys everything it offered.
      await setSpec(spec1);
      const up = await stack.up({ onOutput: log.sink() });
      assert.equal(up.summary.result, "succeeded", log.text());
      assert.deepEqual(up.summary.resourceChanges, { create: 8 }, log.text());
      const driverId: string = up.outputs.driverId.value;
      assert.deepEqual(await deviceNames(subProduct), [...sensors(3), "spare-001", "spare-002"].sort());
      assert.deepEqual(await attached(gwProduct, "gw-0001"), sensors(2));
      assert.equal(cloud.emu.invocations().length, 1);

      // The state proves what this test claims: 0.1.0's __provider requires its dist/ modules by path.
      const old = await providerTexts(stack);
      assert.equal(old.size, 7);
      const oldPaths = new Set<string>();
      for (const { type, text } of old.values()) {
        const paths = requiredPackagePaths(text);
        assert.ok(paths.includes(`dist/provider/resources/${PROVIDER_MODULES[type]}.js`), `${type}'s __provider requires ${JSON.stringify(paths)}`);
        paths.forEach((p) => oldPaths.add(p));
      }
      // Exactly these: the shims the new package must keep (besides the provider modules, config.js,
      // whose `configure` each __provider calls).
      assert.deepEqual([...oldPaths].sort(), ["dist/provider/config.js", ...Object.values(PROVIDER_MODULES).map((m) => `dist/provider/resources/${m}.js`)].sort());

      // 2. The new package replaces 0.1.0 in the same program; every path 0.1.0's state requires resolves in it.
      installPackages(dir, [packPackage()]);
      assert.ok(fs.existsSync(path.join(installed, "dist", "provider", "resources", "productProvider.js")), "the new package was not installed");
      for (const p of oldPaths) assert.ok(fs.existsSync(path.join(installed, p)), `the new package has no ${p}, which 0.1.0's state requires`);

      // 3. preview before anything else: the new version rewrites DeviceBatch's 0.1.0 outputs with
      //    one update each that calls no API; nothing else changes.
      const callsBefore = cloud.apiCalls();
      const previewLog = new OutputLog();
      const preview = await stack.preview({ diff: true, onOutput: previewLog.sink() });
      assert.equal(cloud.apiCalls(), callsBefore, `the preview called the API:\n${previewLog.text()}`);
      assert.deepEqual(preview.changeSummary, { same: 5, update: 3 }, previewLog.text());
      for (const name of ["sensors", "gateway", "spares"]) {
        const block = resourceBlock(previewLog.text(), "DeviceBatch", name);
        assert.match(block[0] ?? "", /^\s*~ /, `DeviceBatch ${name} is not an update:\n${previewLog.text()}`);
      }

      // 4. refresh: 0.1.0's __provider texts read through the new package; nothing drifted, and
      //    DeviceBatch's read already stores the compact outputs (no DeviceSecrets), so a second
      //    preview is empty.
      const refresh = await stack.refresh({ onOutput: log.sink() });
      assert.equal(refresh.summary.result, "succeeded", log.text());
      assert.deepEqual(refresh.summary.resourceChanges, { same: 8 }, log.text());
      for (const r of resourcesOfType(await exportState(stack), T("DeviceBatch"))) {
        assert.deepEqual([typeof r.outputs.iotIds, r.outputs.deviceSecrets, r.outputs.devices], ["string", undefined, undefined], `${r.urn} after refresh`);
      }
      const preview2 = await stack.preview({ onOutput: log.sink() });
      assert.deepEqual(preview2.changeSummary, { same: 8 }, log.text());

      // 5. up with real changes: one sensor more (registered, attached, invoked), a new version
      //    description; the spares batch, left as 0.1.0 wrote it, leaves the program and is deleted
      //    through its 0.1.0 __provider.
      const [sparesUrn] = [...old.keys()].filter((u) => u.endsWith("::spares"));
      assert.equal((await providerTexts(stack)).get(sparesUrn)?.text, old.get(sparesUrn)?.text, "the spares batch's __provider is no longer 0.1.0's");
      const spec2 = { ...spec1, version: { ...version, description: "second" }, sensors: sensors(4), attach: sensors(3), spares: undefined };
      await setSpec(spec2);
      const up2 = await stack.up({ onOutput: log.sink() });
      assert.equal(up2.summary.result, "succeeded", log.text());
      assert.deepEqual(up2.summary.resourceChanges, { same: 3, update: 4, delete: 1 }, log.text());
      assert.deepEqual(await deviceNames(subProduct), sensors(4));
      assert.deepEqual(await attached(gwProduct, "gw-0001"), sensors(3));
      assert.equal(await versionDescription(driverId, "1.0.0"), "second");
      assert.deepEqual(cloud.emu.invocations().at(-1)?.deviceNames, [sensor(4)]);
      assert.deepEqual([up2.outputs.sensorCount.value, up2.outputs.subDeviceCount.value, up2.outputs.invokedDevices.value], [4, 3, 4]);

      // 6. destroy: resources still holding 0.1.0's __provider are deleted through it.
      const left = [...(await providerTexts(stack))].filter(([urn, p]) => old.get(urn)?.text === p.text).map(([, p]) => p.type);
      assert.ok(left.length > 0, "no resource holds 0.1.0's __provider before destroy");
      const destroy = await stack.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      assert.deepEqual(await deviceNames(subProduct), []);
      assert.deepEqual(await deviceNames(gwProduct), []);
      assert.ok(!(await driverIds()).includes(driverId), `driver ${driverId} is still there`);
    } finally {
      await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    }
  });
});
