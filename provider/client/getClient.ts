import { resolveConfig } from "../config";
import type { RpcClientOptions } from "./RpcClient";
import { RpcClient } from "./RpcClient";

/**
 * A client for the configuration in force now (`configure()` values, then `env`). Cheap: call it in
 * every provider method rather than keeping a client, so rotated credentials are picked up and none
 * is ever captured by a serialized closure. The QPS limiter is shared however many clients exist.
 */
export function getClient(env: NodeJS.ProcessEnv = process.env, options?: RpcClientOptions): RpcClient {
  return new RpcClient(resolveConfig(env), options);
}
