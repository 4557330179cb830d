import assert from "node:assert/strict";
import * as path from "path";
import * as $Iot from "@alicloud/iot20180120";
import { sdk, signedCall, start, TestEmulator } from "../helpers";

/**
 * `--accept-any-credentials`: any AccessKeyId is accepted; a key the emulator knows is still
 * verified with its secret; an unknown one is accepted unverified (one log line per key) and counted
 * as its own account for quotas, while it sees the main account's resources (the seeded fleet).
 */

const FIXTURE = path.join(__dirname, "..", "..", "fixtures", "seed-fleet.yaml");

describe("emulator --accept-any-credentials", () => {
  let emu: TestEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  function sensorsKey(e: TestEmulator): string {
    for (const p of e.store.scope("default/").products.values()) if (p.rec.productName === "seed-sensors") return p.productKey;
    assert.fail("seed-sensors missing");
  }

  it("off (the default): an unknown key is InvalidAccessKeyId.NotFound", async () => {
    emu = await start({ seed: FIXTURE });
    const r = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: sensorsKey(emu) }, accessKeyId: "LTAI5tArbitraryKey01", accessKeySecret: "whatever" });
    assert.equal(r.status, 404);
    assert.equal(r.json.Code, "InvalidAccessKeyId.NotFound");
  });

  for (const mode of ["v3", "v1"] as const) {
    it(`the official SDK (${mode}) with arbitrary keys reads and writes the seeded fleet; one log line per unknown key`, async () => {
      const lines: string[] = [];
      emu = await start({ seed: FIXTURE, acceptAnyCredentials: true, checkDelayMs: 0, createDelayMs: 0, log: (l) => lines.push(l) });
      const productKey = sensorsKey(emu);
      const client = sdk(emu, mode, { accessKeyId: "LTAI5tArbitraryKey01", accessKeySecret: "not-known-to-the-emulator" });
      const q = await client.queryProduct(new $Iot.QueryProductRequest({ productKey }));
      assert.equal(q.body.data!.deviceCount, 130);
      const check = await client.batchCheckDeviceNames(new $Iot.BatchCheckDeviceNamesRequest({ productKey, deviceName: ["ci-dev-1", "ci-dev-2"] }));
      assert.equal(check.body.success, true);
      const applyId = check.body.data!.applyId!;
      assert.equal((await client.queryBatchRegisterDeviceStatus(new $Iot.QueryBatchRegisterDeviceStatusRequest({ productKey, applyId }))).body.data!.status, "CHECK_SUCCESS");
      await client.batchRegisterDeviceWithApplyId(new $Iot.BatchRegisterDeviceWithApplyIdRequest({ productKey, applyId }));
      assert.equal((await client.queryBatchRegisterDeviceStatus(new $Iot.QueryBatchRegisterDeviceStatusRequest({ productKey, applyId }))).body.data!.status, "CREATE_SUCCESS");
      assert.ok(emu.store.scope("default/").products.get(productKey)!.devices.has("ci-dev-2"), "the key acts in the main account");
      const other = sdk(emu, mode, { accessKeyId: "AKIDsecondArbitrary", accessKeySecret: "x" });
      await other.queryProduct(new $Iot.QueryProductRequest({ productKey }));
      const notes = lines.filter((l) => l.includes("without verifying signatures"));
      assert.deepEqual(
        notes.map((l) => /AccessKeyId (\S+)/.exec(l)![1]),
        ["LTAI5tArbitraryKey01", "AKIDsecondArbitrary"],
      );
      assert.ok(!lines.join("\n").includes("not-known-to-the-emulator"), "secrets are never logged");
    });
  }

  it("a key the emulator knows is still verified with its secret", async () => {
    emu = await start({ acceptAnyCredentials: true, credentials: [{ accessKeyId: "ci-known", accessKeySecret: "right-secret" }] });
    const wrong = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: "a1xxxxxxxxx" }, accessKeyId: "ci-known", accessKeySecret: "wrong-secret" });
    assert.equal(wrong.json.Code, "SignatureDoesNotMatch");
    const wrongDefault = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: "a1xxxxxxxxx" }, accessKeySecret: "wrong-secret" });
    assert.equal(wrongDefault.json.Code, "SignatureDoesNotMatch");
    const right = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: "a1xxxxxxxxx" }, accessKeyId: "ci-known", accessKeySecret: "right-secret" });
    assert.equal(right.json.Code, "iot.prod.NotExistedProduct");
  });

  it("the time and nonce checks still apply to unknown keys", async () => {
    emu = await start({ acceptAnyCredentials: true });
    const old = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: "a1xxxxxxxxx" }, accessKeyId: "anyone", timestamp: "2001-01-01T00:00:00Z" });
    assert.equal(old.json.Code, "InvalidTimeStamp.Expired");
    await signedCall(emu, { action: "QueryProduct", params: { ProductKey: "a1xxxxxxxxx" }, accessKeyId: "anyone", nonce: "n-1" });
    const again = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: "a1xxxxxxxxx" }, accessKeyId: "anyone", nonce: "n-1" });
    assert.equal(again.json.Code, "SignatureNonceUsed");
  });

  it("quotas are counted per AccessKeyId: each unknown key has its own window", async () => {
    emu = await start({ acceptAnyCredentials: true, qps: { QueryProduct: 2 } });
    const call = (accessKeyId: string) => signedCall(emu!, { action: "QueryProduct", params: { ProductKey: "a1xxxxxxxxx" }, accessKeyId });
    const codes = async (key: string, n: number) => {
      const out: string[] = [];
      for (let i = 0; i < n; i++) out.push((await call(key)).json.Code);
      return out;
    };
    // The fake clock does not move: every call falls in one window.
    assert.deepEqual(await codes("key-A", 3), ["iot.prod.NotExistedProduct", "iot.prod.NotExistedProduct", "Throttling.User"]);
    assert.deepEqual(await codes("key-B", 3), ["iot.prod.NotExistedProduct", "iot.prod.NotExistedProduct", "Throttling.User"]);
    assert.deepEqual(await codes(emu.accessKeyId, 2), ["iot.prod.NotExistedProduct", "iot.prod.NotExistedProduct"], "the main account's key has its own quota too");
    emu.fake.advance(1000);
    assert.deepEqual(await codes("key-A", 1), ["iot.prod.NotExistedProduct"]);
  });
});
