import assert from "node:assert/strict";
import { admin, httpRequest, signedCall, start, TestEmulator } from "../helpers";

/** The unsigned test hooks under /_emulator/: faults, invocations, stats, reset, clock. */

describe("emulator admin endpoints", () => {
  let emu: TestEmulator;
  let productKey: string;

  beforeEach(async () => {
    emu = await start({ qps: { "*": 0 }, checkDelayMs: 50, createDelayMs: 100 });
    productKey = (await signedCall(emu, { action: "CreateProduct", params: { ProductName: "admin_prod", NodeType: "0" } })).json.ProductKey;
  });
  afterEach(async () => emu.close());

  const registerWithApply = (applyId: string) => signedCall(emu, { action: "BatchRegisterDeviceWithApplyId", params: { ProductKey: productKey, ApplyId: applyId } });

  it("POST /_emulator/faults: a 503 on the third matching call, once", async () => {
    const f = await admin(emu, "POST", "/_emulator/faults", { action: "BatchRegisterDeviceWithApplyId", count: 1, httpStatus: 503, code: "ServiceUnavailable", afterCalls: 2 });
    assert.equal(f.status, 201);
    assert.equal(f.json.faults[0].action, "BatchRegisterDeviceWithApplyId");
    const codes: string[] = [];
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await registerWithApply("42");
      codes.push(r.json.Code);
      statuses.push(r.status);
    }
    assert.deepEqual(codes, ["iot.device.DeviceApplyIsNotFound", "iot.device.DeviceApplyIsNotFound", "ServiceUnavailable", "iot.device.DeviceApplyIsNotFound"]);
    assert.deepEqual(statuses, [200, 200, 503, 200]);
    assert.deepEqual((await admin(emu, "GET", "/_emulator/faults")).json.faults, [], "a spent fault is removed");
  });

  it("an injected Throttling.User counts as throttled; a 200 fault is a business error; count 0 means every call", async () => {
    await admin(emu, "POST", "/_emulator/faults", [
      { action: "QueryProduct", code: "Throttling.User", count: 2 },
      { action: "DeleteDevice", code: "iot.system.SystemException", httpStatus: 200, count: 0 },
    ]);
    const t = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey } });
    assert.equal(t.status, 400);
    assert.equal(t.json.Code, "Throttling.User");
    assert.equal(t.json.Message, "Request was denied due to user flow control.");
    for (let i = 0; i < 3; i++) {
      const b = await signedCall(emu, { action: "DeleteDevice", params: { ProductKey: productKey, DeviceName: "nope" } });
      assert.equal(b.status, 200);
      assert.equal(b.json.Success, false);
      assert.equal(b.json.Code, "iot.system.SystemException");
    }
    assert.equal(emu.stats().QueryProduct.throttled, 1);
    assert.equal(emu.stats().DeleteDevice.errors, 3);
    const list = (await admin(emu, "GET", "/_emulator/faults")).json.faults;
    assert.deepEqual(list.map((f: { action: string; fired: number }) => [f.action, f.fired]), [["QueryProduct", 1], ["DeleteDevice", 3]]);
    await admin(emu, "DELETE", `/_emulator/faults/${list[1].id}`);
    assert.equal((await admin(emu, "GET", "/_emulator/faults")).json.faults.length, 1);
    await admin(emu, "DELETE", "/_emulator/faults");
    assert.equal((await admin(emu, "GET", "/_emulator/faults")).json.faults.length, 0);
  });

  it("a latency fault delays the answer but the call succeeds", async () => {
    await admin(emu, "POST", "/_emulator/faults", { action: "QueryProduct", latencyMs: 20 });
    const r = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey } });
    assert.equal(r.json.Success, true);
  });

  it("failJob makes the async batch end CREATE_FAILED for the named devices only", async () => {
    const check = await signedCall(emu, { action: "BatchCheckDeviceNames", params: { ProductKey: productKey, "DeviceName.1": "jobdev1", "DeviceName.2": "jobdev2" } });
    const applyId = String(check.json.Data.ApplyId);
    emu.fake.advance(50);
    await admin(emu, "POST", "/_emulator/faults", { action: "BatchRegisterDeviceWithApplyId", failJob: ["jobdev2"] });
    assert.equal((await registerWithApply(applyId)).json.Success, true);
    emu.fake.advance(100);
    const s = await signedCall(emu, { action: "QueryBatchRegisterDeviceStatus", params: { ProductKey: productKey, ApplyId: applyId } });
    assert.equal(s.json.Data.Status, "CREATE_FAILED");
    assert.deepEqual(s.json.Data.InvalidList.Name, ["jobdev2"]);
    assert.deepEqual(s.json.Data.ValidList.Name, ["jobdev1"]);
    const page = await signedCall(emu, { action: "QueryPageByApplyId", params: { ApplyId: applyId } });
    assert.deepEqual(page.json.ApplyDeviceList.ApplyDeviceInfo.map((d: { DeviceName: string }) => d.DeviceName), ["jobdev1"]);
  });

  it("failJob on BatchCheckDeviceNames gives CHECK_FAILED; on BatchRegisterDevice, CREATE_FAILED with no device", async () => {
    await admin(emu, "POST", "/_emulator/faults", [
      { action: "BatchCheckDeviceNames", failJob: true },
      { action: "BatchRegisterDevice", failJob: true },
    ]);
    const check = await signedCall(emu, { action: "BatchCheckDeviceNames", params: { ProductKey: productKey, "DeviceName.1": "jobdev3" } });
    const reg = await signedCall(emu, { action: "BatchRegisterDevice", params: { ProductKey: productKey, Count: "2" } });
    emu.fake.advance(100);
    const cs = await signedCall(emu, { action: "QueryBatchRegisterDeviceStatus", params: { ProductKey: productKey, ApplyId: String(check.json.Data.ApplyId) } });
    assert.equal(cs.json.Data.Status, "CHECK_FAILED");
    assert.deepEqual(cs.json.Data.InvalidList.Name, ["jobdev3"]);
    const rs = await signedCall(emu, { action: "QueryBatchRegisterDeviceStatus", params: { ProductKey: productKey, ApplyId: String(reg.json.Data.ApplyId) } });
    assert.equal(rs.json.Data.Status, "CREATE_FAILED");
    assert.equal(rs.json.Data.InvalidList.Name.length, 2);
    assert.equal(emu.store.counts().devices, 0);
  });

  it("failJob on QueryBatchRegisterDeviceStatus fails a running batch at once", async () => {
    const reg = await signedCall(emu, { action: "BatchRegisterDevice", params: { ProductKey: productKey, Count: "3" } });
    const applyId = String(reg.json.Data.ApplyId);
    await admin(emu, "POST", "/_emulator/faults", { action: "QueryBatchRegisterDeviceStatus", failJob: true });
    const s = await signedCall(emu, { action: "QueryBatchRegisterDeviceStatus", params: { ProductKey: productKey, ApplyId: applyId } });
    assert.equal(s.json.Data.Status, "CREATE_FAILED");
    assert.equal(s.json.Data.InvalidList.Name.length, 3);
    emu.fake.advance(1_000);
    const again = await signedCall(emu, { action: "QueryBatchRegisterDeviceStatus", params: { ProductKey: productKey, ApplyId: applyId } });
    assert.equal(again.json.Data.Status, "CREATE_FAILED");
  });

  it("rejects malformed faults with 400", async () => {
    for (const bad of [{ action: "QueryProduct" }, { action: "NoSuchAction", code: "X" }, { code: "X", count: -1 }, { httpStatus: 503 }]) {
      const r = await admin(emu, "POST", "/_emulator/faults", bad);
      assert.equal(r.status, 400, JSON.stringify(bad));
      assert.ok(r.json.error);
    }
  });

  it("GET /_emulator/invocations lists accepted InvokeThingsService calls, filterable; DELETE forgets them", async () => {
    const b = await signedCall(emu, { action: "BatchRegisterDevice", params: { ProductKey: productKey, Count: "2" } });
    emu.fake.advance(100);
    const page = await signedCall(emu, { action: "QueryPageByApplyId", params: { ApplyId: String(b.json.Data.ApplyId) } });
    const [d1, d2] = page.json.ApplyDeviceList.ApplyDeviceInfo.map((d: { DeviceName: string }) => d.DeviceName);
    const ok = await signedCall(emu, { action: "InvokeThingsService", params: { ProductKey: productKey, "DeviceName.1": d1, "DeviceName.2": d2, Identifier: "testFb:reboot", Args: '{"delay":1.0}' } });
    assert.equal(ok.json.Success, true);
    await signedCall(emu, { action: "InvokeThingsService", params: { ProductKey: productKey, "DeviceName.1": d1, Identifier: "other", Args: "{}", Qos: "1" } });
    await signedCall(emu, { action: "InvokeThingsService", params: { ProductKey: productKey, "DeviceName.1": d1, Identifier: "other", Args: "[]" } });
    const all = (await admin(emu, "GET", "/_emulator/invocations")).json.invocations;
    assert.equal(all.length, 2, "the rejected call is not recorded");
    assert.deepEqual(all[0].deviceNames, [d1, d2]);
    assert.deepEqual(all[0].args, { delay: 1 });
    assert.equal(all[0].requestId, ok.json.RequestId);
    assert.equal(all[1].qos, 1);
    const filtered = (await admin(emu, "GET", `/_emulator/invocations?identifier=other&productKey=${productKey}`)).json.invocations;
    assert.equal(filtered.length, 1);
    await admin(emu, "DELETE", "/_emulator/invocations");
    assert.deepEqual(emu.invocations(), []);
  });

  it("GET /_emulator/stats reports per-action counters, store counts and memory", async () => {
    const r = (await admin(emu, "GET", "/_emulator/stats")).json;
    assert.deepEqual(r.actions.CreateProduct, { calls: 1, throttled: 0, errors: 0, maxCallsInAnyOneSecondWindow: 1, callsByAccessKeyId: { [emu.accessKeyId]: 1 } });
    assert.equal(r.store.products, 1);
    assert.equal(typeof r.memory.rss, "number");
    assert.equal(r.persistence, null);
  });

  it("POST /_emulator/reset wipes state, faults and invocations", async () => {
    await admin(emu, "POST", "/_emulator/faults", { action: "QueryProduct", code: "ServiceUnavailable" });
    const r = await admin(emu, "POST", "/_emulator/reset");
    assert.deepEqual(r.json.reset, ["stats", "faults", "invocations", "throttle", "nonces", "state"]);
    const q = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey } });
    assert.equal(q.json.Code, "iot.prod.NotExistedProduct");
    assert.equal((await admin(emu, "POST", "/_emulator/reset?scope=bogus")).status, 400);
  });

  it("POST /_emulator/clock moves the emulator's clock (async jobs finish)", async () => {
    const b = await signedCall(emu, { action: "BatchRegisterDevice", params: { ProductKey: productKey, Count: "1" } });
    const c = await admin(emu, "POST", "/_emulator/clock", { advanceMs: 100 });
    assert.equal(c.json.offsetMs, 100);
    const s = await signedCall(emu, { action: "QueryBatchRegisterDeviceStatus", params: { ProductKey: productKey, ApplyId: String(b.json.Data.ApplyId) } });
    assert.equal(s.json.Data.Status, "CREATE_SUCCESS");
    assert.equal((await admin(emu, "GET", "/_emulator/clock")).json.offsetMs, 100);
    assert.equal((await admin(emu, "POST", "/_emulator/clock", { nope: 1 })).status, 400);
  });

  it("GET /_emulator/health answers ok; unknown routes 404", async () => {
    assert.deepEqual((await admin(emu, "GET", "/_emulator/health")).json, { status: "ok" });
    assert.equal((await admin(emu, "GET", "/_emulator/nope")).status, 404);
  });
  it("answers malformed admin bodies with 400 and a message, adding nothing", async () => {
    const cases: [string, string, string, RegExp][] = [
      ["POST", "/_emulator/faults", "[null]", /fault \[0\] must be a JSON object, got null/],
      ["POST", "/_emulator/faults", "null", /the fault must be a JSON object, got null/],
      ["POST", "/_emulator/faults", "[]", /non-empty list/],
      ["POST", "/_emulator/faults", "{not json", /the body is not JSON/],
      ["POST", "/_emulator/faults", "[{\"action\":\"QueryProduct\",\"code\":\"Throttling.User\"}, 7]", /fault \[1\] must be a JSON object, got number/],
      ["POST", "/_emulator/faults", "[{\"action\":\"QueryProduct\",\"code\":\"Throttling.User\"}, {\"count\":-1,\"code\":\"X\"}]", /count must be an integer/],
      ["POST", "/_emulator/faults", "{\"action\":{\"a\":1},\"code\":\"X\"}", /unknown action \{"a":1\}/],
      ["POST", "/_emulator/reset", "null", /the reset body must be a JSON object, got null/],
      ["POST", "/_emulator/reset", "{\"scope\":[1]}", /scope must be a string or a list of strings/],
      ["POST", "/_emulator/clock", "[1]", /the clock body must be a JSON object, got an array/],
    ];
    for (const [method, path, body, message] of cases) {
      const r = await httpRequest(`${emu.endpoint}${path}`, { method, headers: { "content-type": "application/json" }, body });
      assert.equal(r.status, 400, `${method} ${path} ${body}: ${r.text}`);
      assert.match(r.json.error, message, `${method} ${path} ${body}`);
    }
    assert.deepEqual((await admin(emu, "GET", "/_emulator/faults")).json.faults, [], "a list with a bad entry adds none of it");
  });
});
