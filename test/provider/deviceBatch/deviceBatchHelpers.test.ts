import assert from "node:assert/strict";
import { allOrFirstError } from "../../../provider/dynamic/allOrFirstError";
import { concurrencyLimit } from "../../../provider/dynamic/concurrencyLimit";
import { deleteDevices } from "../../../provider/deviceBatch/api/deleteDevices";
import { DeviceBatchState, isLegacyOutputs } from "../../../provider/deviceBatch/deviceBatchState";
import { registeredDeviceSet } from "../../../provider/deviceBatch/registeredDeviceSet";
import { fetchApplyDevices } from "../../../provider/deviceBatch/api/fetchApplyDevices";
import { fetchDeviceDetails } from "../../../provider/deviceBatch/api/fetchDeviceDetails";
import { forEachUntilError } from "../../../provider/dynamic/forEachUntilError";
import { partialFailure } from "../../../provider/dynamic/partialFailure";
import { progressReporter } from "../../../provider/dynamic/progressReporter";
import { updateNicknames } from "../../../provider/deviceBatch/api/updateNicknames";
import { business, FakeDeviceApi, gateway, instantClock, names } from "./deviceBatchFakeApi";
import { registerDevices } from "../../../provider/deviceBatch/api/registerDevices";

const scope = { productKey: "a1Product" };

async function seeded(n: number): Promise<FakeDeviceApi> {
  const api = new FakeDeviceApi();
  await registerDevices(api, scope, names(n).map((name) => ({ name })), {
    chunkSize: 10_000,
    adoptExisting: false,
    clock: instantClock(),
    poll: { initialDelayMs: 1, maxDelayMs: 1, timeoutMs: 1_000 },
  });
  api.calls.length = 0;
  return api;
}

describe("concurrencyLimit", () => {
  it("never runs more than n tasks at once and runs them all", async () => {
    const limit = concurrencyLimit(3);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setImmediate(r));
          active--;
          return i;
        }),
      ),
    );
    assert.equal(peak, 3);
    assert.deepEqual(results, Array.from({ length: 20 }, (_, i) => i));
  });

  it("frees the slot of a failed task", async () => {
    const limit = concurrencyLimit(1);
    await assert.rejects(limit(async () => Promise.reject(new Error("boom"))), /boom/);
    assert.equal(await limit(async () => 7), 7);
  });

  it("with failFast starts no task after the first failure, rejecting the rest with that error", async () => {
    const limit = concurrencyLimit(2, { failFast: true });
    const started: number[] = [];
    const boom = new Error("boom");
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        limit(async () => {
          started.push(i);
          await new Promise((r) => setImmediate(r));
          if (i === 1) throw boom;
          return i;
        }),
      ),
    );
    assert.deepEqual(started, [0, 1, 2], "task 2 took task 0's slot before task 1 failed; none started after");
    assert.deepEqual(results.map((r) => r.status), ["fulfilled", "rejected", "fulfilled", ...new Array(7).fill("rejected")]);
    assert.ok(results.slice(3).every((r) => r.status === "rejected" && r.reason === boom));
  });
});

describe("forEachUntilError and allOrFirstError", () => {
  it("starts no item after the first failure", async () => {
    const started: number[] = [];
    const r = await forEachUntilError([1, 2, 3, 4, 5], 1, async (i) => {
      started.push(i);
      if (i === 2) throw new Error("two");
    });
    assert.deepEqual(started, [1, 2]);
    assert.match(String(r.error), /two/);
  });

  it("waits for every promise before rejecting with the first error", async () => {
    let settled = false;
    const slow = new Promise<number>((r) => setTimeout(() => ((settled = true), r(1)), 5));
    await assert.rejects(allOrFirstError([Promise.reject(new Error("first")), slow]), /first/);
    assert.equal(settled, true);
  });
});

describe("progressReporter", () => {
  it("logs each tenth once and the end", () => {
    const lines: string[] = [];
    const p = progressReporter("registered", 25_001, (l) => lines.push(l), " of product pk");
    for (let i = 0; i < 25_001; i += 50) p.advance(Math.min(50, 25_001 - i));
    assert.equal(lines.length, 10);
    assert.equal(lines[7], "registered 20,050 / 25,001 devices of product pk");
    assert.equal(lines[9], "registered 25,001 / 25,001 devices of product pk");
  });
});

