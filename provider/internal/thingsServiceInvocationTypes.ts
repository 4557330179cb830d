import type { Keyed, TslService } from "./thingModelTypes";

/** JSON values as `args` and `triggers` may hold them (what survives Pulumi's wire format). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * A set of DeviceNames as Pulumi state holds it: an object keyed by name, so the engine diffs it by
 * name (one added device previews as that device, not as every later index shifting).
 */
export type DeviceSet = { readonly [deviceName: string]: true };

/** The names of a DeviceSet, in code-unit order (the same on every machine). */
export function deviceNames(set: DeviceSet | undefined): string[] {
  return Object.keys(set ?? {}).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A DeviceSet of `names`. */
export function deviceSetOf(names: Iterable<string>): DeviceSet {
  const set: { [deviceName: string]: true } = {};
  for (const name of [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) set[name] = true;
  return set;
}

/**
 * Checked inputs of ThingsServiceInvocation. `devices` is a set keyed by name, so reordering the
 * program's list is no change. While a preview does not know a value yet it is the
 * unknown placeholder (unknown.ts) instead.
 */
export interface ThingsServiceInvocationInputs {
  readonly productKey: string;
  /** `service` or `module:service`. */
  readonly identifier: string;
  /** The service's input parameters, sent as the JSON text of `Args`. */
  readonly args: { [key: string]: JsonValue };
  /** DeviceNames, at least one, as a set keyed by name. */
  readonly devices: DeviceSet;
  readonly iotInstanceId?: string;
  /** Opaque values; any change re-invokes on every device. */
  readonly triggers?: JsonValue[];
  /**
   * The product's thing model as the program knows it (`{ services }`, keyed by identifier): when
   * given, `identifier` and `args` are checked against it at preview. Its changes alone re-invoke nothing.
   */
  readonly thingModel?: { readonly services: Keyed<TslService> };
}

/**
 * Outputs: the inputs the invocation was delivered under, plus what happened. `devices` holds only
 * the devices the service was invoked on, which is what lets the next update finish a partial run.
 */
export interface ThingsServiceInvocationOutputs extends ThingsServiceInvocationInputs {
  /** Number of devices invoked (the size of `devices`). */
  readonly invokedDevices: number;
  /** InvokeThingsService calls made over the resource's life (create and later additions). */
  readonly calls: number;
  /** ISO-8601 time of the last accepted call. */
  readonly invokedAt: string;
  /** RequestIds of the accepted calls, in call order. */
  readonly requestIds: string[];
}
