import * as pulumi from "@pulumi/pulumi";
import { configure } from "../config";
import type { AttachedSubDevice, TopoSignMethod } from "./gatewayTopologyTypes";
import { delegatingProvider } from "../dynamic/delegatingProvider";
import { deleteFirstOptions } from "../dynamic/deleteFirstOptions";
import * as gatewayTopologyProvider from "./gatewayTopologyProvider";
import type { ConnectionArgs } from "../connection/Connection";
import { urnInput } from "../dynamic/urnInput";

/** A device by ProductKey and DeviceName. */
export interface DeviceRefArgs {
  /** ProductKey: letters and digits. */
  readonly productKey: pulumi.Input<string>;
  /** DeviceName: 4–32 characters from letters, digits, `-`, `_`, `@`, `.` and `:`. */
  readonly deviceName: pulumi.Input<string>;
}

/** Arguments of {@link GatewayTopology}. Source: IoT Platform API reference: BatchAddThingTopo. */
export interface GatewayTopologyArgs extends ConnectionArgs {
  /** The gateway (a device of a NodeType 1 product). Replaces on change. */
  readonly gateway: pulumi.Input<DeviceRefArgs>;
  /**
   * The sub-devices, as `{ productKey, deviceName }` objects or `"productKey/deviceName"` strings, in
   * any order (reordering is no change); at most 2,000. Stored keyed by `productKey/deviceName`, so
   * previews show exactly the sub-devices attached or detached. A sub-device attached to another
   * gateway is MOVED to this one (BatchAddThingTopo semantics). No secrets: the provider looks each
   * DeviceSecret up when it signs, and stores none.
   */
  readonly subDevices: pulumi.Input<pulumi.Input<string | DeviceRefArgs>[]>;
  /** How each attachment is signed: `hmacSha256` (default), `hmacSha1` or `hmacMd5`. */
  readonly signMethod?: pulumi.Input<TopoSignMethod>;
  /** The IoT instance. Defaults to the provider's `alicloud-iot:iotInstanceId` config, or none. Replaces on change. */
  readonly iotInstanceId?: pulumi.Input<string>;
}

/**
 * The sub-devices attached to one gateway, kept in step: added ones are attached with
 * BatchAddThingTopo (10 a call, 5 QPS), removed ones detached with RemoveThingTopo; refresh reads the
 * gateway's real topology. One per gateway: the id is `<gwProductKey>/<gwDeviceName>`.
 * Type token `pulumi-nodejs:dynamic/alicloud-iot:GatewayTopology`. See docs/gateway-topology.md.
 *
 * Every replacement (a changed gateway or iotInstanceId, or `pulumi up --replace`) detaches the old
 * relations before attaching the new ones: the class sets `deleteBeforeReplace: true` and refuses
 * `false` (deleteFirstOptions.ts), because the old topology's delete would otherwise detach the
 * relations its replacement had just attached.
 */
export class GatewayTopology extends pulumi.dynamic.Resource {
  declare readonly gateway: pulumi.Output<{ productKey: string; deviceName: string }>;
  /** Attached sub-devices keyed by `productKey/deviceName`: `{ iotId }`. */
  declare readonly subDevices: pulumi.Output<Record<string, AttachedSubDevice>>;
  /** Number of attached sub-devices. */
  declare readonly subDeviceCount: pulumi.Output<number>;
  /** Sub-devices whose attachment had an unknown outcome; the next update, refresh or destroy settles them (normally absent). */
  declare readonly pendingSubDevices: pulumi.Output<string[] | undefined>;
  declare readonly signMethod: pulumi.Output<TopoSignMethod>;
  declare readonly iotInstanceId: pulumi.Output<string | undefined>;

  constructor(name: string, args: GatewayTopologyArgs, opts?: pulumi.CustomResourceOptions) {
    const props = { subDeviceCount: undefined, pendingSubDevices: undefined, signMethod: undefined, iotInstanceId: undefined, ...args, __urn: urnInput("GatewayTopology", name, opts) };
    super(delegatingProvider(gatewayTopologyProvider, configure), name, props, deleteFirstOptions("GatewayTopology", name, opts), "alicloud-iot", "GatewayTopology");
  }
}
