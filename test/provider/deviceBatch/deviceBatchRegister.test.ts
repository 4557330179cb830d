import assert from "node:assert/strict";
import { checkChunkSize } from "../../../provider/deviceBatch/checkChunkSize";
import { chunk } from "../../../provider/dynamic/chunk";
import type { DeviceSpec } from "../../../provider/deviceBatch/deviceBatchTypes";
import { ApplyTimeoutError, pollApplyStatus } from "../../../provider/deviceBatch/api/pollApplyStatus";
import type { RegisterOptions } from "../../../provider/deviceBatch/api/registerDevices";
import { registerDevices, RegistrationError } from "../../../provider/deviceBatch/api/registerDevices";
import { settlePendingApplyIds } from "../../../provider/deviceBatch/api/settlePendingApplyIds";
import { business, FakeDeviceApi, gateway, instantClock, names } from "./deviceBatchFakeApi";

const scope = { productKey: "a1Product" };
const specs = (list: string[]): DeviceSpec[] => list.map((name) => ({ name }));
const poll = { initialDelayMs: 100, maxDelayMs: 2_000, timeoutMs: 60_000 };

function options(extra: Partial<RegisterOptions> = {}): RegisterOptions & { lines: string[] } {
  const lines: string[] = [];
  return { chunkSize: checkChunkSize("secret"), adoptExisting: false, clock: instantClock(), poll, log: (l) => lines.push(l), lines, ...extra };
}

describe("chunk and checkChunkSize", () => {
  it("splits at the size, keeping order, with a short last chunk", () => {
    assert.deepEqual(chunk([1, 2, 3, 4, 5], 2), [[1, 2], [3, 4], [5]]);
    assert.deepEqual(chunk([], 3), []);
    assert.throws(() => chunk([1], 0), /Expected `size` to be a positive integer, got 0/);
  });

  it("allows 10,000 names per check for secret products and 1,000 for X.509", () => {
    assert.equal(checkChunkSize("secret"), 10_000);
    assert.equal(checkChunkSize("x509"), 1_000);
  });

  for (const [authType, n, expected] of [
    ["secret", 1, [1]],
    ["secret", 10_000, [10_000]],
    ["secret", 10_001, [10_000, 1]],
    ["x509", 1_000, [1_000]],
    ["x509", 1_001, [1_000, 1]],
  ] as const) {
    it(`registers ${n} ${authType} devices with BatchCheckDeviceNames calls of ${expected.join(" + ")} names`, async () => {
      const api = new FakeDeviceApi();
      const outcome = await registerDevices(api, scope, specs(names(n)), options({ chunkSize: checkChunkSize(authType) }));
      assert.deepEqual(
        api.callsOf("BatchCheckDeviceNames").map((c) => c.params.DeviceNameList.length),
        expected,
      );
      assert.equal(outcome.registered.length, n);
      assert.equal(api.callsOf("BatchRegisterDeviceWithApplyId").length, expected.length);
      // ⌈size/50⌉ pages per chunk, never more: the run is bound by QueryPageByApplyId.
      assert.equal(api.callsOf("QueryPageByApplyId").length, expected.reduce((s, k) => s + Math.ceil(k / 50), 0));
      assert.deepEqual(outcome.pendingApplyIds, []);
    });
  }
});

