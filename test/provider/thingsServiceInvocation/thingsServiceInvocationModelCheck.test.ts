import assert from "node:assert/strict";
import { checkThingsServiceInvocation } from "../../../provider/thingsServiceInvocation/thingsServiceInvocationCheck";
import { checkInvocationAgainstModel, valueProblem } from "../../../provider/thingsServiceInvocation/thingsServiceInvocationModelCheck";
import { normalizeThingModel } from "../../../provider/thingModel/thingModelRules";
import { UNKNOWN } from "../../../provider/dynamic/unknown";

const services = normalizeThingModel({
  services: [
    { identifier: "Blink", inputData: [{ identifier: "times", dataType: { type: "int", specs: { min: 1, max: 10 } } }, { identifier: "colour", dataType: { type: "enum", specs: { "0": "red", "1": "blue" } } }] },
    { identifier: "TimeReset", inputData: [{ identifier: "zone", dataType: { type: "text", specs: { length: 8 } } }] },
  ],
}).definition.services;

describe("ThingsServiceInvocation against the declared thing model", () => {
  it("refuses an undefined service naming field, value and the defined services", () => {
    const [f] = checkInvocationAgainstModel("Reboot", {}, services);
    assert.equal(f.property, "identifier");
    assert.equal(f.reason, 'Expected `identifier` to name a service the product\'s thing model defines (defined services: Blink, TimeReset), got "Reboot"');
  });

  it("refuses args that are not inputs, or do not fit their types", () => {
    const f = checkInvocationAgainstModel("Blink", { times: 11, colour: 2, speed: 1 }, services);
    assert.deepEqual(f.map((x) => x.property), ["args.times", "args.colour", "args.speed"]);
    assert.match(f[0].reason, /be within 1…10 \(int\), got 11/);
    assert.match(f[1].reason, /one of 0 \(red\), 1 \(blue\) \(enum\), got 2/);
    assert.match(f[2].reason, /input parameter of service Blink \(its inputs: times, colour\)/);
    assert.match(checkInvocationAgainstModel("TimeReset", { zone: "UTC+08:00" }, services)[0].reason, /at most 8 bytes/);
    assert.deepEqual(checkInvocationAgainstModel("Blink", { times: 3 }, services), []);
    assert.deepEqual(checkInvocationAgainstModel(UNKNOWN, {}, services), []);
    assert.deepEqual(checkInvocationAgainstModel("Blink", { times: UNKNOWN }, services), []);
  });

  it("checks every data type", () => {
    assert.equal(valueProblem({ type: "int" }, 1.5), "be an integer (int)");
    assert.equal(valueProblem({ type: "double" }, "1"), "be a number (double)");
    assert.equal(valueProblem({ type: "bool", specs: { "0": "off", "1": "on" } }, true), "be 0 (off) or 1 (on) (bool)");
    assert.equal(valueProblem({ type: "date" }, "1635839462000"), undefined);
    assert.equal(valueProblem({ type: "date" }, "yesterday"), "be a UTC timestamp in milliseconds (date)");
    assert.equal(valueProblem({ type: "struct", specs: [{ identifier: "a", dataType: { type: "int" } }] }, { a: "x" }), "have member a being an integer (int)");
    assert.equal(valueProblem({ type: "array", specs: { size: 2, item: { type: "int" } } }, [1, 2, 3]), "have at most 2 items (array)");
    assert.equal(valueProblem({ type: "array", specs: { size: 2, item: { type: "text" } } }, ["a", 1]), "have item 1 being a string (text)");
  });

  it("is part of ThingsServiceInvocation's check when thingModel is given, and normalises it", () => {
    const base = { productKey: "a1key", devices: ["lamp-0001"], args: {} };
    const withModel = checkThingsServiceInvocation({ ...base, identifier: "Reboot", thingModel: { services } });
    assert.deepEqual(withModel.failures.map((f) => f.property), ["identifier"]);
    const asList = checkThingsServiceInvocation({ ...base, identifier: "Blink", args: { times: 2 }, thingModel: { services: [{ identifier: "Blink", inputData: [{ identifier: "times", dataType: { type: "int" } }] }] } });
    assert.deepEqual(asList.failures, []);
    assert.deepEqual(Object.keys((asList.inputs as { thingModel: { services: object } }).thingModel.services), ["Blink"]);
    assert.deepEqual(checkThingsServiceInvocation({ ...base, identifier: "Reboot" }).failures, [], "no model: any identifier");
    assert.deepEqual(checkThingsServiceInvocation({ ...base, identifier: "Reboot", thingModel: { services: UNKNOWN } }).failures, [], "model unknown in preview");
  });
});
