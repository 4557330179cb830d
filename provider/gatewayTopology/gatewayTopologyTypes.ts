/**
 * The plain (provider-side) data model of a GatewayTopology: what `check` returns, what the provider
 * operations receive, and what lands in state. Sub-devices are keyed by `<productKey>/<deviceName>`
 * (neither part can contain `/`), so the engine's per-key diff shows exactly the sub-devices that
 * changed, whatever the order of the user's list. No value may be `undefined` (protobuf Struct).
 *
 * Nothing here is secret: DeviceSecrets are looked up at call time and never stored (IoT Platform API reference: BatchAddThingTopo).
 */

/** How each TopoAddItem is signed. `Sha256` (non-HMAC) is not offered: its use of the secret is undocumented (IoT Platform API reference: BatchAddThingTopo). */
export type TopoSignMethod = "hmacSha256" | "hmacSha1" | "hmacMd5";

/** The sign methods `check` accepts, the default first. */
export const TOPO_SIGN_METHODS: readonly TopoSignMethod[] = ["hmacSha256", "hmacSha1", "hmacMd5"];

/** A device by ProductKey and DeviceName. */
export interface DeviceRef {
  readonly productKey: string;
  readonly deviceName: string;
}

/** Desired sub-devices keyed by `<productKey>/<deviceName>`; the value is empty (room for settings). */
export type SubDeviceMap = Record<string, Record<string, never>>;

/** Inputs as `check` returns them. */
export interface GatewayTopologyInputs {
  readonly gateway: DeviceRef;
  readonly subDevices: SubDeviceMap;
  readonly signMethod: TopoSignMethod;
  readonly iotInstanceId?: string;
  /** Set by `check`: the count and the quota-bound time of detaching them, for destroy and replace previews (destroySummary.ts). */
  readonly summary?: string;
}

/** One attached sub-device in state. */
export interface AttachedSubDevice {
  readonly iotId: string;
}

/** Outputs of a GatewayTopology. */
export interface GatewayTopologyOutputs {
  readonly gateway: DeviceRef;
  /** Sub-devices attached to the gateway (as last seen), keyed by `<productKey>/<deviceName>`. */
  readonly subDevices: Record<string, AttachedSubDevice>;
  /** Number of entries in `subDevices`. */
  readonly subDeviceCount: number;
  /**
   * Keys of sub-devices whose BatchAddThingTopo call had an unknown outcome (its answer was lost):
   * they may be attached. The next update, refresh or delete settles them with GetThingTopo.
   * Normally absent (state written by 0.1.0 has none).
   */
  readonly pendingSubDevices?: string[];
  readonly signMethod: TopoSignMethod;
  readonly iotInstanceId?: string;
}
