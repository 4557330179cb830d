import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE, configure } from "../config";
import type { RpcClient } from "./RpcClient";
import { getClient } from "./getClient";
import type { Connection } from "../connection/Connection";
import { withConnection } from "../connection/connectionContext";

/**
 * A client for functions that run in the Pulumi program (getEdgeDrivers, getDeviceSecrets): built
 * from the program's `alicloud-iot:*` stack config and the environment, as the provider builds one
 * from its own configuration.
 */
export function clientFromProgramConfig(connection?: Connection): RpcClient {
  const config = new pulumi.Config(CONFIG_NAMESPACE);
  const prefix = `${CONFIG_NAMESPACE}:`;
  configure({ get: (key) => config.get(key.startsWith(prefix) ? key.slice(prefix.length) : key) });
  return withConnection(connection, () => getClient());
}
