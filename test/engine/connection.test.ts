import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator/index";
import { RpcClient } from "../../provider/client/RpcClient";
import { SlidingWindowLimiter } from "../../provider/retry/SlidingWindowLimiter";
import { defaultWorkRoot, emulatorStackConfig, exportState, openStack, OutputLog, resourcesOfType, storedState, writeProgram } from "./harness";

const DRIVER = "pulumi-nodejs:dynamic/alicloud-iot:EdgeDriver";
const BATCH = "pulumi-nodejs:dynamic/alicloud-iot:DeviceBatch";

// The stack's config points at "cn-shanghai"; every resource with `connection` goes to a second
// region and account (a CLI profile), including a device batch whose secret the program asks for.
const program = `
const pulumi = require("@pulumi/pulumi");
const iot = require("pulumi-alicloud-iot");
const cfg = new pulumi.Config();
const sg = { region: "ap-southeast-1", profile: "sg", endpoint: cfg.require("sgEndpoint") };
new iot.EdgeDriver("sh-driver", { driverName: "ShDriver", driverProtocol: "modbus", runtime: "c" });
new iot.EdgeDriver("sg-driver", { driverName: "SgDriver", driverProtocol: "modbus", runtime: "c", connection: sg });
const product = new iot.Product("sg-product", { productName: "SgSensors", nodeType: "device", connection: sg });
const batch = new iot.DeviceBatch("sg-batch", { productKey: product.productKey, devices: ["sg-1", "sg-2"], connection: sg });
exports.sgSecret = batch.deviceSecret("sg-1");
exports.sgCount = batch.deviceCount;
`;

/** What one account holds in one emulator, through the API: custom drivers and products. */
async function holdings(emu: EmulatorHandle, accessKeyId: string, accessKeySecret: string): Promise<{ drivers: number; products: number }> {
  const client = new RpcClient({ endpoint: emu.endpoint, region: emu.regionId, accessKeyId, accessKeySecret, qpsOverrides: {} }, { limiter: new SlidingWindowLimiter() });
  const drivers = await client.call<{ Data: { Total: number } }>("QueryEdgeDriver", { Type: 1, CurrentPage: 1, PageSize: 30 });
  const products = await client.call<{ Data: { Total: number } }>("QueryProductList", { CurrentPage: 1, PageSize: 50 });
  return { drivers: drivers.Data.Total, products: products.Data.Total };
}

/* One stack, two regions and two accounts: a resource's `connection` under the real engine. */
describe("per-resource connection under the real engine (two regions, two accounts)", function () {
  this.timeout(10 * 60_000);
  let shanghai: EmulatorHandle;
  let singapore: EmulatorHandle;

  before(async () => {
    shanghai = await startEmulator({ region: "cn-shanghai" });
    singapore = await startEmulator({ region: "ap-southeast-1", credentials: [{ accessKeyId: "sg-key", accessKeySecret: "sg-secret-value", account: "sg" }] });
  });

  after(async () => {
    await shanghai?.close();
    await singapore?.close();
  });

  it("creates each resource in its own region and account, stores the connection, and refreshes and destroys both", async () => {
    const log = new OutputLog();
    const home = path.join(defaultWorkRoot, "connection-home");
    fs.mkdirSync(path.join(home, ".aliyun"), { recursive: true });
    fs.writeFileSync(path.join(home, ".aliyun", "config.json"), JSON.stringify({ current: "sg", profiles: [{ name: "sg", mode: "AK", access_key_id: "sg-key", access_key_secret: "sg-secret-value" }] }));
    const dir = writeProgram("connection", { "index.js": program });
    const stack = await openStack(dir, "two-regions", { ...emulatorStackConfig(shanghai), sgEndpoint: { value: singapore.endpoint } }, undefined, { HOME: home });
    const sh = () => holdings(shanghai, shanghai.accessKeyId, shanghai.accessKeySecret);
    const sgAccount = () => holdings(singapore, "sg-key", "sg-secret-value");
    try {
      const up = await stack.up({ onOutput: log.sink() });
      assert.equal(up.summary.result, "succeeded", log.text());
      assert.deepEqual(await sh(), { drivers: 1, products: 0 });
      assert.deepEqual(await sgAccount(), { drivers: 1, products: 1 });
      assert.deepEqual(await holdings(singapore, singapore.accessKeyId, singapore.accessKeySecret), { drivers: 0, products: 0 }, "written to the second emulator's main account");
      assert.equal(up.outputs.sgCount.value, 2);
      assert.match(String(up.outputs.sgSecret.value), /^\S{16,}$/, "the secret was not looked up in the batch's region");
      assert.equal(up.outputs.sgSecret.secret, true);

      const state = await exportState(stack);
      const sgDriver = resourcesOfType(state, DRIVER).find((r: any) => r.urn.endsWith("::sg-driver"));
      assert.deepEqual(sgDriver.outputs.connection, { region: "ap-southeast-1", profile: "sg", endpoint: singapore.endpoint });
      const batch = resourcesOfType(state, BATCH)[0];
      assert.deepEqual(batch.outputs.connection, sgDriver.outputs.connection);
      const stored = storedState(stack);
      assert.ok(!stored.includes("sg-secret-value"), "the profile's secret is in the state");
      for (const r of state.resources.filter((x: any) => x.inputs?.__provider)) {
        assert.ok(r.inputs.__provider.length < 5_000, `${r.urn}: __provider is ${r.inputs.__provider.length} bytes`);
      }

      const preview = await stack.preview({ onOutput: log.sink() });
      assert.deepEqual(preview.changeSummary, { same: 5 }, log.text());
      const refresh = await stack.refresh({ onOutput: log.sink() });
      assert.equal(refresh.summary.result, "succeeded", log.text());
      assert.equal(refresh.summary.resourceChanges?.update ?? 0, 0, log.text());

      const destroy = await stack.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      assert.deepEqual(await sh(), { drivers: 0, products: 0 });
      assert.deepEqual(await sgAccount(), { drivers: 0, products: 0 });
    } finally {
      await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    }
  });
});
