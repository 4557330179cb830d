import assert from "node:assert/strict";
import {
  classifyError,
  MAX_CAUSE_DEPTH,
  NODE_NETWORK_ERROR_CODES,
  THROTTLING_CODES,
  TRANSIENT_CODES,
  TRANSIENT_HTTP_STATUS,
  wasNotExecuted,
} from "../../../provider/errors/classifyError";
import { IotApiError } from "../../../provider/errors/IotApiError";

function gateway(code: string, httpStatus: number): IotApiError {
  return new IotApiError({ action: "A", code, apiMessage: "m", kind: "gateway", httpStatus, requestId: "R" });
}

function nest(err: object, depth: number): object {
  let out = err;
  for (let i = 0; i < depth; i++) out = { message: "wrapper", cause: out };
  return out;
}

describe(classifyError.name, () => {
  it("holds the documented code tables", () => {
    assert.deepEqual([...THROTTLING_CODES], ["Throttling", "Throttling.User", "Throttling.Api", "Rejected.Throttling", "iot.common.HighFrequentDeny", "iot.messagebroker.RateLimit"]);
    assert.deepEqual([...TRANSIENT_CODES], ["ServiceUnavailable", "InternalError"]);
    assert.deepEqual([...TRANSIENT_HTTP_STATUS], [500, 502, 503, 504]);
    for (const code of ["ECONNRESET", "ETIMEDOUT", "ECONNREFUSED", "EPIPE", "ECONNABORTED"]) assert.ok(NODE_NETWORK_ERROR_CODES.has(code), code);
  });

  const table: [string, unknown, string][] = [
    ["Throttling.User with HTTP 400 is throttling", gateway("Throttling.User", 400), "throttling"],
    ["Throttling with HTTP 429 is throttling", gateway("Throttling", 429), "throttling"],
    ["a bare HTTP 429 is throttling", gateway("HTTP429", 429), "throttling"],
    ["iot.common.HighFrequentDeny in a 2xx body is throttling", gateway("iot.common.HighFrequentDeny", 200), "throttling"],
    ["iot.messagebroker.RateLimit is throttling", gateway("iot.messagebroker.RateLimit", 200), "throttling"],
    ["Rejected.Throttling is throttling", gateway("Rejected.Throttling", 400), "throttling"],
    ["ServiceUnavailable is transient", gateway("ServiceUnavailable", 503), "transient"],
    ["InternalError is transient", gateway("InternalError", 500), "transient"],
    ["HTTP 502 with any code is transient", gateway("HTTP502", 502), "transient"],
    ["HTTP 504 is transient", gateway("GatewayTimeout", 504), "transient"],
    ["HTTP 501 is server", gateway("NotImplemented", 501), "server"],
    ["InvalidParameter with HTTP 400 is client", gateway("InvalidParameter", 400), "client"],
    ["SignatureDoesNotMatch is client", gateway("SignatureDoesNotMatch", 400), "client"],
    ["a business error in HTTP 200 is client", gateway("iot.prod.NotExistedProduct", 200), "client"],
    ["a Node ECONNRESET error is transient", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), "transient"],
    ["an axios ECONNABORTED timeout is transient", { isAxiosError: true, code: "ECONNABORTED", message: "timeout" }, "transient"],
    ["ENOTFOUND (a mistyped endpoint) is client", Object.assign(new Error("getaddrinfo"), { code: "ENOTFOUND" }), "client"],
    ["an axios error with response.status 503 is transient", { isAxiosError: true, code: "ERR_BAD_RESPONSE", response: { status: 503 } }, "transient"],
    ["a cause chain is walked: a wrapped EPIPE is transient", nest({ code: "EPIPE" }, 3), "transient"],
    [`a cause deeper than ${MAX_CAUSE_DEPTH} levels is ignored`, nest({ code: "EPIPE" }, MAX_CAUSE_DEPTH + 1), "client"],
    ["message text is never read", new Error("Throttling.User ServiceUnavailable 503"), "client"],
    ["a non-object is client", "ECONNRESET", "client"],
  ];
  for (const [behaviour, err, expected] of table) {
    it(behaviour, () => assert.equal(classifyError(err), expected));
  }

  it("survives a cyclic cause chain", () => {
    const a: { code?: string; cause?: unknown } = {};
    a.cause = a;
    assert.equal(classifyError(a), "client");
  });
});

describe(wasNotExecuted.name, () => {
  const table: [string, unknown, boolean][] = [
    ["throttling proves the call was not executed", gateway("Throttling.User", 400), true],
    ["a 503 ServiceUnavailable proves it", gateway("ServiceUnavailable", 503), true],
    ["a refused connection proves it", { code: "ECONNREFUSED" }, true],
    ["a reset does not", { code: "ECONNRESET" }, false],
    ["a timeout after sending does not", { code: "ECONNABORTED" }, false],
    ["a 500 InternalError does not", gateway("InternalError", 500), false],
    ["a 502 does not", gateway("HTTP502", 502), false],
  ];
  for (const [behaviour, err, expected] of table) {
    it(behaviour, () => assert.equal(wasNotExecuted(err), expected));
  }
});
