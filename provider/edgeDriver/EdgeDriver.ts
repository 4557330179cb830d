import * as pulumi from "@pulumi/pulumi";
import { configure } from "../config";
import type { CpuArch, DriverProtocol, DriverRuntime } from "./edgeDriverTypes";
import { delegatingProvider } from "../dynamic/delegatingProvider";
import * as edgeDriverProvider from "./edgeDriverProvider";
import type { ConnectionArgs } from "../connection/Connection";
import { urnInput } from "../dynamic/urnInput";

/**
 * Arguments of {@link EdgeDriver}. Source: IoT Platform API reference: CreateEdgeDriver. The API has no
 * UpdateEdgeDriver, so changing any argument replaces the driver (a new one is created first, then
 * the old one deleted; its versions are replaced along with it, as their `driverId` changes).
 */
export interface EdgeDriverArgs extends ConnectionArgs {
  /** 1–20 letters, digits or `_`, starting with a letter. Replaces on change. */
  readonly driverName: pulumi.Input<string>;
  /** `modbus`, `opc-ua` or `customize`. Replaces on change. */
  readonly driverProtocol: pulumi.Input<DriverProtocol>;
  /** `nodejs8`, `python3` or `c`. Replaces on change. */
  readonly runtime: pulumi.Input<DriverRuntime>;
  /**
   * `armv7`, `armv7-hf`, `aarch64`, `x86-64` or `x86` (any case; stored lower-case). The console
   * requires it for C drivers. Defaults to none. Replaces on change.
   */
  readonly cpuArch?: pulumi.Input<CpuArch | string>;
  /** Whether the driver code is pre-installed on the gateway. Defaults to false. Replaces on change. */
  readonly isBuiltIn?: pulumi.Input<boolean>;
  /**
   * The IoT instance. Defaults to the provider's `alicloud-iot:iotInstanceId` config, or none.
   * Replaces on change.
   */
  readonly iotInstanceId?: pulumi.Input<string>;
}

/**
 * A Link IoT Edge driver: the container of {@link EdgeDriverVersion}s. Type token
 * `pulumi-nodejs:dynamic/alicloud-iot:EdgeDriver`; the resource id is the DriverId.
 *
 * Destroying a driver that has released versions leaves it in the cloud with a warning: the API
 * refuses to delete such a driver and can never delete a released version.
 */
export class EdgeDriver extends pulumi.dynamic.Resource {
  /** The server-generated DriverId (equal to the resource id). */
  declare readonly driverId: pulumi.Output<string>;
  declare readonly driverName: pulumi.Output<string>;
  declare readonly driverProtocol: pulumi.Output<DriverProtocol>;
  declare readonly runtime: pulumi.Output<DriverRuntime>;
  declare readonly cpuArch: pulumi.Output<CpuArch | undefined>;
  declare readonly isBuiltIn: pulumi.Output<boolean>;
  declare readonly iotInstanceId: pulumi.Output<string | undefined>;

  constructor(name: string, args: EdgeDriverArgs, opts?: pulumi.CustomResourceOptions) {
    const props = { driverId: undefined, cpuArch: undefined, isBuiltIn: undefined, iotInstanceId: undefined, ...args, __urn: urnInput("EdgeDriver", name, opts) };
    super(delegatingProvider(edgeDriverProvider, configure), name, props, opts, "alicloud-iot", "EdgeDriver");
  }
}
