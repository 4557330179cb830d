import assert from "node:assert/strict";
import { parseResponse } from "../../../provider/client/parseResponse";
import type { IotApiError } from "../../../provider/errors/IotApiError";

function parse(status: number, body: unknown, requestIdHeader?: string): Record<string, unknown> {
  return parseResponse({ action: "Op", status, body: typeof body === "string" ? body : JSON.stringify(body), requestIdHeader, secrets: ["LTAI5tKeyId"] });
}

function failure(status: number, body: unknown, requestIdHeader?: string): IotApiError {
  try {
    parse(status, body, requestIdHeader);
  } catch (err) {
    return err as IotApiError;
  }
  assert.fail("expected parseResponse to throw");
}

describe(parseResponse.name, () => {
  it("returns a 2xx body with Success true", () => {
    assert.deepEqual(parse(200, { RequestId: "R", Success: true, Data: { a: 1 } }), { RequestId: "R", Success: true, Data: { a: 1 } });
  });

  it("returns a Link IoT Edge body with Code Success", () => {
    assert.equal(parse(200, { RequestId: "R", Success: true, Code: "Success", DriverId: "d" }).DriverId, "d");
  });

  it("returns a 2xx body with neither Success nor Code", () => {
    assert.deepEqual(parse(200, { RequestId: "R" }), { RequestId: "R" });
  });

  it("throws a gateway error from Code and Message of a non-2xx body", () => {
    const err = failure(400, { RequestId: "R1", HostId: "iot.cn-shanghai.aliyuncs.com", Code: "Throttling.User", Message: "Request was denied due to user flow control.", Recommend: "https://api.aliyun.com/troubleshoot?q=Throttling.User" });
    assert.deepEqual([err.kind, err.code, err.httpStatus, err.requestId, err.apiMessage], ["gateway", "Throttling.User", 400, "R1", "Request was denied due to user flow control."]);
  });

  it("throws a business error from Code and ErrorMessage of a 2xx body with Success false", () => {
    const err = failure(200, { RequestId: "R2", Success: false, Code: "iot.prod.NullProductKey", ErrorMessage: "入参产品ID没有赋值。" });
    assert.equal(err.message, "Op failed: iot.prod.NullProductKey: 入参产品ID没有赋值。 (RequestId R2)");
    assert.equal(err.kind, "business");
  });

  it("treats Success given as the string false as a failure", () => {
    assert.equal(failure(200, { Success: "false", Code: "X", ErrorMessage: "m" }).code, "X");
  });

  it("treats a 2xx body with an error Code and no Success as a failure", () => {
    assert.equal(failure(200, { RequestId: "R", Code: "Throttling.User", Message: "flow control" }).code, "Throttling.User");
  });

  it("uses UnknownError when a failed business body has no Code", () => {
    assert.equal(failure(200, { Success: false }).message, "Op failed: UnknownError: no error message (RequestId none)");
  });

  it("uses HTTP<status> when a gateway error body has no Code", () => {
    assert.equal(failure(500, { RequestId: "R" }).message, "Op failed: HTTP500: HTTP 500 (RequestId R)");
  });

  it("reports a non-JSON body as a protocol error with the request id header", () => {
    const err = failure(502, "<html>Bad Gateway</html>", "HDR-1");
    assert.deepEqual([err.kind, err.code, err.requestId], ["protocol", "HTTP502", "HDR-1"]);
    assert.equal(failure(200, "[1,2]").code, "InvalidResponse");
  });

  it("redacts the AccessKeyId from server text", () => {
    assert.equal(failure(403, { Code: "Forbidden", Message: "LTAI5tKeyId is not allowed" }).apiMessage, "[redacted] is not allowed");
  });
});
