import assert from "node:assert/strict";
import { driverVersionProblems, DriverVersionFields } from "../../../emulator/rules/edgeDriver";
import { isValidCheckNickname, isValidDeviceName, isValidUpdateNickname } from "../../../provider/rules/deviceNameRules";
import { weightedLength } from "../../../provider/rules/weightedLength";
import { signedCall, start, TestEmulator } from "../helpers";

/** Table-driven checks of the documented rules (seed CreateEdgeDriverVersion.txt, BatchCheckDeviceNames.zh.txt; doc §3, §4). */

const base: DriverVersionFields = { driverVersion: "1.0.0", edgeVersion: "2.0.0" };
const cc = (o: unknown): string => JSON.stringify(o);

/** [case, fields, expected problem (regex) or null when valid] */
const DRIVER_VERSION_CASES: [string, Partial<DriverVersionFields>, RegExp | null][] = [
  ["minimal version", {}, null],
  ["64-character version", { driverVersion: "v".repeat(64) }, null],
  ["65-character version", { driverVersion: "v".repeat(65) }, /DriverVersion/],
  ["version with _ - .", { driverVersion: "1.2_rc-3" }, null],
  // The Chinese page also allows Chinese characters, the English page does not: the strict reading,
  // shared with the provider's preview check (provider/edgeDriverVersion/edgeDriverVersionRules.ts).
  ["version with Chinese (zh doc only)", { driverVersion: "版本1" }, /DriverVersion/],
  ["version with a space", { driverVersion: "1 0" }, /DriverVersion/],
  ["version with a slash", { driverVersion: "1/0" }, /DriverVersion/],
  ["EdgeVersion 2.4.0", { edgeVersion: "2.4.0" }, null],
  ["EdgeVersion 'latest'", { edgeVersion: "latest" }, /EdgeVersion/],
  ["Description of 256 bytes", { description: "d".repeat(256) }, null],
  ["Description of 257 bytes", { description: "d".repeat(257) }, /Description.*256 bytes/],
  ["Description of 86 Chinese characters (258 bytes)", { description: "驱".repeat(86) }, /Description/],
  ["SourceConfig with ossAddress", { sourceConfig: cc({ ossAddress: "http://bucket.oss.example.com/driver.zip" }) }, null],
  ["SourceConfig not JSON", { sourceConfig: "oss://x" }, /SourceConfig/],
  ["SourceConfig without ossAddress", { sourceConfig: cc({}) }, /ossAddress/],
  ["DriverConfig as a list (every doc example)", { driverConfig: cc([{ format: "JSON", content: cc({ defaultConfig: "x" }) }]) }, null],
  ["DriverConfig as one object (the doc table)", { driverConfig: cc({ format: "JSON", content: "{}" }) }, null],
  ["DriverConfig KV", { driverConfig: cc([{ format: "KV", content: cc({ a: "1" }) }]) }, null],
  ["DriverConfig FILE", { driverConfig: cc([{ format: "FILE", content: "http://oss/cfg.json" }]) }, null],
  ["DriverConfig format YAML", { driverConfig: cc([{ format: "YAML", content: "a: 1" }]) }, /format.*KV, JSON, FILE/],
  ["DriverConfig JSON content over 1 KB", { driverConfig: cc([{ format: "JSON", content: cc({ a: "x".repeat(1100) }) }]) }, /1024 bytes/],
  ["DriverConfig JSON content not JSON", { driverConfig: cc([{ format: "JSON", content: "{oops" }]) }, /JSON text/],
  ["DriverConfig KV with 101 pairs", { driverConfig: cc([{ format: "KV", content: cc(Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`k${i}`, "v"]))) }]) }, /100 key-value/],
  ["ConfigCheckRule documented example", { configCheckRule: cc({ deviceConfig: { required: false }, driverConfig: { required: true } }) }, null],
  ["ConfigCheckRule required as a string", { configCheckRule: cc({ deviceConfig: { required: "no" } }) }, /required/],
  ["ConfigCheckRule unknown key", { configCheckRule: cc({ other: {} }) }, /`ConfigCheckRule\.other` to not be set/],
  ["ContainerConfig documented example", { containerConfig: cc({ privileged: 1, devMappings: [], volumeMappings: [], hostNetworkMode: 0, portMappings: [] }) }, null],
  ["privileged 2", { containerConfig: cc({ privileged: 2 }) }, /privileged.*0 or 1/],
  ["10 port mappings", { containerConfig: cc({ portMappings: Array.from({ length: 10 }, (_, i) => ({ hostPort: 8000 + i, containerPort: 80, protocol: "tcp" })) }) }, null],
  ["11 port mappings", { containerConfig: cc({ portMappings: Array.from({ length: 11 }, (_, i) => ({ hostPort: 8000 + i, containerPort: 80, protocol: "tcp" })) }) }, /at most 10/],
  ["hostPort 0", { containerConfig: cc({ portMappings: [{ hostPort: 0, containerPort: 80, protocol: "tcp" }] }) }, /`ContainerConfig\.portMappings\[0\]\.hostPort` to be an integer from 1 to 65535/],
  ["containerPort 65536", { containerConfig: cc({ portMappings: [{ hostPort: 80, containerPort: 65536, protocol: "udp" }] }) }, /containerPort/],
  ["protocol sctp", { containerConfig: cc({ portMappings: [{ hostPort: 80, containerPort: 80, protocol: "sctp" }] }) }, /protocol.*tcp, udp/],
  ["devMapping /dev/ttyUSB0 rw", { containerConfig: cc({ devMappings: [{ hostPath: "/dev/ttyUSB0", permission: "rw", comment: "serial" }] }) }, null],
  ["devMapping outside /dev/", { containerConfig: cc({ devMappings: [{ hostPath: "/tmp/tty", permission: "rw" }] }) }, /starting with \/dev\//],
  ["devMapping permission rwx", { containerConfig: cc({ devMappings: [{ hostPath: "/dev/tty", permission: "rwx" }] }) }, /permission.*ro, rw/],
  ["devMapping comment of 129 chars", { containerConfig: cc({ devMappings: [{ hostPath: "/dev/tty", permission: "ro", comment: "c".repeat(129) }] }) }, /comment/],
  ["11 dev mappings", { containerConfig: cc({ devMappings: Array.from({ length: 11 }, () => ({ hostPath: "/dev/tty", permission: "ro" })) }) }, /devMappings.*at most 10/],
  ["volume /var/data → /data", { containerConfig: cc({ volumeMappings: [{ hostPath: "/var/data", containerPath: "/data", permission: "ro" }] }) }, null],
  ["volume hostPath with a space", { containerConfig: cc({ volumeMappings: [{ hostPath: "/var/my data", containerPath: "/data", permission: "ro" }] }) }, /hostPath.*without spaces/],
  ["volume containerPath is the root", { containerConfig: cc({ volumeMappings: [{ hostPath: "/var/data", containerPath: "/", permission: "ro" }] }) }, /containerPath/],
  ["volume containerPath relative", { containerConfig: cc({ volumeMappings: [{ hostPath: "/var/data", containerPath: "data", permission: "ro" }] }) }, /containerPath/],
  ["volume hostPath of 129 chars", { containerConfig: cc({ volumeMappings: [{ hostPath: "/" + "h".repeat(128), containerPath: "/data", permission: "ro" }] }) }, /hostPath/],
  ["ContainerConfig not an object", { containerConfig: "[]" }, /JSON object/],
  ["ContainerConfig.portMapping (unknown key)", { containerConfig: cc({ portMapping: [] }) }, /`ContainerConfig\.portMapping` to not be set: `ContainerConfig` takes privileged/],
  ["DriverConfig[0].x (unknown key)", { driverConfig: cc([{ format: "KV", content: "{}", x: 1 }]) }, /`DriverConfig\[0\]\.x` to not be set/],
  ["DriverConfig.x in the one-object form", { driverConfig: cc({ format: "KV", content: "{}", x: 1 }) }, /`DriverConfig\.x` to not be set: `DriverConfig` takes format and content/],
  ["DriverConfig FILE without an address", { driverConfig: cc([{ format: "FILE", content: "" }]) }, /FILE/],
];

