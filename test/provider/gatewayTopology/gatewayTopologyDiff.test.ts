import assert from "node:assert/strict";
import { diffGatewayTopology } from "../../../provider/gatewayTopology/gatewayTopologyDiff";
import type { GatewayTopologyInputs, GatewayTopologyOutputs } from "../../../provider/gatewayTopology/gatewayTopologyTypes";
import { UNKNOWN } from "../../../provider/dynamic/unknown";
import { parseSubDeviceKey, subDeviceKey } from "../../../provider/gatewayTopology/subDeviceKey";

const GW = { productKey: "a1gateway01", deviceName: "gw-0001" };
const olds: GatewayTopologyOutputs = {
  gateway: GW,
  subDevices: { "a1sub000001/lamp-1": { iotId: "i1" }, "a1sub000001/lamp-2": { iotId: "i2" }, "a1sub000001/lamp-3": { iotId: "i3" } },
  subDeviceCount: 3,
  signMethod: "hmacSha256",
};
const news = (keys: string[], extra: Partial<GatewayTopologyInputs> = {}): GatewayTopologyInputs =>
  ({ gateway: GW, subDevices: Object.fromEntries(keys.map((k) => [k, {}])), signMethod: "hmacSha256", ...extra }) as GatewayTopologyInputs;

describe("diffGatewayTopology", () => {
  it("is no change for the same set in another order", () => {
    const d = diffGatewayTopology(olds, news(["a1sub000001/lamp-3", "a1sub000001/lamp-1", "a1sub000001/lamp-2"]));
    assert.deepEqual(d, { replaces: [], attach: [], detach: [], unknownSubDevices: false, changes: false });
  });

  it("is the set difference both ways", () => {
    const d = diffGatewayTopology(olds, news(["a1sub000001/lamp-3", "a1sub000002/new-1", "a1sub000001/lamp-1"]));
    assert.deepEqual([d.attach, d.detach, d.changes], [["a1sub000002/new-1"], ["a1sub000001/lamp-2"], true]);
  });

  it("replaces on another gateway or instance, or when they are unknown", () => {
    const keys = Object.keys(olds.subDevices);
    assert.deepEqual(diffGatewayTopology(olds, news(keys, { gateway: { ...GW, deviceName: "gw-0002" } })).replaces, ["gateway"]);
    assert.deepEqual(diffGatewayTopology(olds, news(keys, { gateway: { ...GW, productKey: UNKNOWN } })).replaces, ["gateway"]);
    assert.deepEqual(diffGatewayTopology(olds, news(keys, { iotInstanceId: "iot-1" })).replaces, ["iotInstanceId"]);
    assert.deepEqual(diffGatewayTopology({ ...olds, iotInstanceId: "iot-1" }, news(keys, { iotInstanceId: "iot-1" })).replaces, []);
  });

  it("reports unknown sub-devices as a change, and a new signMethod as a change without calls", () => {
    assert.deepEqual(diffGatewayTopology(olds, { ...news([]), subDevices: UNKNOWN } as unknown as GatewayTopologyInputs), {
      replaces: [], attach: [], detach: [], unknownSubDevices: true, changes: true,
    });
    const d = diffGatewayTopology(olds, news(Object.keys(olds.subDevices), { signMethod: "hmacMd5" }));
    assert.deepEqual([d.attach, d.detach, d.changes], [[], [], true]);
  });

  it("keys round-trip", () => {
    assert.equal(subDeviceKey({ productKey: "a1x", deviceName: "d:1@2" }), "a1x/d:1@2");
    assert.deepEqual(parseSubDeviceKey("a1x/d:1@2"), { productKey: "a1x", deviceName: "d:1@2" });
    assert.equal(parseSubDeviceKey("nope"), undefined);
    assert.equal(parseSubDeviceKey("/x"), undefined);
  });
});
