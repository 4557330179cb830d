import assert from "node:assert/strict";
import { thingsServiceInvocationDiff } from "../../provider/internal/thingsServiceInvocationDiff";
import type { ThingsServiceInvocationInputs, ThingsServiceInvocationOutputs } from "../../provider/internal/thingsServiceInvocationTypes";
import { deviceSetOf } from "../../provider/internal/thingsServiceInvocationTypes";
import { UNKNOWN } from "../../provider/internal/unknown";
import { diff } from "../../provider/resources/thingsServiceInvocationProvider";

const inputs: ThingsServiceInvocationInputs = { productKey: "a1pk", identifier: "Set", args: { a: 1, b: { c: [1, 2] } }, devices: deviceSetOf(["lamp-1", "lamp-2", "lamp-3"]) };
const olds: ThingsServiceInvocationOutputs = { ...inputs, invokedDevices: 3, calls: 1, invokedAt: "2026-01-01T00:00:00.000Z", requestIds: ["R1"] };
const news = (patch: Record<string, unknown>): ThingsServiceInvocationInputs => ({ ...inputs, ...patch }) as ThingsServiceInvocationInputs;

describe("ThingsServiceInvocation diff", () => {
  it("same inputs: no change (key order of args does not matter)", async () => {
    assert.deepEqual(await diff("id", olds, news({ args: { b: { c: [1, 2] }, a: 1 } })), { changes: false });
    assert.deepEqual(await diff("id", olds, news({ iotInstanceId: undefined, triggers: undefined })), { changes: false });
  });

  it("identifier, args, triggers, productKey, iotInstanceId replace, create before delete", async () => {
    for (const [key, value] of [
      ["identifier", "Reset"],
      ["args", { a: 2, b: { c: [1, 2] } }],
      ["args", { a: 1, b: { c: [2, 1] } }],
      ["triggers", ["v2"]],
      ["productKey", "a1other"],
      ["iotInstanceId", "iot-2"],
    ] as const) {
      assert.deepEqual(await diff("id", olds, news({ [key]: value })), { changes: true, replaces: [key], deleteBeforeReplace: false }, `${key}=${JSON.stringify(value)}`);
    }
    assert.deepEqual(await diff("id", { ...olds, triggers: ["v1"] }, news({ triggers: ["v1"] })), { changes: false });
    assert.deepEqual(await diff("id", { ...olds, triggers: ["v1"] }, news({})), { changes: true, replaces: ["triggers"], deleteBeforeReplace: false });
    // "1" and 1 differ: the device would receive different JSON
    assert.deepEqual((await diff("id", olds, news({ args: { a: "1", b: { c: [1, 2] } } }))).replaces, ["args"]);
  });

  it("unknown re-invoking inputs replace; an unknown device list is a change", async () => {
    assert.deepEqual((await diff("id", olds, news({ args: { a: UNKNOWN, b: { c: [1, 2] } } }))).replaces, ["args"]);
    assert.deepEqual((await diff("id", olds, news({ identifier: UNKNOWN }))).replaces, ["identifier"]);
    assert.deepEqual(await diff("id", olds, news({ devices: UNKNOWN })), { changes: true });
  });

  it("devices: added and removed as a set, an update", async () => {
    const d = thingsServiceInvocationDiff(olds, news({ devices: deviceSetOf(["lamp-0", "lamp-2", "lamp-3", "lamp-9"]) }));
    assert.deepEqual(d, { replaces: [], added: ["lamp-0", "lamp-9"], removed: ["lamp-1"], changes: true });
    assert.deepEqual(await diff("id", olds, news({ devices: deviceSetOf(["lamp-1", "lamp-2"]) })), { changes: true });
    // a state left by a partial failure: the rest is "added"
    assert.deepEqual(thingsServiceInvocationDiff({ ...olds, devices: deviceSetOf(["lamp-1"]) }, inputs).added, ["lamp-2", "lamp-3"]);
  });
});
