import type { ParamValue } from "../client/flattenParams";

/**
 * The one client method the resources' API code uses: `RpcClient.call`, or a fake in unit tests.
 * Rejects with an IotApiError. `T` is the response body the caller expects (it defaults to
 * `unknown`, so a body is read only through a declared shape); every body may carry `RequestId`.
 */
export interface ApiCaller {
  call<T = unknown>(action: string, params?: Record<string, ParamValue>): Promise<T & { RequestId?: string }>;
}
