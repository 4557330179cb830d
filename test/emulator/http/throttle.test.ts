import assert from "node:assert/strict";
import { ACTION_LIMITS } from "../../../provider/limits";
import { Throttle } from "../../../emulator/http/throttle";
import * as http from "http";
import { randomUUID } from "crypto";
import { signRpc } from "../../../provider/client/signRpc";
import { percentEncode } from "../../../provider/client/percentEncode";
import { admin, isoSeconds, RawResponse, signedCall, start, TestEmulator } from "../helpers";

/** A v1-signed URL carrying every parameter (so the body can be anything). */
function signedUrl(emu: TestEmulator, action: string, business: Record<string, string>): string {
  const params: Record<string, string> = {
    Action: action,
    Version: "2018-01-20",
    Format: "JSON",
    AccessKeyId: emu.accessKeyId,
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    SignatureNonce: randomUUID(),
    Timestamp: isoSeconds(emu.fake.now()),
    ...business,
  };
  const { signature } = signRpc({ method: "POST", params, accessKeySecret: emu.accessKeySecret });
  const all = { ...params, Signature: signature };
  return `${emu.endpoint}/?${Object.keys(all).map((k) => `${percentEncode(k)}=${percentEncode(all[k as keyof typeof all])}`).join("&")}`;
}

/**
 * Quotas: at most Q calls ARRIVE in any window of QPS_WINDOW_MS, per account and action, with Q from
 * provider/limits.ts; a call arrives when its request has been read. Only counts are asserted; time
 * is a FakeClock.
 */

describe(Throttle.name, () => {
  it("admits Q calls in one instant and refuses the next", () => {
    const t = new Throttle();
    const q = ACTION_LIMITS.BatchAddThingTopo.qps; // 5: the client's safe reading, emulated strictly
    const results = Array.from({ length: q + 2 }, () => t.admit("acct", "BatchAddThingTopo", 0));
    assert.deepEqual(results, [...Array(q).fill(true), false, false]);
  });

  it("uses a sliding window: a call exactly one window after the oldest start is admitted, one ms earlier is not", () => {
    const t = new Throttle({ X: 2 });
    assert.equal(t.admit("a", "X", 0), true);
    assert.equal(t.admit("a", "X", 400), true);
    assert.equal(t.admit("a", "X", 999), false);
    assert.equal(t.admit("a", "X", 1000), true); // the start at 0 left the window
    assert.equal(t.admit("a", "X", 1399), false); // 400 and 1000 are still in it
    assert.equal(t.admit("a", "X", 1400), true);
  });

  it("never lets more than Q starts into any window under a steady over-quota stream", () => {
    const t = new Throttle({ X: 10 });
    const starts: number[] = [];
    for (let ms = 0; ms < 5_000; ms += 7) if (t.admit("a", "X", ms)) starts.push(ms);
    for (let i = 0; i < starts.length; i++) {
      const inWindow = starts.filter((s) => s > starts[i] - 1000 && s <= starts[i]).length;
      assert.ok(inWindow <= 10, `window ending at ${starts[i]} holds ${inWindow}`);
    }
    assert.ok(starts.length >= 50);
  });

  it("checks a late-added earlier arrival against the windows ending at later arrivals too", () => {
    const t = new Throttle({ X: 2 });
    assert.equal(t.admit("a", "X", 500), true);
    assert.equal(t.admit("a", "X", 1400), true);
    // 450 fits the windows ending at 450 and 500, but (400, 1400] would hold 450, 500 and 1400.
    assert.equal(t.admit("a", "X", 450), false);
    assert.equal(t.admit("a", "X", 399), true, "(−601, 399] … (399, 1399] hold at most 2 with it");
  });

  it("keeps separate quotas per action and per account; overrides and '*' apply; ≤ 0 is unlimited", () => {
    const t = new Throttle({ "*": 1, Free: 0 });
    assert.equal(t.admit("a", "X", 0), true);
    assert.equal(t.admit("a", "X", 0), false);
    assert.equal(t.admit("a", "Y", 0), true);
    assert.equal(t.admit("b", "X", 0), true);
    for (let i = 0; i < 100; i++) assert.equal(t.admit("a", "Free", 0), true);
    assert.equal(t.qpsFor("Free"), 0);
  });
});