describe("registerDevices", () => {
  it("returns IotIds and secrets for every device, with the nicknames it asked for", async () => {
    const api = new FakeDeviceApi();
    const outcome = await registerDevices(api, scope, [{ name: "lamp-0001", nickname: "智能灯1" }, { name: "lamp-0002" }], options());
    assert.deepEqual(
      outcome.registered.sort((a, b) => a.name.localeCompare(b.name)),
      [
        { name: "lamp-0001", iotId: api.devices.get("lamp-0001")!.iotId, secret: "secret-lamp-0001", nickname: "智能灯1" },
        { name: "lamp-0002", iotId: api.devices.get("lamp-0002")!.iotId, secret: "secret-lamp-0002" },
      ],
    );
    assert.deepEqual(api.callsOf("BatchCheckDeviceNames")[0].params.DeviceNameList, [
      { DeviceName: "lamp-0001", DeviceNickname: "智能灯1" },
      { DeviceName: "lamp-0002", DeviceNickname: undefined },
    ]);
    assert.deepEqual(api.callsOf("QueryPageByApplyId")[0].params, { ApplyId: outcome.applyIds[0], CurrentPage: 1, PageSize: 50, IotInstanceId: undefined });
  });

  it("pipelines: pages of a created chunk are fetched while a slower chunk is still being created", async () => {
    const api = new FakeDeviceApi();
    api.createPolls.set(102, 5); // the third chunk (ApplyId 102) takes five status queries to be created
    await registerDevices(api, scope, specs(names(30)), options({ chunkSize: 10 }));
    const actions = api.calls.map((c) => `${c.action} ${c.params.ApplyId}`);
    // All checks finish before any registration (all-or-nothing at the check) ...
    assert.ok(actions.lastIndexOf("BatchCheckDeviceNames undefined") < actions.indexOf("BatchRegisterDeviceWithApplyId 100"));
    // ... then every chunk is submitted before the first is paged (not one chunk after another) ...
    assert.ok(actions.indexOf("BatchRegisterDeviceWithApplyId 102") < actions.indexOf("QueryPageByApplyId 100"));
    // ... and chunk 100 is paged before chunk 102's creation is confirmed.
    assert.ok(actions.indexOf("QueryPageByApplyId 100") < actions.lastIndexOf("QueryBatchRegisterDeviceStatus 102"), actions.join("\n"));
  });

  it("logs progress in tenths, ending with the total", async () => {
    const api = new FakeDeviceApi();
    const o = options({ chunkSize: 100 });
    await registerDevices(api, scope, specs(names(1_000)), o);
    assert.equal(o.lines.length, 10);
    assert.equal(o.lines.at(-1), "registered 1,000 / 1,000 devices of product a1Product");
  });

  it("on CHECK_FAILED reports the invalid names with the service's reasons and registers nothing", async () => {
    const api = new FakeDeviceApi();
    api.invalidNames.set("lamp-000007", "The device name is illegal.");
    api.invalidNames.set("lamp-000015", "The device name is illegal.|too long");
    await assert.rejects(
      registerDevices(api, scope, specs(names(20)), options({ chunkSize: 10 })),
      (e: RegistrationError) => {
        assert.ok(e instanceof RegistrationError);
        assert.equal(
          e.message,
          [
            "BatchCheckDeviceNames rejected 2 of 20 device names for product a1Product; nothing was registered:",
            "  - lamp-000007: The device name is illegal.",
            "  - lamp-000015: The device name is illegal.|too long",
          ].join("\n"),
        );
        assert.deepEqual(e.outcome, { registered: [], adopted: [], applyIds: [], pendingApplyIds: [] });
        return true;
      },
    );
    assert.equal(api.callsOf("BatchRegisterDeviceWithApplyId").length, 0);
  });

  it("fails with a clear message when names already exist, registering nothing", async () => {
    const api = new FakeDeviceApi();
    await registerDevices(api, scope, specs(names(2)), options());
    await assert.rejects(registerDevices(api, scope, specs(names(3)), options()), (e: Error) => {
      assert.match(e.message, /^2 of 3 devices already exist in product a1Product; nothing was registered\. Remove them from `devices`, or set `adoptExisting: true`/);
      assert.match(e.message, /\n {2}- lamp-000001\n {2}- lamp-000002$/);
      return true;
    });
    assert.equal(api.callsOf("BatchRegisterDeviceWithApplyId").length, 1);
    assert.equal(api.devices.has("lamp-000003"), false);
  });

  it("adopts existing devices when asked, re-checking only the new names", async () => {
    const api = new FakeDeviceApi();
    await registerDevices(api, scope, specs(names(2)), options());
    const outcome = await registerDevices(api, scope, specs(names(3)), options({ adoptExisting: true }));
    assert.deepEqual(outcome.adopted.map((d) => d.name).sort(), ["lamp-000001", "lamp-000002"]);
    assert.deepEqual(outcome.registered.map((d) => d.name), ["lamp-000003"]);
    assert.deepEqual(api.callsOf("BatchCheckDeviceNames").at(-1)!.params.DeviceNameList, [{ DeviceName: "lamp-000003", DeviceNickname: undefined }]);
    assert.equal(outcome.adopted[0].secret, `secret-${outcome.adopted[0].name}`);
  });

  it("keeps the chunks registered around a failed one and reports its ApplyId as pending", async () => {
    const api = new FakeDeviceApi();
    api.faults.push({ action: "BatchRegisterDeviceWithApplyId", after: 1, count: 1, error: gateway("BatchRegisterDeviceWithApplyId", "ServiceUnavailable", 503) });
    await assert.rejects(registerDevices(api, scope, specs(names(25)), options({ chunkSize: 10 })), (e: RegistrationError) => {
      assert.ok(e instanceof RegistrationError);
      assert.deepEqual(e.outcome.registered.map((d) => d.name).sort(), [...names(10), ...names(5, "lamp", 21)]);
      assert.deepEqual(e.outcome.applyIds.sort(), [100, 102]);
      assert.deepEqual(e.outcome.pendingApplyIds, [101]);
      assert.match(e.message, /^Registered 15 of 25 devices of product a1Product before failing: IotApiError: BatchRegisterDeviceWithApplyId failed: ServiceUnavailable/);
      return true;
    });
  });

  it("does not submit a chunk whose turn comes after a failure", async () => {
    const api = new FakeDeviceApi();
    api.faults.push({ action: "BatchCheckDeviceNames", after: 1, error: gateway("BatchCheckDeviceNames", "InternalError", 500) });
    await assert.rejects(registerDevices(api, scope, specs(names(25)), options({ chunkSize: 10 })), /Checking device names failed; nothing was registered/);
    assert.equal(api.callsOf("BatchRegisterDeviceWithApplyId").length, 0);
  });

  it("records the devices of pages that arrived when a later page fails", async () => {
    const api = new FakeDeviceApi();
    api.faults.push({ action: "QueryPageByApplyId", after: 3, error: gateway("QueryPageByApplyId", "Throttling.User", 400) });
    await assert.rejects(registerDevices(api, scope, specs(names(300)), options({ chunkSize: 300, concurrency: 1 })), (e: RegistrationError) => {
      assert.equal(e.outcome.registered.length, 150);
      assert.equal(e.outcome.pendingApplyIds.length, 1);
      return true;
    });
  });

  it("fails with a clear timeout error when a batch never finishes", async () => {
    const api = new FakeDeviceApi();
    api.stuck.add(100);
    const clock = instantClock();
    await assert.rejects(registerDevices(api, scope, specs(names(3)), options({ clock })), (e: RegistrationError) => {
      assert.match(e.message, /ApplyId 100 was still CHECK after 60 s of polling QueryBatchRegisterDeviceStatus/);
      return true;
    });
  });
});