describe("fetchApplyDevices", () => {
  it("requests ⌈n/50⌉ pages at once and follows a larger PageCount", async () => {
    const api = await seeded(120);
    const applyId = [...api.applies.keys()][0];
    const all = await fetchApplyDevices(api, scope, applyId, 60, concurrencyLimit(8));
    assert.equal(all.length, 120);
    assert.deepEqual(api.callsOf("QueryPageByApplyId").map((c) => c.params.CurrentPage), [1, 2, 3]);
  });
});

describe("fetchDeviceDetails", () => {
  it("asks 100 names a call and returns only existing devices", async () => {
    const api = await seeded(150);
    const found = await fetchDeviceDetails(api, scope, [...names(150), "ghost-0001"]);
    assert.equal(found.length, 150);
    assert.deepEqual(api.callsOf("BatchQueryDeviceDetail").map((c) => c.params.DeviceName.length), [100, 51]);
  });
});

describe("deleteDevices", () => {
  it("deletes by IotId, counts an already-deleted device as deleted, and reports each", async () => {
    const api = await seeded(3);
    const [a, b] = names(2).map((n) => api.devices.get(n)!.iotId);
    api.devices.delete("lamp-000002");
    const seen: string[] = [];
    const r = await deleteDevices(api, scope, [{ name: "lamp-000001", iotId: a }, { name: "lamp-000002", iotId: b }, { name: "lamp-000003" }], (n) => seen.push(n));
    assert.deepEqual(r, { deleted: ["lamp-000001", "lamp-000002", "lamp-000003"] });
    assert.deepEqual(seen, r.deleted);
    assert.deepEqual(api.callsOf("DeleteDevice")[2].params, { ProductKey: "a1Product", DeviceName: "lamp-000003", IotInstanceId: undefined });
    assert.equal(api.devices.size, 0);
  });

  it("stops after a failure and says what it deleted", async () => {
    const api = await seeded(200);
    api.faults.push({ action: "DeleteDevice", after: 100, error: business("DeleteDevice", "iot.device.DeleteDeviceFailed") });
    const r = await deleteDevices(api, scope, names(200).map((name) => ({ name })));
    assert.equal(r.deleted.length, 100);
    assert.match(String(r.error), /DeleteDeviceFailed/);
    assert.ok(api.callsOf("DeleteDevice").length < 200);
  });
});

describe("updateNicknames", () => {
  it("sets and clears nicknames 100 devices a call by IotId", async () => {
    const api = await seeded(150);
    const changes = names(150).map((name, i) => ({ name, iotId: api.devices.get(name)!.iotId, ...(i === 0 ? {} : { nickname: `nick_${i}` }) }));
    const r = await updateNicknames(api, scope, changes);
    assert.equal(r.updated.length, 150);
    assert.deepEqual(api.callsOf("BatchUpdateDeviceNickname").map((c) => c.params.DeviceNicknameInfo.length), [100, 50]);
    assert.deepEqual(api.callsOf("BatchUpdateDeviceNickname")[0].params.DeviceNicknameInfo[0], { IotId: changes[0].iotId, Nickname: undefined });
    assert.equal(api.devices.get("lamp-000002")!.nickname, "nick_1");
  });

  it("reports the error and only the devices of successful calls", async () => {
    const api = await seeded(150);
    api.faults.push({ action: "BatchUpdateDeviceNickname", after: 1, error: gateway("BatchUpdateDeviceNickname", "InternalError", 500) });
    const r = await updateNicknames(api, scope, names(150).map((name) => ({ name, iotId: api.devices.get(name)!.iotId, nickname: "nick" })));
    assert.equal(r.updated.length, 100);
    assert.match(String(r.error), /InternalError/);
  });
});

