import * as pulumi from "@pulumi/pulumi";
import type { LookupOptions } from "../dynamic/LookupOptions";
import { clientFromProgramConfig } from "../client/clientFromProgramConfig";
import { chunk } from "../dynamic/chunk";
import { edgeDriverInfoFromData } from "./edgeDriverInfoFromData";
import type { EdgeDriverData, EdgeDriverInfo } from "./edgeDriverTypes";
import { ACTION_LIMITS } from "../limits";

export type { EdgeDriverInfo } from "./edgeDriverTypes";

/** Arguments of {@link getEdgeDrivers}. */
export interface GetEdgeDriversArgs {
  /** Driver ids to look up: any number, duplicates allowed. */
  readonly driverIds: readonly string[];
  /** The IoT instance. Defaults to the `alicloud-iot:iotInstanceId` config, or none. */
  readonly iotInstanceId?: string;
}

/** Result of {@link getEdgeDrivers}. */
export interface GetEdgeDriversResult {
  /** The ids asked for, in the order given. */
  readonly driverIds: string[];
  /** One driver per id in `driverIds`, in the same order. */
  readonly drivers: EdgeDriverInfo[];
}

/** Options of {@link getEdgeDrivers}. */
export type GetEdgeDriversOptions = LookupOptions;

/** {@link GetEdgeDriversArgs} whose values may be Outputs. */
export interface GetEdgeDriversOutputArgs {
  readonly driverIds: pulumi.Input<pulumi.Input<string>[]>;
  readonly iotInstanceId?: pulumi.Input<string>;
}

/** Error of {@link getEdgeDrivers} when some ids name no driver. */
export class EdgeDriversNotFoundError extends Error {
  declare readonly name: "EdgeDriversNotFoundError";
  /** The ids BatchGetEdgeDriver did not return, in input order, without duplicates. */
  readonly missingDriverIds: string[];
  constructor(missingDriverIds: string[]) {
    super(
      `No edge driver with id ${missingDriverIds.map((id) => JSON.stringify(id)).join(", ")} exists ` +
        "(BatchGetEdgeDriver did not return it): check the id and the IoT instance (alicloud-iot:iotInstanceId)",
    );
    this.missingDriverIds = missingDriverIds;
  }
}
Object.defineProperty(EdgeDriversNotFoundError.prototype, "name", { value: "EdgeDriversNotFoundError", enumerable: false });

/**
 * Looks up edge drivers by id through BatchGetEdgeDriver (IoT Platform API reference: BatchGetEdgeDriver): the ids are
 * de-duplicated and sent 30 per call; the calls are paced at the action's 5 QPS quota by the client's
 * shared limiter, per process (the program's own process: its quota is not shared with the dynamic
 * provider's process). Results come back in input order, one per id.
 *
 * Unknown ids are an error (strict reading): the API does not document what it does with them
 * (IoT Platform API reference: BatchGetEdgeDriver is silent); it returns only the drivers it knows, and a lookup that silently returns fewer drivers
 * than asked for would hide a typo. The {@link EdgeDriversNotFoundError} names every missing id.
 *
 * Runs in the Pulumi *program* (during preview too), not in the provider: the client is built from
 * `new pulumi.Config("alicloud-iot")` and the environment, unless `opts.client` is given.
 */
export async function getEdgeDrivers(args: GetEdgeDriversArgs, opts: GetEdgeDriversOptions = {}): Promise<GetEdgeDriversResult> {
  const driverIds = [...args.driverIds];
  for (const id of driverIds) {
    if (typeof id !== "string" || id.trim() === "") throw new TypeError(`Expected every \`driverIds\` entry to be a non-empty string, got ${JSON.stringify(id)}`);
  }
  const client = opts.client ?? clientFromProgramConfig(opts.connection);
  const unique = [...new Set(driverIds)];
  const instance = args.iotInstanceId !== undefined ? { IotInstanceId: args.iotInstanceId } : {};
  const pages = await Promise.all(
    chunk(unique, ACTION_LIMITS.BatchGetEdgeDriver.maxItems).map((ids) =>
      client.call<{ DriverList?: EdgeDriverData[] }>("BatchGetEdgeDriver", { DriverIds: ids, ...instance }),
    ),
  );
  const byId = new Map<string, EdgeDriverInfo>();
  for (const page of pages) for (const data of page.DriverList ?? []) if (data.DriverId) byId.set(data.DriverId, edgeDriverInfoFromData(data));
  const missing = unique.filter((id) => !byId.has(id));
  if (missing.length > 0) throw new EdgeDriversNotFoundError(missing);
  return { driverIds, drivers: driverIds.map((id) => byId.get(id) as EdgeDriverInfo) };
}

/** {@link getEdgeDrivers} over Inputs: resolves once `driverIds` (and `iotInstanceId`) are known. */
export function getEdgeDriversOutput(args: GetEdgeDriversOutputArgs, opts: GetEdgeDriversOptions = {}): pulumi.Output<GetEdgeDriversResult> {
  return pulumi.output(args).apply((a) => getEdgeDrivers({ driverIds: a.driverIds, iotInstanceId: a.iotInstanceId }, opts));
}