describe("edge driver version rules", () => {
  for (const [name, fields, expected] of DRIVER_VERSION_CASES) {
    it(`${expected ? "rejects" : "accepts"} ${name}`, () => {
      const problems = driverVersionProblems({ ...base, ...fields });
      if (expected === null) assert.deepEqual(problems, []);
      else assert.ok(problems.some((p) => expected.test(p)), `expected a problem matching ${expected}, got ${JSON.stringify(problems)}`);
    });
  }
});

/** [name, valid] — DeviceName: 4–32 of A–Z a–z 0–9 - _ @ . : */
const DEVICE_NAME_CASES: [string, boolean][] = [
  ["abcd", true],
  ["abc", false],
  ["a".repeat(32), true],
  ["a".repeat(33), false],
  ["dev-01_a@b.c:d", true],
  ["dev 01", false],
  ["dev$01", false],
  ["设备名称", false],
  ["light1", true],
  ["", false],
];

/** [nickname, valid for BatchCheckDeviceNames (4–64, CJK/Japanese = 2), valid for BatchUpdateDeviceNickname (4–32, Chinese = 2)] */
const NICKNAME_CASES: [string, boolean, boolean][] = [
  ["智能灯3", true, true],
  ["灯泡", true, true],
  ["灯", false, false],
  ["abc", false, false],
  ["abcd", true, true],
  ["ライト", true, false],
  ["a".repeat(33), true, false],
  ["a".repeat(64), true, false],
  ["a".repeat(65), false, false],
  ["灯".repeat(16), true, true],
  ["灯".repeat(17), true, false],
  ["灯".repeat(33), false, false],
  ["lamp-1", false, false],
  ["lamp 1", false, false],
];

