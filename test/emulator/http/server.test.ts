import assert from "node:assert/strict";
import { httpRequest, signedCall, start, TestEmulator } from "../helpers";

/** The HTTP layer alone: methods, paths, body limits, parameter types (moto's test_server.py habit). */

describe("emulator HTTP layer", () => {
  let emu: TestEmulator;
  before(async () => {
    emu = await start({ maxBodyBytes: 2_000, qps: { "*": 0 } });
  });
  after(async () => emu.close());

  it("PUT / → 400 UnsupportedHTTPMethod", async () => {
    const r = await httpRequest(`${emu.endpoint}/?Action=QueryProduct&Format=JSON`, { method: "PUT" });
    assert.equal(r.status, 400);
    assert.equal(r.json.Code, "UnsupportedHTTPMethod");
  });

  it("a path other than / → 404 InvalidAction.NotFound", async () => {
    const r = await httpRequest(`${emu.endpoint}/v1/things?Format=JSON`);
    assert.equal(r.status, 404);
    assert.equal(r.json.Code, "InvalidAction.NotFound");
  });

  it("a bare GET / → 400 MissingParameter Action", async () => {
    const r = await httpRequest(`${emu.endpoint}/`);
    assert.equal(r.status, 400);
    assert.equal(r.json.Code, "MissingParameter");
    assert.match(r.json.Message, /"Action"/);
  });

  it("a body over maxBodyBytes → 413", async () => {
    const r = await signedCall(emu, { action: "QueryProduct", shape: "body", params: { ProductKey: "x".repeat(3_000) } });
    assert.equal(r.status, 413);
    assert.equal(r.json.Code, "RequestEntityTooLarge");
  });

  it("a parameter of the wrong type → 400 InvalidParameter; a required one missing → 400 MissingParameter", async () => {
    const t = await signedCall(emu, { action: "QueryEdgeDriver", params: { CurrentPage: "1", PageSize: "ten", Type: "1" } });
    assert.equal(t.status, 400);
    assert.equal(t.json.Code, "InvalidParameter");
    assert.match(t.json.Message, /PageSize/);
    const m = await signedCall(emu, { action: "QueryEdgeDriver", params: { CurrentPage: "1", PageSize: "10" } });
    assert.equal(m.status, 400);
    assert.equal(m.json.Code, "MissingParameter");
    assert.match(m.json.Message, /"Type"/);
  });

  it("malformed percent-encoding → 400 InvalidParameter", async () => {
    const r = await httpRequest(`${emu.endpoint}/?Format=JSON&Action=%E0%A4%A`);
    assert.equal(r.status, 400);
    assert.equal(r.json.Code, "InvalidParameter");
  });

  it("every answer carries its RequestId in the body and the x-acs-request-id header", async () => {
    const r = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: "a1none00000" } });
    assert.equal(r.status, 200);
    assert.equal(r.json.Success, false);
    assert.equal(r.headers["x-acs-request-id"], r.json.RequestId);
    assert.match(r.headers["content-type"] as string, /^application\/json/);
  });
});
