import assert from "node:assert/strict";
import type { DeviceBatchOutputs } from "../../../provider/deviceBatch/deviceBatchTypes";
import { describeDeviceChanges } from "../../../provider/deviceBatch/describeDeviceChanges";
import { diffDeviceSets } from "../../../provider/deviceBatch/diffDeviceSets";
import { encodeDeviceValues } from "../../../provider/deviceBatch/deviceValues";
import { formatDuration } from "../../../provider/dynamic/formatDuration";
import { UNKNOWN } from "../../../provider/dynamic/unknown";
import { diff } from "../../../provider/deviceBatch/deviceBatchProvider";
import { names } from "./deviceBatchFakeApi";

function outputs(list: string[], extra: Partial<DeviceBatchOutputs> = {}): DeviceBatchOutputs {
  const iotIds = encodeDeviceValues(list.map((n) => [n, `iot-${n}`]));
  return { productKey: "a1Product", authType: "secret", iotIds, nicknames: "{}", applyIds: [1], pendingApplyIds: [], deviceCount: list.length, ...extra };
}

function inputs(list: string[], extra: Record<string, unknown> = {}): any {
  const devices: Record<string, object> = {};
  for (const n of list) devices[n] = {};
  return { productKey: "a1Product", authType: "secret", devices, ...extra };
}

/** Runs `fn` with console.log/error captured. */
async function quietly<T>(fn: () => Promise<T>): Promise<{ result: T; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const { log, error } = console;
  console.log = (s: string) => void out.push(s);
  console.error = (s: string) => void err.push(s);
  try {
    return { result: await fn(), out, err };
  } finally {
    console.log = log;
    console.error = error;
  }
}

describe("diffDeviceSets", () => {
  it("finds added and removed names and changed nicknames", () => {
    const d = diffDeviceSets(
      { a: { nickname: "x" }, b: {}, c: { nickname: "old" }, d: { nickname: "same" } },
      { b: {}, c: { nickname: "new" }, d: { nickname: "same" }, e: {}, a2: {} },
    );
    assert.deepEqual(d, { added: ["e", "a2"], removed: ["a"], renicknamed: ["c"] });
  });

  it("counts a removed nickname as a change", () => {
    assert.deepEqual(diffDeviceSets({ a: { nickname: "x" } }, { a: {} }).renicknamed, ["a"]);
  });

  it("sees no change when only the order differs", () => {
    assert.deepEqual(diffDeviceSets({ a: {}, b: {}, c: {} }, { c: {}, a: {}, b: {} }), { added: [], removed: [], renicknamed: [] });
  });

  it("treats inherited object keys as absent", () => {
    assert.deepEqual(diffDeviceSets({}, { constructor: {}, toString: {} }).added, ["constructor", "toString"]);
  });
});