describe("emulator quotas over HTTP", () => {
  let emu: TestEmulator;

  beforeEach(async () => {
    emu = await start({ credentials: [{ accessKeyId: "other-key", accessKeySecret: "other-secret", account: "other" }] });
  });
  afterEach(async () => emu.close());

  it("a burst over the quota gets 400 Throttling.User with the gateway body, and the stats show it", async () => {
    const q = ACTION_LIMITS.BatchGetEdgeDriver.qps;
    const burst = await Promise.all(Array.from({ length: q + 3 }, () => signedCall(emu, { action: "BatchGetEdgeDriver", params: { "DriverIds.1": "x" } })));
    const throttled = burst.filter((r) => r.status === 400);
    assert.equal(burst.filter((r) => r.status === 200).length, q);
    assert.equal(throttled.length, 3);
    for (const r of throttled) {
      assert.equal(r.json.Code, "Throttling.User");
      assert.equal(r.json.Message, "Request was denied due to user flow control.");
      assert.deepEqual(Object.keys(r.json).sort(), ["Code", "HostId", "Message", "Recommend", "RequestId"]);
    }
    const stats = (await admin(emu, "GET", "/_emulator/stats")).json.actions.BatchGetEdgeDriver;
    assert.deepEqual(stats, { calls: q + 3, throttled: 3, errors: 3, maxCallsInAnyOneSecondWindow: q + 3, callsByAccessKeyId: { [emu.accessKeyId]: q + 3 } });
    assert.deepEqual(emu.stats().BatchGetEdgeDriver, stats);
  });

  it("the quota frees up as the window slides on the emulator's clock", async () => {
    const call = () => signedCall(emu, { action: "QueryProduct", params: { ProductKey: "a1none00000" } });
    const q = ACTION_LIMITS.QueryProduct.qps;
    for (let i = 0; i < q; i++) assert.equal((await call()).status, 200);
    assert.equal((await call()).json.Code, "Throttling.User");
    emu.fake.advance(999);
    assert.equal((await call()).json.Code, "Throttling.User");
    emu.fake.advance(1);
    const r = await call();
    assert.equal(r.status, 200);
    assert.equal(r.json.Code, "iot.prod.NotExistedProduct");
  });

  it("BatchAddThingTopo is throttled at ACTION_LIMITS' 5 QPS by default (the service documents 5 and 10)", async () => {
    const results = await Promise.all(Array.from({ length: 7 }, () => signedCall(emu, { action: "BatchAddThingTopo", params: { GwProductKey: "a1x", GwDeviceName: "gw01" } })));
    assert.equal(results.filter((r) => r.json.Code === "Throttling.User").length, 2);
  });

  it("accounts have separate quotas", async () => {
    for (let i = 0; i < 5; i++) await signedCall(emu, { action: "BatchGetEdgeDriver", params: { "DriverIds.1": "x" } });
    assert.equal((await signedCall(emu, { action: "BatchGetEdgeDriver", params: { "DriverIds.1": "x" } })).json.Code, "Throttling.User");
    const other = await signedCall(emu, { action: "BatchGetEdgeDriver", accessKeyId: "other-key", accessKeySecret: "other-secret", params: { "DriverIds.1": "x" } });
    assert.equal(other.status, 200);
  });

  it("counts a call when its request is read, not when its body has arrived and its handler runs", async () => {
    await emu.close();
    emu = await start({ qps: { QueryProduct: 1 } });
    const first = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: "a1none00000" } });
    assert.equal(first.json.Code, "iot.prod.NotExistedProduct");
    emu.fake.advance(500);
    // All parameters in the URL; the body is held back until the server has read the headers (100-continue).
    const url = signedUrl(emu, "QueryProduct", { ProductKey: "a1none00000" });
    const late = await new Promise<RawResponse>((resolve, reject) => {
      const req = http.request(url, { method: "POST", headers: { expect: "100-continue", "content-type": "text/plain", "content-length": "1" } }, (res) => {
        let text = "";
        res.on("data", (c: Buffer) => (text += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: JSON.parse(text) }));
      });
      req.on("error", reject);
      req.on("continue", () => {
        emu.fake.advance(1000); // the handler runs 1,500 ms after the first call; the request arrived at 500
        req.end("x");
      });
      req.flushHeaders();
    });
    assert.equal(late.json.Code, "Throttling.User");
    assert.equal(emu.stats().QueryProduct.maxCallsInAnyOneSecondWindow, 2);
  });

  it("POST /_emulator/reset?scope=stats clears the counters", async () => {
    await signedCall(emu, { action: "QueryProduct", params: { ProductKey: "a1none00000" } });
    assert.equal(emu.stats().QueryProduct.calls, 1);
    const r = await admin(emu, "POST", "/_emulator/reset?scope=stats");
    assert.deepEqual(r.json.reset, ["stats"]);
    assert.deepEqual((await admin(emu, "GET", "/_emulator/stats")).json.actions, {});
  });
});

describe("emulator quota options", () => {
  it("per-action overrides, a custom status, and iot.common.HighFrequentDeny for Edge actions", async () => {
    const emu = await start({ qps: { QueryProduct: 1, "*": 2 }, throttleHttpStatus: 429, edgeThrottleCode: "iot.common.HighFrequentDeny" });
    try {
      const qp = () => signedCall(emu, { action: "QueryProduct", params: { ProductKey: "a1none00000" } });
      await qp();
      const t = await qp();
      assert.equal(t.status, 429);
      assert.equal(t.json.Code, "Throttling.User");
      const edge = () => signedCall(emu, { action: "BatchGetEdgeDriver", params: { "DriverIds.1": "x" } });
      await edge();
      await edge();
      const e = await edge();
      assert.equal(e.status, 200);
      assert.equal(e.json.Success, false);
      assert.equal(e.json.Code, "iot.common.HighFrequentDeny");
      assert.equal(emu.stats().BatchGetEdgeDriver.throttled, 1);
      const limits = (await admin(emu, "GET", "/_emulator/limits")).json;
      assert.equal(limits.actions.QueryProduct.qps, 1);
      assert.equal(limits.actions.BatchGetEdgeDriver.qps, 2);
      assert.equal(limits.actions.BatchGetEdgeDriver.defaultQps, 5);
    } finally {
      await emu.close();
    }
  });
});
