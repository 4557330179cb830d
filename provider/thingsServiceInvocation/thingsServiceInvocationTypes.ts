import type { Keyed, TslService } from "../thingModel/thingModelTypes";

/** JSON values as `args` and `triggers` may hold them (what survives Pulumi's wire format). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A set of DeviceNames as Pulumi state holds it: an object keyed by name whose values are empty
 * objects. Keyed, so a change is one name, not every later index shifting; and `{}` values, because
 * the engine's diff display leaves out unchanged empty objects, so only added and removed names show.
 */
export type DeviceSet = { readonly [deviceName: string]: Record<string, never> };

/** Code-unit order, the same on every machine. */
const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The names of a device set, sorted. Also reads the shapes 0.1.0 wrote (a map whose values are
 * `true`, or a list of names), so older state still diffs, updates and deletes.
 */
export function deviceNames(set: unknown): string[] {
  if (Array.isArray(set)) return set.filter((n): n is string => typeof n === "string").sort(byCodeUnit);
  if (typeof set !== "object" || set === null) return [];
  return Object.keys(set).sort(byCodeUnit);
}

/** A DeviceSet of `names`. */
export function deviceSetOf(names: Iterable<string>): DeviceSet {
  const set: { [deviceName: string]: Record<string, never> } = {};
  for (const name of [...names].sort(byCodeUnit)) set[name] = {};
  return set;
}

/**
 * Checked inputs of ThingsServiceInvocation, as state records them. The program's `devices` list
 * becomes `__devices`, a set keyed by name (reordering is no change); keys starting with `__` are
 * never printed by the engine's diff display, so a preview of a 25,000-device invocation shows
 * `devices`, one line such as "25,001 devices (+ clock-000000)", instead of every name. While a
 * preview does not know a value yet it is the unknown placeholder (unknown.ts) instead.
 */
export interface ThingsServiceInvocationInputs {
  readonly productKey: string;
  /** `service` or `module:service`. */
  readonly identifier: string;
  /** The service's input parameters, sent as the JSON text of `Args`. */
  readonly args: { [key: string]: JsonValue };
  /** One line for reviewers: the count, and the names added and removed since the previous inputs (devicesText.ts). */
  readonly devices: string;
  /** DeviceNames, at least one. */
  readonly __devices: DeviceSet;
  readonly iotInstanceId?: string;
  /** Opaque values; any change re-invokes on every device. */
  readonly triggers?: JsonValue[];
  /** The resource's URN, so progress lines attach to its row (resourceLog.ts); absent in 0.1.0 state. */
  readonly __urn?: string;
  /**
   * The product's thing model as the program knows it (`{ services }`, keyed by identifier): when
   * given, `identifier` and `args` are checked against it at preview. Its changes alone re-invoke nothing.
   */
  readonly thingModel?: { readonly services: Keyed<TslService> };
}

/**
 * Outputs: the inputs the invocation was delivered under, plus what happened. `__devices` holds only
 * the devices the service was invoked on under these settings, which is what lets the next update
 * finish a partial run.
 */
export interface ThingsServiceInvocationOutputs extends ThingsServiceInvocationInputs {
  /** Number of devices invoked (the size of `__devices`). */
  readonly invokedDevices: number;
  /** InvokeThingsService calls made over the resource's life (create and later invocations). */
  readonly calls: number;
  /** ISO-8601 time of the last accepted call. */
  readonly invokedAt: string;
  /** RequestIds of the accepted calls, in call order (internal: no preview shows them). */
  readonly __requestIds: string[];
}

/**
 * State as 0.1.0 wrote it: `devices` the invoked set (a map with `true` values, or a list) and
 * `requestIds` a visible list. Read through {@link invokedDevicesOf} and {@link requestIdsOf}.
 */
export interface LegacyInvocationState {
  readonly devices?: unknown;
  readonly requestIds?: string[];
}

/**
 * The device set recorded in `olds` (outputs: the invoked devices; stored inputs: the desired ones),
 * from this version's shape (`__devices`) or 0.1.0's (`devices`).
 */
export function invokedDevicesOf(olds: Partial<ThingsServiceInvocationInputs> | LegacyInvocationState): string[] {
  const current = (olds as Partial<ThingsServiceInvocationOutputs>).__devices;
  return deviceNames(current !== undefined ? current : (olds as LegacyInvocationState).devices);
}

/** The RequestIds recorded in `olds`, from this version's or 0.1.0's shape. */
export function requestIdsOf(olds: Partial<ThingsServiceInvocationOutputs> | LegacyInvocationState): string[] {
  return (olds as Partial<ThingsServiceInvocationOutputs>).__requestIds ?? (olds as LegacyInvocationState).requestIds ?? [];
}