describe("DeviceBatchState", () => {
  it("round-trips outputs without undefined values, and without DeviceSecrets", () => {
    const s = DeviceBatchState.fromOutputs(undefined);
    s.add({ name: "lamp-0001", iotId: "i1", secret: "s1", nickname: "智能灯1" });
    s.add({ name: "lamp-0002", iotId: "i2", secret: "s2" });
    s.pendingApplyIds.add(9);
    s.settle([8]);
    const outs = s.toOutputs({ productKey: "pk", authType: "secret" });
    assert.deepEqual(outs, {
      productKey: "pk",
      authType: "secret",
      iotIds: '{"lamp-0001":"i1","lamp-0002":"i2"}',
      nicknames: '{"lamp-0001":"智能灯1"}',
      applyIds: [8],
      pendingApplyIds: [9],
      deviceCount: 2,
    });
    assert.equal(JSON.stringify(outs).includes("undefined"), false);
    // 0.1.0 state carried deviceSecrets: read, then dropped.
    const legacy = DeviceBatchState.fromOutputs({ ...outs, deviceSecrets: { "lamp-0001": "s1" } } as never).toOutputs({ productKey: "pk", authType: "secret" });
    assert.equal(JSON.stringify(legacy).includes("s1"), false);
    const again = DeviceBatchState.fromOutputs(outs);
    again.remove("lamp-0001");
    again.setNickname("lamp-0002", "nick");
    again.settle([9]);
    assert.deepEqual(again.toOutputs({ productKey: "pk", authType: "x509", adoptExisting: true }), {
      productKey: "pk",
      authType: "x509",
      adoptExisting: true,
      iotIds: '{"lamp-0002":"i2"}',
      nicknames: '{"lamp-0002":"nick"}',
      applyIds: [8, 9],
      pendingApplyIds: [],
      deviceCount: 1,
    });
  });

  it("reads outputs stored by 0.1.0 (per-device objects) and writes them back compactly, without DeviceSecrets", () => {
    const v010 = {
      productKey: "pk",
      authType: "secret",
      devices: { "lamp-0001": { iotId: "i1", nickname: "智能灯1" }, "lamp-0002": { iotId: "i2" } },
      deviceSecrets: { "lamp-0001": "s1", "lamp-0002": "s2" },
      applyIds: [8],
      pendingApplyIds: [9],
      deviceCount: 2,
    };
    assert.equal(isLegacyOutputs(v010 as never), true);
    const s = DeviceBatchState.fromOutputs(v010 as never);
    assert.deepEqual([...s.devices], [["lamp-0001", { iotId: "i1", nickname: "智能灯1" }], ["lamp-0002", { iotId: "i2" }]]);
    const outs = s.toOutputs({ productKey: "pk", authType: "secret" });
    assert.equal(isLegacyOutputs(outs), false);
    assert.deepEqual(outs, {
      productKey: "pk",
      authType: "secret",
      iotIds: '{"lamp-0001":"i1","lamp-0002":"i2"}',
      nicknames: '{"lamp-0001":"智能灯1"}',
      applyIds: [8],
      pendingApplyIds: [9],
      deviceCount: 2,
    });
    assert.equal(registeredDeviceSet(v010 as never), v010.devices);
    assert.deepEqual({ ...registeredDeviceSet(outs) }, { "lamp-0001": { nickname: "智能灯1" }, "lamp-0002": {} });
  });
});

describe("partialFailure", () => {
  it("carries id, properties with __provider, the message as the first reason, and at most 20 others", () => {
    const e = partialFailure("boom", "id-1", { a: 1 }, Array.from({ length: 25 }, (_, i) => `r${i}`), "PROVIDER");
    assert.equal(e.message, "boom");
    assert.equal(e.id, "id-1");
    assert.deepEqual(e.properties, { a: 1, __provider: "PROVIDER" });
    assert.equal(e.reasons.length, 22);
    assert.deepEqual(e.reasons.slice(0, 2), ["boom", "r0"]);
    assert.equal(e.reasons[21], "… and 5 more");
  });

  it("does not repeat a reason the message already contains (the engine prints only the reasons)", () => {
    const cause = "IotApiError: BatchRegisterDeviceWithApplyId failed: iot.system.SystemException: busy (RequestId R1)";
    const e = partialFailure(`Registered 1,000 of 2,500 devices of product pk before failing: ${cause}`, "id", {}, [cause, "other"], "P");
    assert.deepEqual(e.reasons, [`Registered 1,000 of 2,500 devices of product pk before failing: ${cause}`, "other"]);
  });
});
