import assert from "node:assert/strict";
import { checkGatewayTopology, MAX_SUBDEVICE_FAILURES } from "../../../provider/gatewayTopology/gatewayTopologyCheck";
import { UNKNOWN } from "../../../provider/dynamic/unknown";

const GW = { productKey: "a1gateway01", deviceName: "gw-0001" };
const run = (x: Record<string, unknown>) => checkGatewayTopology({ gateway: GW, ...x });

describe("checkGatewayTopology", () => {
  it("normalises objects and strings into an order-insensitive map with defaults", () => {
    const a = run({ subDevices: [{ productKey: "a1sub000001", deviceName: "lamp-2" }, "a1sub000001/lamp-1", "a1other0001/x:y@z.1"] });
    assert.deepEqual(a.failures, []);
    assert.deepEqual(a.inputs, { gateway: GW, subDevices: { "a1sub000001/lamp-2": {}, "a1sub000001/lamp-1": {}, "a1other0001/x:y@z.1": {} }, signMethod: "hmacSha256", summary: "3 sub-devices; detaching takes ≥ 0 s at RemoveThingTopo 500 QPS" });
    const b = run({ subDevices: ["a1other0001/x:y@z.1", "a1sub000001/lamp-1", "a1sub000001/lamp-2"] });
    assert.deepEqual(Object.keys(b.inputs.subDevices as object).sort(), Object.keys(a.inputs.subDevices as object).sort());
  });

  it("accepts its own normalised map (idempotent) and canonicalises signMethod", () => {
    const once = run({ subDevices: ["a1sub000001/lamp-1"], signMethod: "HMACMD5", iotInstanceId: "iot-cn-1" });
    assert.deepEqual(once.inputs, { gateway: GW, subDevices: { "a1sub000001/lamp-1": {} }, signMethod: "hmacMd5", iotInstanceId: "iot-cn-1", summary: "1 sub-device; detaching takes ≥ 0 s at RemoveThingTopo 500 QPS" });
    assert.deepEqual(checkGatewayTopology(once.inputs as unknown as Record<string, unknown>), once);
  });

  it("names field, value and rule in every failure", () => {
    const r = run({
      subDevices: [
        { productKey: "a1sub000001", deviceName: "abc" },
        { productKey: "", deviceName: "lamp-1" },
        "a1sub000001/lamp-9",
        { productKey: "a1sub000001", deviceName: "lamp-9" },
        { productKey: "a1gateway01", deviceName: "gw-0001" },
        "no-slash",
        { productKey: "a1sub000001", deviceName: "lamp-3", secret: "x" },
      ],
      signMethod: "Sha256",
    });
    assert.deepEqual(r.failures, [
      { property: "subDevices[6].secret", reason: 'Expected `subDevices[6].secret` to not be set: `subDevices[6]` takes productKey and deviceName, got "x"' },
      { property: "subDevices[0].deviceName", reason: 'Expected `subDevices[0].deviceName` to be a device name of 4–32 characters from letters, digits, -, _, @, . and :, got "abc"' },
      { property: "subDevices[1].productKey", reason: 'Expected `subDevices[1].productKey` to be a ProductKey of letters and digits, such as a1BwAGVxxxx, got ""' },
      { property: "subDevices[3]", reason: 'Expected `subDevices[3]` to name a sub-device only once (subDevices[2] is the same device), got "a1sub000001/lamp-9"' },
      { property: "subDevices[4]", reason: 'Expected `subDevices[4]` to be a device other than the gateway, got "a1gateway01/gw-0001"' },
      { property: "subDevices[5]", reason: 'Expected `subDevices[5]` to be "productKey/deviceName" or an object { productKey, deviceName }, got "no-slash"' },
      { property: "signMethod", reason: 'Expected `signMethod` to be one of hmacSha256, hmacSha1, hmacMd5, got "Sha256"' },
    ]);
  });

  it("checks the gateway and unknown top-level keys", () => {
    const r = checkGatewayTopology({ gateway: { productKey: "a1-bad", deviceName: "g" }, subDevices: [], deviceSecret: "x" });
    assert.deepEqual(r.failures.map((f) => f.reason), [
      'Expected `deviceSecret` to not be set: GatewayTopology takes gateway, subDevices, signMethod and iotInstanceId, got "x"',
      'Expected `gateway.productKey` to be a ProductKey of letters and digits, such as a1BwAGVxxxx, got "a1-bad"',
      'Expected `gateway.deviceName` to be a device name of 4–32 characters from letters, digits, -, _, @, . and :, got "g"',
    ]);
    assert.deepEqual(checkGatewayTopology({ subDevices: [] }).failures.map((f) => f.property), ["gateway"]);
  });

  it("caps the listed sub-device failures", () => {
    const r = run({ subDevices: Array.from({ length: MAX_SUBDEVICE_FAILURES + 5 }, () => "a1sub000001/x") });
    assert.equal(r.failures.length, MAX_SUBDEVICE_FAILURES + 1);
    assert.equal(r.failures.at(-1)!.reason, `5 more sub-devices break the rules above (only the first ${MAX_SUBDEVICE_FAILURES} are listed)`);
  });

  it("refuses more than 2,000 sub-devices", () => {
    const r = run({ subDevices: Array.from({ length: 2_001 }, (_, i) => `a1sub000001/lamp-${i}`) });
    assert.deepEqual(r.failures, [{ property: "subDevices", reason: "Expected `subDevices` to hold at most 2,000 sub-devices (the per-gateway limit), got 2001 sub-devices" }]);
  });

  it("passes the preview's unknown placeholder through", () => {
    assert.deepEqual(run({ subDevices: UNKNOWN }).inputs.subDevices, UNKNOWN);
    const partly = run({ subDevices: ["a1sub000001/lamp-1", { productKey: UNKNOWN, deviceName: "lamp-2" }] });
    assert.deepEqual(partly, { inputs: { gateway: GW, subDevices: UNKNOWN, signMethod: "hmacSha256" }, failures: [] });
    const gw = checkGatewayTopology({ gateway: { productKey: "a1gateway01", deviceName: UNKNOWN }, subDevices: ["a1gateway01/gw-0001"] });
    assert.deepEqual(gw.failures, []);
    assert.deepEqual(gw.inputs.gateway, { productKey: "a1gateway01", deviceName: UNKNOWN });
    assert.deepEqual(checkGatewayTopology({ gateway: UNKNOWN, subDevices: UNKNOWN, signMethod: UNKNOWN }).inputs, { gateway: UNKNOWN, subDevices: UNKNOWN, signMethod: UNKNOWN });
  });
});
