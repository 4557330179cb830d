import type { RpcClient } from "../client/RpcClient";

/** Options of the lookup functions. */
export interface LookupOptions {
  /** The client to call with. Defaults to one built from the program's `alicloud-iot:*` config and the environment. */
  readonly client?: RpcClient;
}
