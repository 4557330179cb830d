import assert from "node:assert/strict";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as $Iot from "@alicloud/iot20180120";
import { loadSeedFile, parseSeedText } from "../../../emulator/seed/loadSeedFile";
import { parseSeed } from "../../../emulator/seed/parseSeed";
import { SeedError } from "../../../emulator/seed/seedError";
import { admin, httpRequest, sdk, start, TestEmulator } from "../helpers";

/** Seeding: `--seed FILE` / `startEmulator({seed})` / POST /_emulator/seed. */

const FIXTURE = path.join(__dirname, "..", "..", "fixtures", "seed-fleet.yaml");
const EXAMPLE = path.join(__dirname, "..", "..", "..", "examples", "emulator", "fleet.json");

function problemsOf(doc: unknown): string[] {
  try {
    parseSeed(doc);
  } catch (e) {
    assert.ok(e instanceof SeedError);
    return e.problems;
  }
  assert.fail("expected a SeedError");
}

function productKeyOf(emu: TestEmulator, name: string): string {
  for (const s of emu.store.scopes.values()) for (const p of s.products.values()) if (p.rec.productName === name) return p.productKey;
  assert.fail(`no product ${name}`);
}

describe("emulator seed format", () => {
  it("reads the YAML fixture and the JSON example: ranges expand, nicknames follow", () => {
    const spec = loadSeedFile(FIXTURE);
    assert.deepEqual(spec.products.map((p) => [p.name, p.nodeType, p.devices.length]), [["seed-gateways", 1, 2], ["seed-sensors", 0, 130]]);
    assert.deepEqual(spec.products[1].devices[0], { name: "sensor-0001", nickname: "line_0001" });
    assert.deepEqual(spec.products[1].devices[129], { name: "sensor-0130", nickname: "line_0130" });
    assert.equal(spec.topology[0].subDevices.length, 110);
    assert.equal(spec.drivers[0].versions[1].fields.containerConfig, '{"privileged":1}');
    const example = loadSeedFile(EXAMPLE);
    assert.equal(example.products[1].devices.length, 1001);
  });

  it("names every problem with its path, the value and the rule", () => {
    const problems = problemsOf({
      products: [
        { name: "ok_product", nodeType: "hub", devices: ["ab", { name: "dev-1", colour: "red" }, { prefix: "x", count: 100000, digits: 40 }] },
        { name: "dup_product" },
        { name: "dup_product" },
      ],
      drivers: [{ name: "1bad", protocol: "mqtt", runtime: "nodejs8", versions: [{ version: "1.0", edgeVersion: "2.4" }] }],
      topology: [{ gateway: "no-slash" }],
      extra: true,
    });
    const expected = [
      "seed.extra: unknown field",
      'products[0].nodeType: expected gateway, device, 1 or 0, got "hub"',
      'products[0].devices[0]: "ab" is not a DeviceName',
      "products[0].devices[1].colour: unknown field",
      "products[0].devices[2].digits: expected an integer 1–28, got 40",
      'products[2].name: "dup_product" is repeated',
      'drivers[0].name: "1bad" must start with a letter',
      'drivers[0].protocol: expected one of modbus, opc-ua, customize, got "mqtt"',
      "drivers[0].versions[0]: Expected `EdgeVersion` to be a Link IoT Edge version of three numbers such as 2.0.0, got \"2.4\"",
      'topology[0].gateway: expected "ProductName/DeviceName", got "no-slash"',
    ];
    for (const e of expected) assert.ok(problems.some((p) => p.startsWith(e)), `missing ${e} in\n${problems.join("\n")}`);
  });

  it("a range whose names break the DeviceName rule is refused; so are repeated device names", () => {
    assert.match(problemsOf({ products: [{ name: "prod_a", devices: [{ prefix: "a-very-long-prefix-for-devices-", count: 12 }] }] })[0], /range makes "a-very-long-prefix-for-devices-01", which is not a DeviceName/);
    assert.match(problemsOf({ products: [{ name: "prod_a", devices: ["dev-1", { prefix: "dev-", count: 2 }] }] })[0], /"dev-1" is repeated/);
  });

  it("syntax errors name the source", () => {
    assert.throws(() => parseSeedText("products: [", "yaml", "fleet.yaml"), (e: Error) => e instanceof SeedError && /^seed rejected: fleet.yaml is not valid YAML/.test(e.message));
    assert.throws(() => parseSeedText("{", "json", "body"), /body is not valid JSON/);
    assert.throws(() => parseSeedText("[1]", "json", "body"), /body: the seed must be an object/);
  });
});