describe("pollApplyStatus", () => {
  it("waits initialDelayMs, then doubles up to maxDelayMs", async () => {
    const api = new FakeDeviceApi();
    api.pollsPerPhase = 7;
    const { Data } = await api.call("BatchCheckDeviceNames", { DeviceNameList: [{ DeviceName: "lamp-0001" }] });
    const clock = instantClock();
    const data = await pollApplyStatus(api, scope, Data.ApplyId, (s) => s !== "CHECK", clock, { initialDelayMs: 100, maxDelayMs: 1_000, timeoutMs: 60_000 });
    assert.equal(data.Status, "CHECK_SUCCESS");
    assert.deepEqual(clock.sleeps, [100, 200, 400, 800, 1_000, 1_000, 1_000]);
  });

  it("throws ApplyTimeoutError with the last status after timeoutMs", async () => {
    const api = new FakeDeviceApi();
    const { Data } = await api.call("BatchCheckDeviceNames", { DeviceNameList: [{ DeviceName: "lamp-0001" }] });
    api.stuck.add(Data.ApplyId);
    const clock = instantClock();
    await assert.rejects(
      pollApplyStatus(api, scope, Data.ApplyId, (s) => s !== "CHECK", clock, { initialDelayMs: 100, maxDelayMs: 1_000, timeoutMs: 5_000 }),
      (e: ApplyTimeoutError) => e instanceof ApplyTimeoutError && e.lastStatus === "CHECK" && e.waitedMs === 5_000,
    );
    assert.equal(clock.now(), 5_000);
  });
});

describe("settlePendingApplyIds", () => {
  it("collects devices of a pending ApplyId that did get created, and drops ones never registered or unknown", async () => {
    const api = new FakeDeviceApi();
    api.faults.push({ action: "QueryBatchRegisterDeviceStatus", after: 1, count: 1, error: gateway("QueryBatchRegisterDeviceStatus", "ServiceUnavailable", 503) });
    const failed = await registerDevices(api, scope, specs(names(5)), options()).catch((e: RegistrationError) => e);
    assert.ok(failed instanceof RegistrationError);
    assert.deepEqual(failed.outcome.registered, []);
    const [pending] = failed.outcome.pendingApplyIds;
    const neverRegistered = (await api.call("BatchCheckDeviceNames", { DeviceNameList: [{ DeviceName: "other-0001" }] })).Data.ApplyId;
    await api.call("QueryBatchRegisterDeviceStatus", { ApplyId: neverRegistered });
    const settled = await settlePendingApplyIds(api, scope, [pending, neverRegistered, 999_999], instantClock(), poll);
    assert.deepEqual(settled.applyIds, [pending]);
    assert.deepEqual(settled.devices.map((d) => d.name).sort(), names(5));
  });

  it("propagates other errors", async () => {
    const api = new FakeDeviceApi();
    api.faults.push({ action: "QueryBatchRegisterDeviceStatus", after: 0, error: business("QueryBatchRegisterDeviceStatus", "iot.system.SystemException") });
    await assert.rejects(settlePendingApplyIds(api, scope, [100], instantClock(), poll), /SystemException/);
  });
});

describe("registerDevices when BatchRegisterDeviceWithApplyId's answer is lost", () => {
  it("goes on when the ApplyId turns out to be registering", async () => {
    const api = new FakeDeviceApi();
    const original = api.call.bind(api);
    // The registration runs, but its answer is a 502 (as after a reset or timeout).
    api.call = async (action: string, params: Record<string, any> = {}) => {
      const body = await original(action, params);
      if (action === "BatchRegisterDeviceWithApplyId") throw gateway(action, "BadGateway", 502);
      return body;
    };
    const outcome = await registerDevices(api, scope, specs(names(3)), options());
    assert.equal(outcome.registered.length, 3);
  });

  it("fails when the ApplyId is still only checked", async () => {
    const api = new FakeDeviceApi();
    api.faults.push({ action: "BatchRegisterDeviceWithApplyId", after: 0, error: gateway("BatchRegisterDeviceWithApplyId", "BadGateway", 502) });
    await assert.rejects(registerDevices(api, scope, specs(names(3)), options()), /BadGateway/);
  });
});
