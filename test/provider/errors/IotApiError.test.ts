import assert from "node:assert/strict";
import { inspect } from "node:util";
import { IotApiError, isIotApiError } from "../../../provider/errors/IotApiError";

const init = {
  action: "DeleteDevice",
  code: "iot.device.NotExistedDevice",
  apiMessage: "The device does not exist.",
  requestId: "E55E50B7-40EE-4B6B-8BBE-D3B82FDB0D9B",
  kind: "business" as const,
  httpStatus: 200,
};

describe(IotApiError.name, () => {
  it("builds its message from the template, character for character", () => {
    assert.equal(
      new IotApiError(init).message,
      "DeleteDevice failed: iot.device.NotExistedDevice: The device does not exist. (RequestId E55E50B7-40EE-4B6B-8BBE-D3B82FDB0D9B)",
    );
  });

  it("writes RequestId none when the server sent no RequestId", () => {
    assert.equal(
      new IotApiError({ action: "QueryDeviceDetail", code: "ECONNRESET", apiMessage: "the connection was reset", kind: "network" }).message,
      "QueryDeviceDetail failed: ECONNRESET: the connection was reset (RequestId none)",
    );
  });

  it("has the fixed name IotApiError, on the prototype rather than as an own field", () => {
    const err = new IotApiError(init);
    assert.equal(err.name, "IotApiError");
    assert.equal(Object.prototype.hasOwnProperty.call(err, "name"), false);
    assert.ok(err instanceof Error);
    assert.equal(String(err), `IotApiError: ${err.message}`);
    assert.ok(err.stack?.startsWith(`IotApiError: ${err.message}`));
  });

  it("carries action, code, requestId, httpStatus, kind and attempts (1 by default)", () => {
    const err = new IotApiError(init);
    assert.deepEqual(
      [err.action, err.code, err.requestId, err.httpStatus, err.kind, err.attempts, err.retryRefusal],
      ["DeleteDevice", "iot.device.NotExistedDevice", init.requestId, 200, "business", 1, undefined],
    );
  });

  it("serializes to JSON with its public fields and message, never cause or stack", () => {
    const err = new IotApiError({ ...init, cause: new Error("inner detail") });
    assert.deepEqual(JSON.parse(JSON.stringify(err)), {
      name: "IotApiError",
      action: "DeleteDevice",
      code: "iot.device.NotExistedDevice",
      message: err.message,
      requestId: init.requestId,
      httpStatus: 200,
      attempts: 1,
      kind: "business",
    });
  });

  it("keeps cause non-enumerable", () => {
    const cause = new Error("inner");
    const err = new IotApiError({ ...init, cause });
    assert.equal(err.cause, cause);
    assert.equal(Object.getOwnPropertyDescriptor(err, "cause")?.enumerable, false);
    assert.ok(!Object.keys(err).includes("cause"));
  });

  it("has no cause property at all when none was given", () => {
    assert.equal("cause" in new IotApiError(init), false);
  });

  it("records the retry outcome on a copy that keeps every other field and the cause", () => {
    const cause = new Error("inner");
    const err = new IotApiError({ ...init, cause }).withRetryOutcome(3, "attemptsExhausted");
    assert.equal(err.attempts, 3);
    assert.equal(err.retryRefusal, "attemptsExhausted");
    assert.equal(err.cause, cause);
    assert.equal(err.message, new IotApiError(init).message);
  });

  it("shows the fields in util.inspect", () => {
    const text = inspect(new IotApiError(init));
    assert.match(text, /code: 'iot\.device\.NotExistedDevice'/);
    assert.match(text, /action: 'DeleteDevice'/);
  });
});

describe(isIotApiError.name, () => {
  it("recognises instances", () => assert.equal(isIotApiError(new IotApiError(init)), true));

  it("recognises an IotApiError from another copy of the package by its shape", () => {
    assert.equal(isIotApiError({ name: "IotApiError", code: "X", action: "A", message: "m" }), true);
  });

  it("rejects other errors and non-objects", () => {
    for (const v of [new Error("x"), { name: "IotApiError" }, null, undefined, "IotApiError", 42]) assert.equal(isIotApiError(v), false);
  });
});
