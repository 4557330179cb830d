/**
 * The plain (provider-side) data model of a DeviceBatch: what `check` returns, what the provider
 * operations receive, and what lands in state. Every map here is keyed by DeviceName, so the engine's
 * per-key diff of inputs shows exactly the devices that changed (it diffs arrays by index).
 *
 * No value may be `undefined`: the provider server converts results with protobuf's
 * `Struct.fromJavaScript`, which throws on it ("Unexpected struct type"). Optional fields are omitted.
 */

/** How the product's devices authenticate; picks BatchCheckDeviceNames' per-call limit. */
export type AuthType = "secret" | "x509";

/** The auth types `check` accepts. */
export const AUTH_TYPES: readonly AuthType[] = ["secret", "x509"];

/** One device as a user may declare it in a list. */
export interface DeviceSpec {
  readonly name: string;
  readonly nickname?: string;
}

/**
 * What the batch wants for one device (the value under its name): its nickname, `""` for none
 * (deviceSettings.ts). Maps stored by 0.1.0 and 0.2.0 hold `{ nickname }` and `{}`; they are read too.
 */
export type DeviceSettings = string | { readonly nickname?: string };

/** Desired devices, keyed by DeviceName. */
export type DeviceMap = Record<string, DeviceSettings>;

/** Inputs as `check` returns them (devices normalised to a map). */
export interface DeviceBatchInputs {
  readonly productKey: string;
  readonly devices: DeviceMap;
  /** As declared; absent means "the product's AuthType" (QueryProduct at up). */
  readonly authType?: AuthType;
  readonly iotInstanceId?: string;
  readonly adoptExisting?: boolean;
  /** Set by `check`: the count and the quota-bound time of deleting them, for destroy and replace previews (destroySummary.ts). */
  readonly summary?: string;
}

/** One registered device in state. */
export interface RegisteredDevice {
  readonly iotId: string;
  readonly nickname?: string;
}

/**
 * Outputs of a DeviceBatch (since 0.2.0). The per-device outputs are compact: ONE JSON string each,
 * keyed by DeviceName (deviceValues.ts), because 100,000-entry object outputs cost the engine, the
 * program and the provider a protobuf Struct conversion per entry on every run. The inputs keep the
 * name-keyed `devices` map, which is what previews diff. No DeviceSecret is among them (getDeviceSecrets.ts).
 */
export interface DeviceBatchOutputs {
  readonly productKey: string;
  /** The product's AuthType as last learned (or as declared; 0.1.0 state holds the declared value or "secret"). */
  readonly authType: AuthType;
  readonly iotInstanceId?: string;
  readonly adoptExisting?: boolean;
  /** `{"<DeviceName>":"<IotId>",…}`: every registered device. */
  readonly iotIds: string;
  /** `{"<DeviceName>":"<nickname>",…}`: the registered devices that have a nickname. */
  readonly nicknames: string;
  /** ApplyIds whose devices are all recorded here, in registration order. */
  readonly applyIds: number[];
  /**
   * ApplyIds submitted to BatchRegisterDeviceWithApplyId whose outcome is not recorded yet (the
   * operation failed or timed out after submitting). The next update, read or delete settles them
   * first, so a device they created is never orphaned.
   */
  readonly pendingApplyIds: number[];
  /** Number of registered devices. */
  readonly deviceCount: number;
}

/**
 * Outputs as version 0.1.0 stored them: per-device objects. Still read (refresh, update, destroy);
 * every operation writes the {@link DeviceBatchOutputs} shape back.
 */
export interface DeviceBatchOutputsV010 {
  readonly productKey: string;
  readonly authType: AuthType;
  readonly iotInstanceId?: string;
  readonly adoptExisting?: boolean;
  /** Registered devices, keyed by DeviceName. */
  readonly devices: Record<string, RegisteredDevice>;
  /** DeviceSecret by DeviceName. */
  readonly deviceSecrets: Record<string, string>;
  readonly applyIds: number[];
  readonly pendingApplyIds: number[];
  readonly deviceCount: number;
}

/** What the provider may find in state: either shape. */
export type StoredDeviceBatchOutputs = DeviceBatchOutputs | DeviceBatchOutputsV010;

/** A device as the API reports it (QueryPageByApplyId, BatchQueryDeviceDetail). */
export interface DeviceRecord {
  readonly name: string;
  readonly iotId: string;
  readonly secret: string;
  readonly nickname?: string;
}

/** Where a batch lives; `iotInstanceId` is sent only when set (the client falls back to its config). */
export interface ProductScope {
  readonly productKey: string;
  readonly iotInstanceId?: string;
}
