import type { ApiCaller } from "../../dynamic/ApiCaller";
import type { ParamValue } from "../../client/flattenParams";
import { isIotApiError } from "../../errors/IotApiError";
import { ACTION_LIMITS } from "../../limits";
import { chunk } from "../../dynamic/chunk";
import type { JsonValue } from "../thingsServiceInvocationTypes";

/** DeviceName.N per InvokeThingsService call (IoT Platform API reference: InvokeThingsService: at most 100). */
export const INVOKE_CHUNK_SIZE = ACTION_LIMITS.InvokeThingsService.maxItems;

/** The service call, without its devices. */
export interface ServiceCall {
  readonly productKey: string;
  readonly identifier: string;
  readonly args: { [key: string]: JsonValue };
  readonly iotInstanceId?: string;
}

/** What {@link invokeOnDevices} did. */
export interface InvokeOutcome {
  /** Devices of accepted calls, in call order. */
  readonly invoked: string[];
  /** RequestIds of accepted calls. */
  readonly requestIds: string[];
  /** Accepted calls. */
  readonly calls: number;
  /** The error that stopped the run; the devices of that call and later ones were not invoked. */
  readonly error?: unknown;
  /** Devices of the failed call, which may nonetheless have been invoked when {@link outcomeUnknown}. */
  readonly failedDevices: string[];
  /** True when the failed call may have run (e.g. a timeout after sending): the client could not tell. */
  readonly outcomeUnknown: boolean;
}

/**
 * Invokes `call` on `devices` with InvokeThingsService, {@link INVOKE_CHUNK_SIZE} devices per call,
 * one call after the other (each waits for the shared QPS limiter inside the client). Sequential on
 * purpose: on a failure, exactly the earlier chunks are known to be invoked, so the caller can record
 * them and a later run invokes only the rest. Stops at the first failure and reports it instead of
 * throwing. The call is not idempotent; the client retries it only when the error proves it never ran.
 */
export async function invokeOnDevices(caller: ApiCaller, call: ServiceCall, devices: readonly string[], onCall?: (done: number) => void): Promise<InvokeOutcome> {
  const invoked: string[] = [];
  const requestIds: string[] = [];
  let calls = 0;
  const argsText = JSON.stringify(call.args);
  for (const names of chunk(devices, INVOKE_CHUNK_SIZE)) {
    const params: Record<string, ParamValue> = { ProductKey: call.productKey, Identifier: call.identifier, Args: argsText, DeviceName: [...names] };
    if (call.iotInstanceId !== undefined) params.IotInstanceId = call.iotInstanceId;
    try {
      const body = await caller.call("InvokeThingsService", params);
      calls++;
      invoked.push(...names);
      if (body.RequestId !== undefined) requestIds.push(body.RequestId);
      onCall?.(invoked.length);
    } catch (error) {
      const outcomeUnknown = !isIotApiError(error) || error.retryRefusal === "outcomeUnknown";
      return { invoked, requestIds, calls, error, failedDevices: names, outcomeUnknown };
    }
  }
  return { invoked, requestIds, calls, failedDevices: [], outcomeUnknown: false };
}
