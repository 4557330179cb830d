import type { ParamValue } from "../client/flattenParams";

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

/** What the batch wants for one device (the value under its name). */
export interface DeviceSettings {
  readonly nickname?: string;
}

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
}

/** One registered device in state. */
export interface RegisteredDevice {
  readonly iotId: string;
  readonly nickname?: string;
}

/** Outputs of a DeviceBatch. */
export interface DeviceBatchOutputs {
  readonly productKey: string;
  /** The product's AuthType as last learned (or as declared; 0.1.0 state holds the declared value or "secret"). */
  readonly authType: AuthType;
  readonly iotInstanceId?: string;
  readonly adoptExisting?: boolean;
  /** Registered devices, keyed by DeviceName. */
  readonly devices: Record<string, RegisteredDevice>;
  /** ApplyIds whose devices are all recorded here, in registration order. */
  readonly applyIds: number[];
  /**
   * ApplyIds submitted to BatchRegisterDeviceWithApplyId whose outcome is not recorded yet (the
   * operation failed or timed out after submitting). The next update, read or delete settles them
   * first, so a device they created is never orphaned.
   */
  readonly pendingApplyIds: number[];
  /** Number of entries in `devices`. */
  readonly deviceCount: number;
}

/** A device as the API reports it (QueryPageByApplyId, BatchQueryDeviceDetail). */
export interface DeviceRecord {
  readonly name: string;
  readonly iotId: string;
  readonly secret: string;
  readonly nickname?: string;
}

/** The part of RpcClient the device flows use; tests pass a fake. Rejects with an IotApiError. */
export interface ApiCaller {
  call<T = any>(action: string, params?: Record<string, ParamValue>): Promise<T>;
}

/** Where a batch lives; `iotInstanceId` is sent only when set (the client falls back to its config). */
export interface ProductScope {
  readonly productKey: string;
  readonly iotInstanceId?: string;
}
