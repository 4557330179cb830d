import assert from "node:assert/strict";
import { checkThingsServiceInvocation, MAX_DEVICE_FAILURES } from "../../../provider/thingsServiceInvocation/thingsServiceInvocationCheck";
import { UNKNOWN } from "../../../provider/dynamic/unknown";
import { check } from "../../../provider/thingsServiceInvocation/thingsServiceInvocationProvider";

const NAME_RULE = "be a device name of 4–32 characters from letters, digits, -, _, @, . and :";
const ID_RULE = "be a service identifier of 1–50 letters, digits and _, optionally prefixed by a custom module's identifier and : (e.g. testFb:testService)";
const base = { productKey: "a1BwAGV0001", identifier: "Set", args: { param1: 1 }, devices: ["lamp-2", "lamp-1"] };
const reasons = (raw: Record<string, unknown>): string[] => checkThingsServiceInvocation(raw).failures.map((f) => f.reason);

describe("ThingsServiceInvocation check", () => {
  it("normalises: devices keyed by name, args default {}, empty iotInstanceId and triggers dropped", async () => {
    const r = await check({} as never, { ...base, args: undefined, iotInstanceId: "", triggers: [] } as never);
    assert.equal(r.failures, undefined);
    assert.deepEqual(r.inputs, { productKey: "a1BwAGV0001", identifier: "Set", args: {}, devices: "2 devices", __devices: { "lamp-1": {}, "lamp-2": {} } });
  });

  it("keeps iotInstanceId and triggers; reordering devices gives the same inputs", () => {
    const a = checkThingsServiceInvocation({ ...base, iotInstanceId: "iot-1", triggers: [1, { v: "x" }] });
    const b = checkThingsServiceInvocation({ ...base, devices: ["lamp-1", "lamp-2"], iotInstanceId: "iot-1", triggers: [1, { v: "x" }] });
    assert.deepEqual(a, b);
    assert.deepEqual(a.inputs.triggers, [1, { v: "x" }]);
  });

  it("keys devices by name in __devices, and is idempotent on its own output", () => {
    const once = checkThingsServiceInvocation({ ...base, devices: ["lamp-3", "lamp-1", "lamp-2"], __urn: "urn:pulumi:s::p::t::n" });
    assert.deepEqual(Object.keys(once.inputs.__devices), ["lamp-1", "lamp-2", "lamp-3"]);
    assert.equal(once.inputs.devices, "3 devices");
    assert.equal(once.inputs.__urn, "urn:pulumi:s::p::t::n");
    const twice = checkThingsServiceInvocation(once.inputs as unknown as Record<string, unknown>);
    assert.deepEqual(twice, once);
  });

  it("names what changed since the previous inputs in the devices line, from this version's or 0.1.0's shape", () => {
    const previous = checkThingsServiceInvocation({ ...base, devices: ["lamp-1", "lamp-2", "lamp-3"] }).inputs as unknown as Record<string, unknown>;
    const next = { ...base, devices: ["lamp-0", "lamp-1", "lamp-2"] };
    assert.equal(checkThingsServiceInvocation(next, previous).inputs.devices, "3 devices (+ lamp-0; - lamp-3)");
    assert.equal(checkThingsServiceInvocation(next, { devices: { "lamp-1": true, "lamp-2": true, "lamp-3": true } }).inputs.devices, "3 devices (+ lamp-0; - lamp-3)");
    assert.equal(checkThingsServiceInvocation(next, { devices: ["lamp-1", "lamp-2", "lamp-3"] }).inputs.devices, "3 devices (+ lamp-0; - lamp-3)");
    assert.equal(checkThingsServiceInvocation(next, {}).inputs.devices, "3 devices");
    assert.equal(checkThingsServiceInvocation({ ...base, devices: ["lamp-1"] }, previous).inputs.devices, "1 device (- lamp-2, lamp-3)");
  });

  it("accepts 0.1.0's checked form (devices keyed by name with true values)", () => {
    const r = checkThingsServiceInvocation({ ...base, devices: { "lamp-2": true, "lamp-1": true } });
    assert.deepEqual(r.failures, []);
    assert.deepEqual(r.inputs.__devices, { "lamp-1": {}, "lamp-2": {} });
  });

  it("accepts service and module:service identifiers up to 50 characters each", () => {
    for (const ok of ["Set", "TimeReset", "testFb:testService", "a_1", "x".repeat(50), `${"m".repeat(50)}:${"s".repeat(50)}`]) {
      assert.deepEqual(reasons({ ...base, identifier: ok }), [], ok);
    }
  });

  it("rejects other identifiers, naming field, rule and value", () => {
    for (const bad of ["", "set-time", "a:b:c", ":set", "x".repeat(51), "服务", 7]) {
      assert.deepEqual(reasons({ ...base, identifier: bad }), [`Expected \`identifier\` to ${ID_RULE}, got ${JSON.stringify(bad)}`], String(bad));
    }
  });

  it("requires args to be a JSON object", () => {
    const rule = "be a JSON object of the service's input parameters ({} when it has none)";
    assert.deepEqual(reasons({ ...base, args: [1] }), [`Expected \`args\` to ${rule}, got [1]`]);
    assert.deepEqual(reasons({ ...base, args: "{\"a\":1}" }), [`Expected \`args\` to ${rule}, got "{\\"a\\":1}"`]);
    assert.deepEqual(reasons({ ...base, args: 3 }), [`Expected \`args\` to ${rule}, got 3`]);
  });

  it("requires args to be serialisable as JSON, naming the path", () => {
    const rule = "be a JSON value (string, finite number, boolean, null, list or object)";
    assert.deepEqual(reasons({ ...base, args: { a: { b: [1, Infinity] } } }), [`Expected \`args.a.b[1]\` to ${rule}, got "Infinity"`]);
    assert.deepEqual(reasons({ ...base, args: { "x y": () => 1 } }), [`Expected \`args["x y"]\` to ${rule}, got "function"`]);
    assert.deepEqual(reasons({ ...base, args: { d: new Date(0) } }), [`Expected \`args.d\` to ${rule}, got "an instance of Date"`]);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.deepEqual(reasons({ ...base, args: cyclic }), [`Expected \`args.self\` to ${rule}, got "a cycle"`]);
    assert.deepEqual(reasons({ ...base, args: { shared: [1], again: [1], nested: { s: "ü", n: null, t: true } } }), []);
  });

  it("checks device names, duplicates and the list itself", () => {
    assert.deepEqual(reasons({ ...base, devices: ["lamp-1", "abc", "lamp-1", 5] }), [
      `Expected \`devices[1]\` to ${NAME_RULE}, got "abc"`,
      'Expected `devices[2]` to name a device only once (devices[0] has the same name), got "lamp-1"',
      `Expected \`devices[3]\` to ${NAME_RULE}, got 5`,
    ]);
    assert.deepEqual(reasons({ ...base, devices: [] }), ["Expected `devices` to list at least one device, got []"]);
    assert.deepEqual(reasons({ ...base, devices: "lamp-1" }), ['Expected `devices` to be a list of device names, got "lamp-1"']);
  });

  it("caps per-device failures and counts the rest", () => {
    const failures = checkThingsServiceInvocation({ ...base, devices: Array.from({ length: 30 }, (_, i) => `x${i}`) }).failures;
    assert.equal(failures.length, MAX_DEVICE_FAILURES + 1);
    assert.deepEqual(failures.at(-1), { property: "devices", reason: "… and 10 more invalid devices" });
  });

  it("checks productKey, iotInstanceId, triggers and unknown keys", () => {
    assert.deepEqual(reasons({ ...base, productKey: "a b" }), ['Expected `productKey` to be a ProductKey of letters and digits, such as a1BwAGVxxxx, got "a b"']);
    assert.deepEqual(reasons({ ...base, productKey: undefined }), ["Expected `productKey` to be a ProductKey of letters and digits, such as a1BwAGVxxxx, got undefined"]);
    assert.deepEqual(reasons({ ...base, iotInstanceId: 3 }), ["Expected `iotInstanceId` to be an IoT instance id such as iot-cn-0pp1n8t****, got 3"]);
    assert.deepEqual(reasons({ ...base, triggers: "v1" }), ['Expected `triggers` to be a list of values whose change re-invokes the service, got "v1"']);
    assert.deepEqual(reasons({ ...base, qos: 1 }), [
      "Expected `qos` to not be set: ThingsServiceInvocation takes productKey, identifier, args, devices, iotInstanceId, triggers and thingModel, got 1",
    ]);
    // output placeholders, the serialized provider and the URN are not inputs, and not failures either
    assert.deepEqual(reasons({ ...base, __provider: "x", __urn: "urn:pulumi:a", calls: undefined, requestIds: undefined }), []);
  });

  it("skips unknown preview values; an unknown device makes the whole list unknown", () => {
    const r = checkThingsServiceInvocation({ productKey: UNKNOWN, identifier: UNKNOWN, args: { a: UNKNOWN }, devices: ["lamp-1", UNKNOWN], triggers: [UNKNOWN] });
    assert.deepEqual(r.failures, []);
    assert.equal(r.inputs.devices, UNKNOWN);
    assert.equal(r.inputs.__devices, UNKNOWN);
    assert.deepEqual(r.inputs.args, { a: UNKNOWN });
    assert.deepEqual(checkThingsServiceInvocation({ ...base, args: UNKNOWN, devices: UNKNOWN }).failures, []);
  });
});