describe("emulator seeding", () => {
  let emu: TestEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it("startEmulator({seed}) creates the fleet before it listens; the SDK sees devices, topology and drivers", async () => {
    emu = await start({ seed: FIXTURE });
    const client = sdk(emu, "v3");
    const sensors = productKeyOf(emu, "seed-sensors");
    const gateways = productKeyOf(emu, "seed-gateways");
    const d = await client.queryDeviceDetail(new $Iot.QueryDeviceDetailRequest({ productKey: sensors, deviceName: "sensor-0130" }));
    assert.equal(d.body.success, true);
    assert.equal(d.body.data!.nickname, "line_0130");
    const gw2 = await client.queryDeviceDetail(new $Iot.QueryDeviceDetailRequest({ productKey: gateways, deviceName: "gw-0002" }));
    assert.equal(gw2.body.data!.nickname, "Hall_B");
    const topo = await client.getThingTopo(new $Iot.GetThingTopoRequest({ productKey: gateways, deviceName: "gw-0001", pageNo: 1, pageSize: 50 }));
    assert.equal(topo.body.data!.total, 110);
    const drivers = await client.queryEdgeDriver(new $Iot.QueryEdgeDriverRequest({ currentPage: 1, pageSize: 10, type: 1, driverName: "SeedModbus" }));
    const driverId = drivers.body.data!.driverList![0].driverId!;
    const v1 = await client.getEdgeDriverVersion(new $Iot.GetEdgeDriverVersionRequest({ driverId, driverVersion: "1.0.0" }));
    const v2 = await client.getEdgeDriverVersion(new $Iot.GetEdgeDriverVersionRequest({ driverId, driverVersion: "1.1.0" }));
    assert.deepEqual([v1.body.data!.versionState, v2.body.data!.versionState], ["1", "0"]);
    assert.equal(v2.body.data!.containerConfig, '{"privileged":1}');
    // The seeded thing model is published: the SDK reads it, and InvokeThingsService holds calls to it.
    const tsl = await client.getThingModelTslPublished(new $Iot.GetThingModelTslPublishedRequest({ productKey: sensors }));
    assert.deepEqual(JSON.parse(tsl.body.data!.tslStr!).services.map((x: { identifier: string }) => x.identifier).filter((id: string) => id === "TimeReset"), ["TimeReset"]);
    const ok = await client.invokeThingsService(new $Iot.InvokeThingsServiceRequest({ productKey: sensors, identifier: "TimeReset", args: '{"zone":"UTC+8"}', deviceName: ["sensor-0001"] }));
    assert.equal(ok.body.success, true);
    const undefinedService = await client.invokeThingsService(new $Iot.InvokeThingsServiceRequest({ productKey: sensors, identifier: "Reboot", args: "{}", deviceName: ["sensor-0001"] }));
    assert.equal(undefinedService.body.success, false);
    assert.equal(undefinedService.body.code, "iot.device.InvokeThingServiceFailed");
  });

  it("refuses a thing model that breaks the ThingModel rules, naming the product", () => {
    const problems = problemsOf({ products: [{ name: "bad-model", thingModel: { services: [{ identifier: "has space" }], colour: 1 } }] });
    assert.ok(problems.some((x) => x.startsWith("products[0].thingModel")), problems.join("\n"));
    assert.ok(problems.some((x) => x.includes("colour")), problems.join("\n"));
  });

  it("is idempotent with a data dir: a restart with the same seed creates nothing and keeps the ids", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-seed-"));
    try {
      emu = await start({ seed: FIXTURE, dataDir: dir });
      const key = productKeyOf(emu, "seed-sensors");
      const iotId = emu.store.scope("default/").products.get(key)!.devices.get("sensor-0042")!.iotId;
      const counts = emu.store.counts();
      await emu.close();
      const lines: string[] = [];
      emu = await start({ seed: FIXTURE, dataDir: dir, log: (l) => lines.push(l) });
      assert.deepEqual(emu.store.counts(), counts);
      assert.equal(emu.store.scope("default/").products.get(key)!.devices.get("sensor-0042")!.iotId, iotId);
      assert.match(lines.join("\n"), /products 0 created\/2 existing, devices 0 created\/132 existing, drivers 0 created\/1 existing, driver versions 0 created\/2 existing, 0 released, 0 thing models published, 0 sub-devices attached \(110 already\)/);
    } finally {
      await emu?.close();
      emu = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("POST /_emulator/seed: JSON or YAML; adds what is missing; 400 with the problems on bad input, changing nothing", async () => {
    emu = await start({ seed: FIXTURE });
    const before = emu.store.counts();
    const added = await admin(emu, "POST", "/_emulator/seed", { products: [{ name: "seed-sensors", devices: ["sensor-0001", "sensor-extra"] }] });
    assert.equal(added.status, 200);
    assert.deepEqual(added.json.devices, { created: 1, existing: 1 });
    assert.equal(emu.store.counts().devices, before.devices + 1);

    const yaml = await httpRequest(`${emu.endpoint}/_emulator/seed`, { method: "POST", headers: { "content-type": "application/yaml" }, body: "products:\n  - name: yaml_product\n    devices: [yaml-dev-1]\n" });
    assert.equal(yaml.status, 200, yaml.text);
    assert.equal(yaml.json.products.created, 1);

    const afterGood = emu.store.counts();
    const bad = [
      ["not json", "{"],
      ["wrong node type", JSON.stringify({ products: [{ name: "seed-sensors", nodeType: "gateway" }, { name: "fresh_product", devices: ["fresh-1"] }] })],
      ["sub-device in a gateway product", JSON.stringify({ topology: [{ gateway: "seed-gateways/gw-0002", subDevices: ["seed-gateways/gw-0001"] }] })],
      ["two gateways", JSON.stringify({ topology: [{ gateway: "seed-gateways/gw-0001", subDevices: ["seed-sensors/sensor-0120"] }, { gateway: "seed-gateways/gw-0002", subDevices: ["seed-sensors/sensor-0120"] }] })],
      ["too many sub-devices", JSON.stringify({ products: [{ name: "seed-sensors", devices: [{ prefix: "bulk-", count: 1900 }] }], topology: [{ gateway: "seed-gateways/gw-0001", subDevices: [{ product: "seed-sensors", prefix: "bulk-", count: 1900 }] }] })],
      ["unknown instance", JSON.stringify({ iotInstanceId: "iot-cn-nope", products: [] })],
    ];
    const messages: string[] = [];
    for (const [label, body] of bad) {
      const r = await httpRequest(`${emu.endpoint}/_emulator/seed`, { method: "POST", headers: { "content-type": "application/json" }, body });
      assert.equal(r.status, 400, `${label}: ${r.text}`);
      messages.push(r.json.error);
    }
    assert.match(messages[0], /body is not valid JSON/);
    assert.match(messages[1], /product "seed-sensors" exists with nodeType 0, the seed says 1/);
    assert.match(messages[2], /seed-gateways\/gw-0001 is in a gateway product and cannot be a sub-device/);
    assert.match(messages[3], /seed-sensors\/sensor-0120 is listed under both seed-gateways\/gw-0001 and seed-gateways\/gw-0002/);
    assert.match(messages[4], /gateway seed-gateways\/gw-0001 would have 2010 sub-devices; at most 2000/);
    assert.match(messages[5], /"iot-cn-nope" is not an instance of this emulator; start it with --instance iot-cn-nope/);
    assert.deepEqual(emu.store.counts(), afterGood, "a rejected seed changes nothing");
    assert.equal((await admin(emu, "GET", "/_emulator/seed")).status, 405);
  });
});
