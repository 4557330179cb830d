import assert from "node:assert/strict";
import type { RpcClient } from "../../../provider/client/RpcClient";
import type { ParamValue } from "../../../provider/client/flattenParams";
import type { ApiCaller } from "../../../provider/dynamic/ApiCaller";
import { productAuthType } from "../../../provider/deviceBatch/api/productAuthType";
import { listThingTopo } from "../../../provider/gatewayTopology/api/listThingTopo";
import { invokeOnDevices } from "../../../provider/thingsServiceInvocation/api/thingsServiceInvocationInvoke";

// Compile-time checks (npm test type-checks the tests): the real client is an ApiCaller without a
// cast, and a body read without a declared shape does not compile.
const clientIsACaller = (client: RpcClient): ApiCaller => client;
async function bodyWithoutShape(caller: ApiCaller): Promise<unknown> {
  const body = await caller.call("QueryProduct", { ProductKey: "a1pk" });
  // @ts-expect-error `Data` is not readable until the caller declares the body's shape
  return body.Data;
}

/** A scripted caller written as a plain object: the one interface every API module takes. */
function scripted(bodies: Record<string, unknown>, calls: [string, Record<string, ParamValue> | undefined][]): ApiCaller {
  return {
    async call<T = unknown>(action: string, params?: Record<string, ParamValue>): Promise<T & { RequestId?: string }> {
      calls.push([action, params]);
      return bodies[action] as T & { RequestId?: string };
    },
  };
}

describe("ApiCaller: one caller type for every resource's API code", () => {
  it("is what the device, topology and invocation modules take (one fake serves all three)", async () => {
    const calls: [string, Record<string, ParamValue> | undefined][] = [];
    const caller = scripted(
      {
        QueryProduct: { Data: { AuthType: "X509" } },
        GetThingTopo: { Data: { PageCount: 1, Total: 1, List: { deviceInfo: [{ ProductKey: "a1sub", DeviceName: "s1", IotId: "id-s1" }] } } },
        InvokeThingsService: { RequestId: "req-1" },
      },
      calls,
    );
    assert.equal(await productAuthType(caller, { productKey: "a1pk" }), "x509");
    const topo = await listThingTopo(caller, { productKey: "a1gw", deviceName: "gw" });
    assert.deepEqual(topo.map((t) => `${t.productKey}/${t.deviceName}`), ["a1sub/s1"]);
    const invoked = await invokeOnDevices(caller, { productKey: "a1pk", identifier: "Reset", args: {} }, ["d1"]);
    assert.deepEqual(invoked.requestIds, ["req-1"]);
    assert.deepEqual(calls.map(([action]) => action), ["QueryProduct", "GetThingTopo", "InvokeThingsService"]);
    assert.equal(typeof clientIsACaller, "function");
    assert.equal(typeof bodyWithoutShape, "function");
  });
});
