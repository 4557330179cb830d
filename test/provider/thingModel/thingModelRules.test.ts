import assert from "node:assert/strict";
import { checkThingModel } from "../../../provider/thingModel/thingModelCheck";
import { thingModelDiff } from "../../../provider/thingModel/thingModelDiff";
import { normalizeThingModel } from "../../../provider/thingModel/thingModelRules";
import type { ThingModelOutputs } from "../../../provider/thingModel/thingModelTypes";
import { thingModelToTsl } from "../../../provider/thingModel/thingModelWire";
import { UNKNOWN } from "../../../provider/dynamic/unknown";

const blink = { identifier: "Blink", inputData: [{ identifier: "times", dataType: { type: "int", specs: { min: 1, max: 10 } } }] };

describe("thing model rules", () => {
  it("keys features by identifier and fills in defaults", () => {
    const { definition, failures } = normalizeThingModel({
      properties: [{ identifier: "Brightness", dataType: { type: "int", specs: { min: "0", max: 100, unit: "%" } } }],
      services: [blink],
      events: { Overheat: { type: "alert", outputData: [{ identifier: "celsius", dataType: { type: "float" } }] } },
    });
    assert.deepEqual(failures, []);
    assert.deepEqual(definition.properties, { Brightness: { name: "Brightness", accessMode: "rw", required: false, dataType: { type: "int", specs: { min: "0", max: "100", unit: "%" } } } });
    assert.deepEqual(definition.services.Blink, { name: "Blink", callType: "async", required: false, inputData: [{ identifier: "times", name: "times", dataType: { type: "int", specs: { min: "1", max: "10" } } }], outputData: [] });
    assert.deepEqual(Object.keys(definition.events), ["Overheat"]);
    assert.equal(definition.events.Overheat.type, "alert");
  });

  it("refuses bad identifiers, reserved words, duplicates across kinds, and bad data types, with the path", () => {
    const { failures } = normalizeThingModel({
      properties: [{ identifier: "a-b", dataType: { type: "int" } }, { identifier: "Blink", dataType: { type: "int", specs: { min: 5, max: 1 } } }],
      services: [blink, { identifier: "post" }, { identifier: "Go", callType: "now", inputData: [{ identifier: "x", dataType: { type: "struct", specs: [{ identifier: "y", dataType: { type: "struct", specs: [] } }] } }] }],
      events: [{ identifier: "E1", outputData: [{ identifier: "t", dataType: { type: "text", specs: { length: 20000 } } }, { identifier: "a", dataType: { type: "array", specs: { size: 600, item: { type: "bool" } } } }] }],
    });
    const byPath = Object.fromEntries(failures.map((f) => [f.property, f.reason]));
    assert.match(byPath["properties[0].identifier"], /be 1–50 letters, digits and _, got "a-b"/);
    assert.match(byPath["properties[1].dataType.specs.min"], /at most specs.max \(1\), got 5/);
    assert.match(byPath["services[0].identifier"], /unique in the thing model \(properties\[1\] has the same identifier\)/);
    assert.match(byPath["services[1].identifier"], /reserved word/);
    assert.match(byPath["services[2].callType"], /"async" or "sync", got "now"/);
    assert.ok(byPath["services[2].inputData[0].dataType.specs[0].dataType.type"], JSON.stringify(byPath));
    assert.match(byPath["events[0].outputData[0].dataType.specs.length"], /1 to 10,240/);
    assert.match(byPath["events[0].outputData[1].dataType.specs.size"], /1 to 512/);
    assert.match(byPath["events[0].outputData[1].dataType.specs.item.type"], /int, float, double, text, struct/);
  });

  it("gives the same TSL text for the same model whatever the order, and round-trips", () => {
    const a = normalizeThingModel({ services: [blink, { identifier: "Reset" }] }).definition;
    const b = normalizeThingModel({ services: [{ identifier: "Reset" }, blink] }).definition;
    assert.equal(thingModelToTsl("a1key", a), thingModelToTsl("a1key", b));
    const back = normalizeThingModel(JSON.parse(thingModelToTsl("a1key", a)));
    assert.deepEqual(back.failures, []);
    assert.deepEqual(back.definition, a);
  });
});

describe("ThingModel check and diff", () => {
  it("refuses an empty model and unknown keys; keeps placeholders", () => {
    assert.deepEqual(checkThingModel({ productKey: "a1key", colour: 1 }).failures.map((f) => f.property).sort(), ["colour", "services"]);
    assert.deepEqual(checkThingModel({ productKey: UNKNOWN, services: [blink] }).failures, []);
    assert.deepEqual(checkThingModel({ productKey: "a1key", services: UNKNOWN }).failures, []);
    assert.match(checkThingModel({ productKey: "a1key", services: [blink], modelVersion: "v1_0" }).failures[0].reason, /1–16 letters, digits and \./);
  });

  it("updates on a feature change (key order is no change), replaces on productKey", () => {
    const inputs = checkThingModel({ productKey: "a1key", services: [blink] }).inputs;
    const olds = { ...inputs, tsl: "", serviceIdentifiers: ["Blink"], propertyIdentifiers: [], eventIdentifiers: [] } as ThingModelOutputs;
    assert.deepEqual(thingModelDiff(olds, checkThingModel({ productKey: "a1key", services: { Blink: { inputData: blink.inputData } } }).inputs), { replaces: [], updates: [] });
    assert.deepEqual(thingModelDiff(olds, checkThingModel({ productKey: "a1key", services: [blink, { identifier: "Reset" }] }).inputs), { replaces: [], updates: ["services"] });
    assert.deepEqual(thingModelDiff(olds, checkThingModel({ productKey: "a1other", services: [blink] }).inputs).replaces, ["productKey"]);
  });
});
