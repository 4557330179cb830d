import assert from "node:assert/strict";
import { decodeDeviceValues, encodeDeviceValues, NO_DEVICE_VALUES, pickDeviceValue } from "../../../provider/deviceBatch/deviceValues";

describe("deviceValues (compact per-device outputs)", () => {
  const text = encodeDeviceValues([
    ["lamp-1", "iotA"],
    ["a", "lamp-1"], // a value equal to another device's name
    ["x:lamp-1", "iotB"],
    ["lobby@main.2", "大堂主灯"],
  ]);

  it("encodes one JSON object keyed by name, in the given order", () => {
    assert.equal(text, '{"lamp-1":"iotA","a":"lamp-1","x:lamp-1":"iotB","lobby@main.2":"大堂主灯"}');
    assert.deepEqual(JSON.parse(text), { "lamp-1": "iotA", a: "lamp-1", "x:lamp-1": "iotB", "lobby@main.2": "大堂主灯" });
    assert.equal(encodeDeviceValues([]), NO_DEVICE_VALUES);
  });

  it("decodes to a Map, and treats a missing text as no devices", () => {
    assert.deepEqual([...decodeDeviceValues(text)], [["lamp-1", "iotA"], ["a", "lamp-1"], ["x:lamp-1", "iotB"], ["lobby@main.2", "大堂主灯"]]);
    assert.equal(decodeDeviceValues(undefined).size, 0);
    assert.equal(decodeDeviceValues("").size, 0);
  });

  it("picks one device's value without confusing keys, suffixes or values", () => {
    assert.equal(pickDeviceValue(text, "lamp-1"), "iotA");
    assert.equal(pickDeviceValue(text, "a"), "lamp-1");
    assert.equal(pickDeviceValue(text, "x:lamp-1"), "iotB");
    assert.equal(pickDeviceValue(text, "lobby@main.2"), "大堂主灯");
    assert.equal(pickDeviceValue(text, "iotA"), undefined);
    assert.equal(pickDeviceValue(text, "lamp"), undefined);
    assert.equal(pickDeviceValue(undefined, "lamp-1"), undefined);
  });

  it("agrees with JSON.parse on every name of a large text", () => {
    const entries = Array.from({ length: 5_000 }, (_, i) => [`dev-${i}`, `v${(i * 7919) % 10_007}`] as const);
    const big = encodeDeviceValues(entries);
    const parsed = JSON.parse(big) as Record<string, string>;
    for (const [name] of entries) assert.equal(pickDeviceValue(big, name), parsed[name]);
  });
});
