import * as pulumi from "@pulumi/pulumi";
import type { RpcClient } from "../client/RpcClient";
import { getClient } from "../client/getClient";
import { CONFIG_NAMESPACE, configure } from "../config";

/**
 * A client for the program process (lookup functions run there, during preview too). Dynamic
 * providers get their config through `configure`; a program reads the same `alicloud-iot:*` keys with
 * `pulumi.Config` and hands them to the same `configure`, so both resolve settings (and env
 * fallbacks) by one set of rules.
 */
export function clientFromProgramConfig(): RpcClient {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  const prefix = `${CONFIG_NAMESPACE}:`;
  configure({ get: (key) => config.get(key.startsWith(prefix) ? key.slice(prefix.length) : key) });
  return getClient();
}

/** Options of the lookup functions. */
export interface LookupOptions {
  /** The client to call with. Defaults to one built from the program's `alicloud-iot:*` config and the environment. */
  readonly client?: RpcClient;
}