describe("DeviceBatch diff", () => {
  it("reports no change for the same devices in another order, and logs nothing", async () => {
    const { result, out } = await quietly(() => diff("id", outputs(names(1_000)), inputs(names(1_000).reverse())));
    assert.deepEqual(result, { changes: false });
    assert.deepEqual(out, []);
  });

  it("reports an update, with counts and the first names, when devices are added and removed", async () => {
    const olds = outputs(names(100));
    const news = inputs([...names(98, "lamp", 3), "new-0001", "new-0002", "new-0003"]);
    const { result, out } = await quietly(() => diff("id", olds, news));
    assert.deepEqual(result, { changes: true });
    assert.equal(
      out[0],
      "DeviceBatch of product a1Product: 3 to add, 2 to remove, 0 nicknames to change (101 devices after). " +
        "Add: new-0001, new-0002, new-0003. Remove: lamp-000001, lamp-000002. " +
        "Quota-bound time: registering ≥ 1 s at QueryPageByApplyId 50 QPS; deleting ≥ 1 s at DeleteDevice 50 QPS.",
    );
  });

  it("replaces when productKey or iotInstanceId changes, or productKey is unknown", async () => {
    const q = async (o: DeviceBatchOutputs, n: unknown) => (await quietly(() => diff("id", o, n as any))).result;
    assert.deepEqual(await q(outputs(["lamp-0001"]), inputs(["lamp-0001"], { productKey: "a1Other" })), { changes: true, replaces: ["productKey"], deleteBeforeReplace: true });
    assert.deepEqual(await q(outputs(["lamp-0001"]), inputs(["lamp-0001"], { iotInstanceId: "iot-2" })), { changes: true, replaces: ["iotInstanceId"], deleteBeforeReplace: true });
    assert.deepEqual(await q(outputs(["lamp-0001"]), inputs(["lamp-0001"], { productKey: UNKNOWN })), { changes: true, replaces: ["productKey"], deleteBeforeReplace: true });
  });

  it("reports an update for unknown devices, pending ApplyIds, or changed settings", async () => {
    const q = async (o: DeviceBatchOutputs, n: unknown) => (await quietly(() => diff("id", o, n as any))).result;
    assert.deepEqual(await q(outputs(["lamp-0001"]), inputs([], { devices: UNKNOWN })), { changes: true });
    assert.deepEqual(await q(outputs(["lamp-0001"], { pendingApplyIds: [7] }), inputs(["lamp-0001"])), { changes: true });
    assert.deepEqual(await q(outputs(["lamp-0001"]), inputs(["lamp-0001"], { authType: "x509" })), { changes: true });
    // An undeclared authType follows the product (learned at up): no change whatever the state holds.
    const { authType: _declared, ...undeclared } = inputs(["lamp-0001"]);
    assert.deepEqual(await q(outputs(["lamp-0001"], { authType: "x509" }), undeclared), { changes: false });
    // State written by 0.1.0 holds DeviceSecrets: one update (no API call) rewrites it without them.
    assert.deepEqual(await q({ ...outputs(["lamp-0001"]), deviceSecrets: { "lamp-0001": "s" } } as DeviceBatchOutputs, inputs(["lamp-0001"])), { changes: true });
    assert.deepEqual(await q(outputs(["lamp-0001"]), inputs(["lamp-0001"], { adoptExisting: true })), { changes: true });
    assert.deepEqual(await q(outputs(["lamp-0001"]), inputs(["lamp-0001"], { adoptExisting: false })), { changes: false });
  });

  it("warns how long deleting 100,000 devices takes at the DeleteDevice quota", async () => {
    const { err } = await quietly(() => diff("id", outputs(names(100_001)), inputs(["lamp-000001"])));
    assert.deepEqual(err, [
      "warning: Deleting 100,000 devices of product a1Product takes at least 33 min 20 s: DeleteDevice removes one device per call and the account's quota is 50 QPS.",
    ]);
  });
});

describe("describeDeviceChanges", () => {
  it("lists ten names per kind and counts the rest", () => {
    const d = describeDeviceChanges("pk", { added: names(12), removed: [], renicknamed: ["x"] }, 13);
    assert.match(d.summary, /Add: lamp-000001, .*, lamp-000010 … and 2 more\. Nickname: x\./);
    assert.equal(d.warning, undefined);
  });

  it("uses the quotas it is given (qpsOverrides)", () => {
    const d = describeDeviceChanges("pk", { added: [], removed: names(6_000), renicknamed: [] }, 0, {
      deleteDevice: 100,
      queryPageByApplyId: 50,
      batchUpdateDeviceNickname: 10,
    });
    assert.match(d.summary, /deleting ≥ 1 min at DeleteDevice 100 QPS/);
    assert.match(d.warning!, /takes at least 1 min:/);
  });
});

describe("formatDuration", () => {
  for (const [s, text] of [
    [0, "0 s"],
    [0.2, "1 s"],
    [59, "59 s"],
    [60, "1 min"],
    [2_000, "33 min 20 s"],
    [3_600, "1 h"],
    [7_501, "2 h 6 min"],
  ] as const) {
    it(`renders ${s} s as "${text}"`, () => assert.equal(formatDuration(s), text));
  }
});
