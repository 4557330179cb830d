import assert from "node:assert/strict";
import { isValidDeviceName, isValidNickname, nicknameLength } from "../../../provider/rules/deviceNameRules";
import { MAX_DEVICE_FAILURES, normalizeDeviceList } from "../../../provider/deviceBatch/normalizeDeviceList";
import { UNKNOWN } from "../../../provider/dynamic/unknown";
import { check } from "../../../provider/deviceBatch/deviceBatchProvider";
import { names } from "./deviceBatchFakeApi";

const NAME_RULE = "be a device name of 4–32 characters from letters, digits, -, _, @, . and :";
const NICK_RULE = "be a nickname of 4–32 characters from Chinese characters, letters, digits and _ (a Chinese character counts 2)";

describe("device naming rules", () => {
  it("accepts 4–32 characters from letters, digits, -, _, @, . and :", () => {
    for (const ok of ["abcd", "a".repeat(32), "lamp-01_x@home.cn:1", "0000"]) assert.equal(isValidDeviceName(ok), true, ok);
  });

  it("rejects names that are too short, too long, or use other characters", () => {
    for (const bad of ["abc", "a".repeat(33), "lamp 01", "lamp/01", "灯灯灯灯", "lamp#1", ""]) assert.equal(isValidDeviceName(bad), false, bad);
  });

  it("counts a Chinese character as 2 in nickname length", () => {
    assert.equal(nicknameLength("智能灯1"), 7);
    assert.equal(nicknameLength("lamp"), 4);
    assert.equal(nicknameLength("㐀豈ab"), 6); // Extension A and Compatibility Ideographs are Chinese too
  });

  it("accepts nicknames of Chinese characters, letters, digits and _ of length 4–32", () => {
    for (const ok of ["智能灯1", "智能", "ab_1", "a".repeat(32), "灯".repeat(16)]) assert.equal(isValidNickname(ok), true, ok);
  });

  it("rejects nicknames outside 4–32, with Japanese kana, or with other characters", () => {
    for (const bad of ["abc", "灯", "a".repeat(33), "灯".repeat(17), "智能灯-1", "ライト01", "lamp 1", "𠀀𠀀ab"]) {
      assert.equal(isValidNickname(bad), false, bad);
    }
  });
});

