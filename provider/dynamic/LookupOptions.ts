import type { RpcClient } from "../client/RpcClient";
import type { Connection } from "../connection/Connection";

/** Options of the lookup functions (getEdgeDrivers, getProducts, getProduct, getDevices, getDeviceSecrets). */
export interface LookupOptions {
  /** The client to call with. Defaults to one built from the program's `alicloud-iot:*` config and the environment. */
  readonly client?: RpcClient;
  /** Another region, CLI profile or endpoint for the default client, as a resource's `connection`. Ignored with `client`. */
  readonly connection?: Connection;
}
