import assert from "node:assert/strict";
// eslint-disable-next-line @typescript-eslint/no-var-requires
const RPCClient = require("@alicloud/pop-core").RPCClient;
import { start, TestEmulator } from "./helpers";

/**
 * Conformance with the classic `@alicloud/pop-core` RPCClient (v1 signature): GET puts everything
 * in the URL, POST sends everything (Signature included) as a form body (doc §2.5).
 */
describe("@alicloud/pop-core RPCClient against the emulator", () => {
  let emu: TestEmulator;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let pop: any;

  before(async () => {
    emu = await start({ qps: { "*": 1000 } });
    pop = new RPCClient({ accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret, endpoint: emu.endpoint, apiVersion: "2018-01-20" });
  });
  after(async () => emu.close());

  for (const method of ["GET", "POST"] as const) {
    describe(method, () => {
      let productKey: string;

      it("CreateProduct and QueryProduct", async () => {
        const r = await pop.request("CreateProduct", { ProductName: `pop_${method}`, NodeType: 0 }, { method });
        assert.equal(r.Success, true);
        productKey = r.ProductKey;
        const q = await pop.request("QueryProduct", { ProductKey: productKey }, { method });
        assert.equal(q.Data.ProductName, `pop_${method}`);
      });

      it("CreateEdgeDriver answers Code Success, which pop-core accepts", async () => {
        const r = await pop.request("CreateEdgeDriver", { DriverName: `Pop${method}`, DriverProtocol: "modbus", Runtime: "c", CpuArch: "armv7" }, { method });
        assert.equal(r.Code, "Success");
        const b = await pop.request("BatchGetEdgeDriver", { DriverIds: [r.DriverId] }, { method });
        assert.equal(b.DriverList[0].CpuArch, "armv7");
      });

      it("BatchCheckDeviceNames with a repeat list, then the async status", async () => {
        const r = await pop.request("BatchCheckDeviceNames", { ProductKey: productKey, DeviceName: ["pop_a", "pop_b"] }, { method });
        assert.equal(typeof r.Data.ApplyId, "number");
        emu.fake.advance(50);
        const s = await pop.request("QueryBatchRegisterDeviceStatus", { ProductKey: productKey, ApplyId: r.Data.ApplyId }, { method });
        assert.equal(s.Data.Status, "CHECK_SUCCESS");
      });

      it("a business error (HTTP 200, Success:false) makes pop-core throw with the IoT code", async () => {
        await assert.rejects(pop.request("QueryProduct", { ProductKey: "a1nothere00" }, { method }), (e: { code: string; data: { Success: boolean } }) => {
          assert.equal(e.code, "iot.prod.NotExistedProduct");
          assert.equal(e.data.Success, false);
          return true;
        });
      });

      it("a wrong secret → SignatureDoesNotMatch echoing a StringToSign with the request's verb", async () => {
        const bad = new RPCClient({ accessKeyId: emu.accessKeyId, accessKeySecret: "wrong", endpoint: emu.endpoint, apiVersion: "2018-01-20" });
        await assert.rejects(bad.request("QueryProduct", { ProductKey: productKey }, { method }), (e: { code: string; data: { Message: string } }) => {
          assert.equal(e.code, "SignatureDoesNotMatch");
          assert.ok(e.data.Message.includes(`server string to sign is:${method}&%2F&AccessKeyId%3D`), e.data.Message);
          return true;
        });
      });
    });
  }
});
