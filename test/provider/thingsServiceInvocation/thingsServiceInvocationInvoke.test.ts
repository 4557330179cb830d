import assert from "node:assert/strict";
import type { ParamValue } from "../../../provider/client/flattenParams";
import { IotApiError } from "../../../provider/errors/IotApiError";
import { INVOKE_CHUNK_SIZE, invokeOnDevices } from "../../../provider/thingsServiceInvocation/api/thingsServiceInvocationInvoke";

/** A fake client recording InvokeThingsService calls; call number `failAt` (1-based) throws `error`. */
function fakeCaller(failAt?: number, error?: unknown) {
  const calls: Record<string, ParamValue>[] = [];
  return {
    calls,
    async call<T>(action: string, params: Record<string, ParamValue>): Promise<T & { RequestId?: string }> {
      assert.equal(action, "InvokeThingsService");
      calls.push(params);
      if (calls.length === failAt) throw error;
      return { RequestId: `R${calls.length}` } as T & { RequestId?: string };
    },
  };
}
const devices = (n: number): string[] => Array.from({ length: n }, (_, i) => `lamp-${String(i).padStart(4, "0")}`);
const call = { productKey: "a1pk", identifier: "testFb:Set", args: { on: true, level: 10.5 } };

describe("invokeOnDevices", () => {
  it("sends 100 devices in one call with the documented parameters", async () => {
    assert.equal(INVOKE_CHUNK_SIZE, 100);
    const caller = fakeCaller();
    const out = await invokeOnDevices(caller, { ...call, iotInstanceId: "iot-1" }, devices(100));
    assert.equal(caller.calls.length, 1);
    assert.deepEqual(caller.calls[0], { ProductKey: "a1pk", Identifier: "testFb:Set", Args: '{"on":true,"level":10.5}', DeviceName: devices(100), IotInstanceId: "iot-1" });
    assert.deepEqual(out, { invoked: devices(100), requestIds: ["R1"], calls: 1, failedDevices: [], outcomeUnknown: false });
  });

  it("splits 101 devices into 100 + 1, in order, without IotInstanceId when none is given", async () => {
    const caller = fakeCaller();
    const out = await invokeOnDevices(caller, call, devices(101));
    assert.deepEqual(caller.calls.map((c) => (c.DeviceName as string[]).length), [100, 1]);
    assert.deepEqual(caller.calls[1].DeviceName, ["lamp-0100"]);
    assert.equal("IotInstanceId" in caller.calls[0], false);
    assert.deepEqual(out.requestIds, ["R1", "R2"]);
    assert.equal(out.calls, 2);
  });

  it("stops at the first failure: earlier chunks invoked, later ones never sent", async () => {
    const err = new IotApiError({ action: "InvokeThingsService", code: "iot.device.NotExistedDevice", apiMessage: "x", kind: "business", retryRefusal: "notRetryable" });
    const caller = fakeCaller(2, err);
    const out = await invokeOnDevices(caller, call, devices(250));
    assert.equal(caller.calls.length, 2);
    assert.deepEqual(out.invoked, devices(100));
    assert.equal(out.error, err);
    assert.deepEqual(out.failedDevices, devices(200).slice(100));
    assert.equal(out.outcomeUnknown, false);
  });

  it("reports an unknown outcome when the client could not tell whether the call ran", async () => {
    const err = new IotApiError({ action: "InvokeThingsService", code: "InternalError", apiMessage: "x", kind: "gateway", httpStatus: 500, retryRefusal: "outcomeUnknown" });
    const out = await invokeOnDevices(fakeCaller(1, err), call, devices(5));
    assert.deepEqual([out.invoked, out.calls, out.outcomeUnknown], [[], 0, true]);
  });
});
