import assert from "node:assert/strict";
import { ACTION_LIMITS } from "../../../provider/limits";
import { admin, signedCall, start, type TestEmulator } from "../helpers";

/*
 * Quotas are counted per account, as on the service (IoT Platform: Limits — RAM users share their
 * account's quotas): `credentials[].account` (CLI: --credential ID:SECRET:ACCOUNT) maps several
 * AccessKeyIds to one account. The emulator's clock is a FakeClock, so a burst is one instant.
 */
describe("emulator quotas per account across AccessKeyIds", () => {
  let emu: TestEmulator;
  beforeEach(async () => {
    emu = await start({
      credentials: [
        { accessKeyId: "ram-user-2", accessKeySecret: "ram-secret-2" }, // no account: the main key's
        { accessKeyId: "site-b-1", accessKeySecret: "site-b-secret-1", account: "site-b" },
        { accessKeyId: "site-b-2", accessKeySecret: "site-b-secret-2", account: "site-b" },
      ],
    });
  });
  afterEach(async () => emu.close());

  const call = (accessKeyId?: string, accessKeySecret?: string) =>
    signedCall(emu, { action: "BatchGetEdgeDriver", accessKeyId, accessKeySecret, params: { "DriverIds.1": "x" } });

  it("two keys of one account share its quota: alternating between them, the call after the quota is throttled", async () => {
    const q = ACTION_LIMITS.BatchGetEdgeDriver.qps;
    for (let i = 0; i < q; i++) {
      const r = i % 2 === 0 ? await call() : await call("ram-user-2", "ram-secret-2");
      assert.equal(r.status, 200, `call ${i + 1}`);
    }
    assert.equal((await call("ram-user-2", "ram-secret-2")).json.Code, "Throttling.User");
    assert.equal((await call()).json.Code, "Throttling.User");
    // Another account keeps its own quota, shared by its two keys.
    for (let i = 0; i < q; i++) assert.equal((await call(i % 2 ? "site-b-1" : "site-b-2", i % 2 ? "site-b-secret-1" : "site-b-secret-2")).status, 200);
    assert.equal((await call("site-b-1", "site-b-secret-1")).json.Code, "Throttling.User");
    const stats = (await admin(emu, "GET", "/_emulator/stats")).json.actions.BatchGetEdgeDriver;
    assert.deepEqual([stats.calls, stats.throttled], [2 * q + 3, 3]);
    // One window later every account has its whole quota again.
    emu.fake.advance(1_000);
    assert.equal((await call("ram-user-2", "ram-secret-2")).status, 200);
    assert.equal((await call("site-b-2", "site-b-secret-2")).status, 200);
  });
});
