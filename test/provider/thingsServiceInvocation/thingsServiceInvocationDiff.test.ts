import assert from "node:assert/strict";
import { thingsServiceInvocationDiff } from "../../../provider/thingsServiceInvocation/thingsServiceInvocationDiff";
import type { ThingsServiceInvocationInputs, ThingsServiceInvocationOutputs } from "../../../provider/thingsServiceInvocation/thingsServiceInvocationTypes";
import { deviceSetOf } from "../../../provider/thingsServiceInvocation/thingsServiceInvocationTypes";
import { UNKNOWN } from "../../../provider/dynamic/unknown";
import { quotaBoundSeconds } from "../../../provider/dynamic/quotaBoundSeconds";
import { invocationPlanLine } from "../../../provider/thingsServiceInvocation/thingsServiceInvocationPlan";
import { diff } from "../../../provider/thingsServiceInvocation/thingsServiceInvocationProvider";
import { configure, resetConfig } from "../../../provider/config";
import { captureConsole } from "../../helpers/captureConsole";

const inputs: ThingsServiceInvocationInputs = { productKey: "a1pk", identifier: "Set", args: { a: 1, b: { c: [1, 2] } }, devices: "3 devices", __devices: deviceSetOf(["lamp-1", "lamp-2", "lamp-3"]) };
const olds: ThingsServiceInvocationOutputs = { ...inputs, invokedDevices: 3, calls: 1, invokedAt: "2026-01-01T00:00:00.000Z", __requestIds: ["R1"] };
/** State as 0.1.0 wrote it: the invoked set under `devices` (values true), `requestIds` visible. */
const legacy = { productKey: "a1pk", identifier: "Set", args: { a: 1, b: { c: [1, 2] } }, devices: { "lamp-1": true, "lamp-2": true, "lamp-3": true }, invokedDevices: 3, calls: 1, invokedAt: "2026-01-01T00:00:00.000Z", requestIds: ["R1"] } as unknown as ThingsServiceInvocationOutputs;
const news = (patch: Record<string, unknown>): ThingsServiceInvocationInputs => ({ ...inputs, ...patch }) as ThingsServiceInvocationInputs;

