import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE, configure } from "../config";
import type { RpcClient } from "./RpcClient";
import { getClient } from "./getClient";

/**
 * A client for functions that run in the Pulumi program (getEdgeDrivers, getDeviceSecrets): built
 * from the program's `alicloud-iot:*` stack config and the environment, as the provider builds one
 * from its own configuration.
 */
export function clientFromProgramConfig(): RpcClient {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  const prefix = `${CONFIG_NAMESPACE}:`;
  configure({ get: (key) => config.get(key.startsWith(prefix) ? key.slice(prefix.length) : key) });
  return getClient();
}