describe("device name and nickname rules", () => {
  for (const [name, ok] of DEVICE_NAME_CASES) {
    it(`DeviceName ${JSON.stringify(name)} is ${ok ? "valid" : "invalid"}`, () => assert.equal(isValidDeviceName(name), ok));
  }
  for (const [nick, check, update] of NICKNAME_CASES) {
    it(`nickname ${JSON.stringify(nick.length > 20 ? nick.slice(0, 4) + "…×" + nick.length : nick)} (weight ${weightedLength(nick)}): check ${check}, update ${update}`, () => {
      assert.equal(isValidCheckNickname(nick), check);
      assert.equal(isValidUpdateNickname(nick), update);
    });
  }
});

describe("rules enforced over HTTP", () => {
  let emu: TestEmulator;
  let productKey: string;
  let driverId: string;

  before(async () => {
    emu = await start({ qps: { "*": 0 } });
    productKey = (await signedCall(emu, { action: "CreateProduct", params: { ProductName: "rules_prod", NodeType: "0" } })).json.ProductKey;
    driverId = (await signedCall(emu, { action: "CreateEdgeDriver", params: { DriverName: "RulesDriver", DriverProtocol: "modbus", Runtime: "c" } })).json.DriverId;
  });
  after(async () => emu.close());

  for (const [name, fields, expected] of DRIVER_VERSION_CASES.filter((_, i) => i % 4 === 0)) {
    it(`CreateEdgeDriverVersion ${expected ? "rejects" : "accepts"} ${name}`, async () => {
      const f = { ...base, ...fields, driverVersion: (fields.driverVersion ?? `v${Math.random().toString(36).slice(2, 10)}`) };
      const params: Record<string, string> = { DriverId: driverId, DriverVersion: f.driverVersion, EdgeVersion: f.edgeVersion };
      for (const [k, p] of [["description", "Description"], ["sourceConfig", "SourceConfig"], ["driverConfig", "DriverConfig"], ["configCheckRule", "ConfigCheckRule"], ["containerConfig", "ContainerConfig"]] as const) {
        if (f[k] !== undefined) params[p] = f[k] as string;
      }
      const r = await signedCall(emu, { action: "CreateEdgeDriverVersion", params });
      assert.equal(r.status, 200);
      if (expected === null) assert.equal(r.json.Success, true, r.text);
      else {
        assert.equal(r.json.Code, "iot.common.InvalidParam");
        assert.match(r.json.ErrorMessage, expected);
      }
    });
  }

  it("BatchCheckDeviceNames fails malformed names synchronously and accepts the valid table", async () => {
    const named = DEVICE_NAME_CASES.filter(([n]) => n !== ""); // an empty name is iot.device.NullDeviceName
    const params: Record<string, string> = { ProductKey: productKey };
    named.forEach(([n], i) => (params[`DeviceName.${i + 1}`] = n));
    const r = await signedCall(emu, { action: "BatchCheckDeviceNames", params });
    assert.equal(r.json.Success, false);
    assert.equal(r.json.Code, "iot.device.InvalidFormattedDeviceName");
    assert.deepEqual(r.json.Data.InvalidDeviceNameList.InvalidDeviceName, named.filter(([, ok]) => !ok).map(([n]) => n));
    const empty = await signedCall(emu, { action: "BatchCheckDeviceNames", params: { ProductKey: productKey, "DeviceName.1": "" } });
    assert.equal(empty.json.Code, "iot.device.NullDeviceName");
    const good: Record<string, string> = { ProductKey: productKey };
    DEVICE_NAME_CASES.filter(([, ok]) => ok).forEach(([n], i) => (good[`DeviceName.${i + 1}`] = n));
    assert.equal((await signedCall(emu, { action: "BatchCheckDeviceNames", params: good })).json.Success, true);
  });

  it("BatchCheckDeviceNames refuses names repeated inside one request", async () => {
    const r = await signedCall(emu, { action: "BatchCheckDeviceNames", params: { ProductKey: productKey, "DeviceName.1": "twice", "DeviceName.2": "twice" } });
    assert.equal(r.json.Code, "iot.device.RepeatedDeviceName");
    assert.deepEqual(r.json.Data.RepeatedDeviceNameList.RepeatedDeviceName, ["twice"]);
  });

  it("BatchCheckDeviceNames refuses more than 10,000 names (strict: the service drops the rest), and takes 10,000 (form body)", async () => {
    const params: Record<string, string> = { ProductKey: productKey };
    for (let i = 1; i <= 10_001; i++) params[`DeviceNameList.${i}.DeviceName`] = `bulk_${i}`;
    params["DeviceName.1"] = "ignored_when_list_is_sent";
    const appliesBefore = emu.store.applies.size;
    const refused = await signedCall(emu, { action: "BatchCheckDeviceNames", params, shape: "body" });
    assert.equal(refused.json.Code, "iot.device.DeviceCountExceeded", refused.text.slice(0, 300));
    assert.equal(emu.store.applies.size, appliesBefore);
    delete params["DeviceNameList.10001.DeviceName"];
    const r = await signedCall(emu, { action: "BatchCheckDeviceNames", params, shape: "body" });
    assert.equal(r.json.Success, true, r.text.slice(0, 300));
    const names = emu.store.applies.get(r.json.Data.ApplyId)!.rec.names!;
    assert.equal(names.length, 10_000);
    assert.equal(names[0], "bulk_1");
    assert.equal(names[9_999], "bulk_10000");
  });
});