describe("normalizeDeviceList", () => {
  it("keys names and { name, nickname } objects by name", () => {
    const r = normalizeDeviceList(["lamp-0001", { name: "lamp-0002", nickname: "智能灯2" }, { name: "lamp-0003" }]);
    assert.deepEqual(r, { devices: { "lamp-0001": "", "lamp-0002": "智能灯2", "lamp-0003": "" }, failures: [] });
  });

  it("accepts the normalised map form as well, and the { nickname } / {} of 0.1.0 and 0.2.0", () => {
    const r = normalizeDeviceList({ "lamp-0001": "", "lamp-0002": "智能灯2", "lamp-0003": {}, "lamp-0004": { nickname: "智能灯4" } });
    assert.deepEqual(r, { devices: { "lamp-0001": "", "lamp-0002": "智能灯2", "lamp-0003": "", "lamp-0004": "智能灯4" }, failures: [] });
  });

  it("refuses a map value that is neither a nickname nor { nickname }, and checks a nickname given as the value", () => {
    assert.deepEqual(normalizeDeviceList({ "lamp-0001": false }).failures, [
      { property: 'devices["lamp-0001"]', reason: 'Expected `devices["lamp-0001"]` to be a nickname ("" for none) or an object { nickname }, got false' },
    ]);
    assert.equal(normalizeDeviceList({ "lamp-0001": "x" }).failures[0]?.property, 'devices["lamp-0001"].nickname');
  });

  it("treats an empty or null nickname as none", () => {
    assert.deepEqual(normalizeDeviceList([{ name: "lamp-0001", nickname: "" }, { name: "lamp-0002", nickname: null }]).devices, {
      "lamp-0001": "",
      "lamp-0002": "",
    });
  });

  it("names the device and the rule for an invalid name", () => {
    assert.deepEqual(normalizeDeviceList(["lamp-0001", "ab"]).failures, [
      { property: "devices[1]", reason: `Expected \`devices[1]\` to ${NAME_RULE}, got "ab"` },
    ]);
  });

  it("names both places of a duplicate", () => {
    assert.deepEqual(normalizeDeviceList(["lamp-0001", "lamp-0002", { name: "lamp-0001" }]).failures, [
      { property: "devices[2]", reason: 'Expected `devices[2]` to name a device only once in the batch (devices[0] has the same name), got "lamp-0001"' },
    ]);
  });

  it("names the device and the rule for an invalid nickname", () => {
    assert.deepEqual(normalizeDeviceList([{ name: "lamp-0001", nickname: "灯" }]).failures, [
      {
        property: "devices[0].nickname",
        reason: `Expected \`devices[0].nickname\` to ${NICK_RULE} (device "lamp-0001"; this one counts 2), got "灯"`,
      },
    ]);
  });

  it("rejects an empty list", () => {
    assert.deepEqual(normalizeDeviceList([]).failures, [{ property: "devices", reason: "Expected `devices` to list at least one device, got []" }]);
  });

  it("rejects items that are neither names nor { name, nickname }, and unknown keys", () => {
    assert.deepEqual(
      normalizeDeviceList([42, { name: "lamp-0001", nick: "x" }]).failures.map((f) => f.property),
      ["devices[0]", "devices[1]"],
    );
  });

  it("rejects __proto__, which cannot survive as an object key", () => {
    assert.deepEqual(normalizeDeviceList(["__proto__"]).failures.map((f) => f.property), ["devices[0]"]);
  });

  it("lists at most MAX_DEVICE_FAILURES failures and counts the rest", () => {
    const failures = normalizeDeviceList(Array.from({ length: 25 }, (_, i) => `x${i}`)).failures;
    assert.equal(failures.length, MAX_DEVICE_FAILURES + 1);
    assert.deepEqual(failures[MAX_DEVICE_FAILURES], {
      property: "devices",
      reason: `5 more devices break the rules above (only the first ${MAX_DEVICE_FAILURES} are listed)`,
    });
  });

  it("makes the whole map unknown when a name is unknown, and keeps an unknown nickname", () => {
    assert.deepEqual(normalizeDeviceList(UNKNOWN), { devices: UNKNOWN, failures: [] });
    assert.deepEqual(normalizeDeviceList(["lamp-0001", UNKNOWN]), { devices: UNKNOWN, failures: [] });
    assert.deepEqual(normalizeDeviceList([{ name: "lamp-0001", nickname: UNKNOWN }]).devices, { "lamp-0001": UNKNOWN });
  });

  it("normalises 250,000 names without failures", () => {
    const r = normalizeDeviceList(names(250_000));
    assert.equal(r.failures.length, 0);
    assert.equal(Object.keys(r.devices).length, 250_000);
  });
});

describe("DeviceBatch check", () => {
  const news = (extra: Record<string, unknown>) => ({ productKey: "a1Product", devices: ["lamp-0001"], ...extra }) as any;

  it("normalises devices, leaves an undeclared authType out (the product's is learned at up) and keeps __provider out of the inputs it returns", async () => {
    const r = await check({} as any, news({ __provider: "p", deviceSecrets: undefined }));
    assert.deepEqual(r, { inputs: { productKey: "a1Product", devices: { "lamp-0001": "" }, summary: "1 device; deleting takes ≥ 0 s at DeleteDevice 50 QPS" } });
  });

  it("keeps iotInstanceId, adoptExisting and authType x509", async () => {
    const r = await check({} as any, news({ iotInstanceId: "iot-1", adoptExisting: true, authType: "x509" }));
    assert.deepEqual(r.inputs, { productKey: "a1Product", devices: { "lamp-0001": "" }, authType: "x509", iotInstanceId: "iot-1", adoptExisting: true, summary: "1 device; deleting takes ≥ 0 s at DeleteDevice 50 QPS" });
  });

  it("reports every invalid input, each with its rule", async () => {
    const r = await check({} as any, { productKey: "", devices: ["ab"], authType: "cert", adoptExisting: "yes", devcies: [] } as any);
    assert.deepEqual(
      r.failures?.map((f) => f.property),
      ["devcies", "productKey", "authType", "adoptExisting", "devices[0]"],
    );
    assert.match(r.failures![2].reason, /Expected `authType` to be one of secret, x509, got "cert"/);
  });

  it("passes the preview's unknown placeholder through without failing", async () => {
    const r = await check({} as any, { productKey: UNKNOWN, devices: UNKNOWN, iotInstanceId: UNKNOWN } as any);
    assert.deepEqual(r, { inputs: { productKey: UNKNOWN, devices: UNKNOWN, iotInstanceId: UNKNOWN } });
  });
});