describe("ThingsServiceInvocation diff", () => {
  const logs = captureConsole(["log"]);

  it("same inputs: no change (key order of args does not matter)", async () => {
    assert.deepEqual(await diff("id", olds, news({ args: { b: { c: [1, 2] }, a: 1 } })), { changes: false });
    assert.deepEqual(await diff("id", olds, news({ iotInstanceId: undefined, triggers: undefined })), { changes: false });
    // the devices line and the URN describe; they are not settings
    assert.deepEqual(await diff("id", olds, news({ devices: "3 devices (+ lamp-3)", __urn: "urn:pulumi:x" })), { changes: false });
    assert.deepEqual(await diff("id", legacy, inputs), { changes: false }, "0.1.0 state");
    // refresh diffs the state read against the inputs 0.1.0 stored (the set under `devices`)
    const legacyInputs = { productKey: "a1pk", identifier: "Set", args: { a: 1, b: { c: [1, 2] } }, devices: { "lamp-1": true, "lamp-2": true, "lamp-3": true } } as unknown as ThingsServiceInvocationInputs;
    assert.deepEqual(thingsServiceInvocationDiff(legacy, legacyInputs), { reinvoke: [], added: [], removed: [], desired: ["lamp-1", "lamp-2", "lamp-3"], changes: false }, "0.1.0 state and inputs");
  });

  it("identifier, args, triggers, productKey, iotInstanceId re-invoke as an update, never a replacement", async () => {
    for (const [key, value] of [
      ["identifier", "Reset"],
      ["args", { a: 2, b: { c: [1, 2] } }],
      ["args", { a: 1, b: { c: [2, 1] } }],
      ["triggers", ["v2"]],
      ["productKey", "a1other"],
      ["iotInstanceId", "iot-2"],
    ] as const) {
      assert.deepEqual(await diff("id", olds, news({ [key]: value })), { changes: true }, `${key}=${JSON.stringify(value)}`);
      assert.deepEqual(thingsServiceInvocationDiff(olds, news({ [key]: value })).reinvoke, [key]);
      assert.deepEqual(thingsServiceInvocationDiff(legacy, news({ [key]: value })).reinvoke, [key], "0.1.0 state");
    }
    assert.deepEqual(await diff("id", { ...olds, triggers: ["v1"] }, news({ triggers: ["v1"] })), { changes: false });
    assert.deepEqual(await diff("id", { ...olds, triggers: ["v1"] }, news({})), { changes: true });
    // "1" and 1 differ: the device would receive different JSON
    assert.deepEqual(thingsServiceInvocationDiff(olds, news({ args: { a: "1", b: { c: [1, 2] } } })).reinvoke, ["args"]);
  });

  it("unknown re-invoking inputs re-invoke; an unknown device set is a change", async () => {
    assert.deepEqual(thingsServiceInvocationDiff(olds, news({ args: { a: UNKNOWN, b: { c: [1, 2] } } })).reinvoke, ["args"]);
    assert.deepEqual(thingsServiceInvocationDiff(olds, news({ identifier: UNKNOWN })).reinvoke, ["identifier"]);
    assert.deepEqual(await diff("id", olds, news({ devices: UNKNOWN, __devices: UNKNOWN })), { changes: true });
  });

  it("devices: added and removed as a set, an update", async () => {
    const d = thingsServiceInvocationDiff(olds, news({ __devices: deviceSetOf(["lamp-0", "lamp-2", "lamp-3", "lamp-9"]) }));
    assert.deepEqual(d, { reinvoke: [], added: ["lamp-0", "lamp-9"], removed: ["lamp-1"], desired: ["lamp-0", "lamp-2", "lamp-3", "lamp-9"], changes: true });
    assert.deepEqual(await diff("id", olds, news({ __devices: deviceSetOf(["lamp-1", "lamp-2"]) })), { changes: true });
    assert.deepEqual(logs, ["ThingsServiceInvocation: 1 device removed from the state; no call"]);
    // a state left by a partial failure: the rest is "added"
    assert.deepEqual(thingsServiceInvocationDiff({ ...olds, __devices: deviceSetOf(["lamp-1"]) }, inputs).added, ["lamp-2", "lamp-3"]);
    // 0.1.0 state: the invoked set under `devices`, as a map or a list
    assert.deepEqual(thingsServiceInvocationDiff(legacy, news({ __devices: deviceSetOf(["lamp-0", "lamp-1", "lamp-2", "lamp-3"]) })).added, ["lamp-0"]);
    assert.deepEqual(thingsServiceInvocationDiff({ ...legacy, devices: ["lamp-3", "lamp-1"] } as never, inputs).added, ["lamp-2"]);
  });

  it("the preview's estimate uses alicloud-iot:qpsOverrides, the pace the client will keep", async () => {
    const config: Record<string, string> = {
      "alicloud-iot:region": "cn-shanghai",
      "alicloud-iot:accessKeyId": "id",
      "alicloud-iot:accessKeySecret": "secret",
      "alicloud-iot:qpsOverrides": JSON.stringify({ InvokeThingsService: 2 }),
    };
    configure({ get: (k) => config[k] });
    try {
      const many = deviceSetOf(Array.from({ length: 1_000 }, (_, i) => `clock-${i}`));
      assert.deepEqual(await diff("id", olds, news({ __devices: many, triggers: ["again"] })), { changes: true });
      assert.deepEqual(logs, ["ThingsServiceInvocation: will re-invoke Set on all 1,000 devices (triggers changed): 10 InvokeThingsService calls, ≥ 4 s at 2 QPS; 3 devices removed from the state (no call)"]);
    } finally {
      resetConfig();
    }
  });

  it("a plan line per change: what will be invoked, how many calls, the quota-bound time", () => {
    const plan = (o: ThingsServiceInvocationOutputs, n: ThingsServiceInvocationInputs) => invocationPlanLine(n.identifier, thingsServiceInvocationDiff(o, n), 10);
    const many = (count: number) => deviceSetOf(Array.from({ length: count }, (_, i) => `clock-${String(i).padStart(6, "0")}`));
    const big = { ...olds, __devices: many(25_000) };
    assert.equal(plan(big, news({ __devices: many(25_001) })), "will invoke Set on 1 device added (25,001 after): 1 InvokeThingsService call, ≥ 0 s at 10 QPS");
    assert.equal(
      plan(big, news({ __devices: many(25_001), triggers: [2] })),
      "will re-invoke Set on all 25,001 devices (triggers changed): 251 InvokeThingsService calls, ≥ 25 s at 10 QPS",
    );
    assert.equal(plan(olds, news({ __devices: UNKNOWN })), "will invoke Set; the devices are known at `up`");
    assert.deepEqual([0, 1, 10, 11, 250, 251].map((c) => quotaBoundSeconds(c, 10)), [0, 0, 0, 1, 24, 25]);
  });
});
