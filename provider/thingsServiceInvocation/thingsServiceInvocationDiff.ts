import deepEqual from "deep-equal";
import type { ThingsServiceInvocationInputs, ThingsServiceInvocationOutputs } from "./thingsServiceInvocationTypes";
import { invokedDevicesOf } from "./thingsServiceInvocationTypes";
import { containsUnknown, isUnknown } from "../dynamic/unknown";

/** Inputs whose change re-invokes the service on every device (an update that invokes again). */
export const REINVOKING_KEYS = ["productKey", "identifier", "args", "iotInstanceId", "triggers"] as const;

/** What {@link thingsServiceInvocationDiff} finds. */
export interface InvocationDiff {
  /** Inputs whose change re-invokes on every desired device, in REINVOKING_KEYS order. */
  readonly reinvoke: string[];
  /** Desired devices not invoked yet under these settings, sorted; [] while the set is unknown. */
  readonly added: string[];
  /** Invoked devices no longer desired, sorted (nothing to undo; they only leave the state). */
  readonly removed: string[];
  /** Desired devices, sorted; [] while the set is unknown. */
  readonly desired: string[];
  /** Whether the engine should run an update. */
  readonly changes: boolean;
}

/**
 * Pure diff of the state (`olds`, outputs of this version or of 0.1.0) against checked inputs
 * (`news`); no API call, O(n).
 *
 * - productKey, identifier, args, iotInstanceId, triggers: any change (or a value unknown in a
 *   preview) re-invokes on every desired device. `args` and `triggers` compare as JSON values (object
 *   key order is no change); an absent iotInstanceId equals "", absent triggers equal [].
 * - the device set: added devices are invoked; removed devices only leave the state. An unknown set
 *   is a change whose extent is known on `up`.
 * The `devices` line and `__urn` are descriptions, not settings: they never make a change.
 */
export function thingsServiceInvocationDiff(olds: ThingsServiceInvocationOutputs, news: ThingsServiceInvocationInputs): InvocationDiff {
  const reinvoke: string[] = [];
  const previous: Record<string, unknown> = { ...olds, iotInstanceId: olds.iotInstanceId ?? "", triggers: olds.triggers ?? [], args: olds.args ?? {} };
  const next: Record<string, unknown> = { ...news, iotInstanceId: news.iotInstanceId ?? "", triggers: news.triggers ?? [], args: news.args ?? {} };
  for (const key of REINVOKING_KEYS) {
    if (containsUnknown(next[key]) || !deepEqual(previous[key], next[key], { strict: true })) reinvoke.push(key);
  }
  if (isUnknown(news.__devices)) return { reinvoke, added: [], removed: [], desired: [], changes: true };
  const before = invokedDevicesOf(olds);
  // `news` may be inputs 0.1.0 stored (the set under `devices`): refresh diffs against stored inputs.
  const desired = invokedDevicesOf(news);
  const invoked = new Set(before);
  const wanted = new Set(desired);
  const added = desired.filter((d) => !invoked.has(d));
  const removed = before.filter((d) => !wanted.has(d));
  return { reinvoke, added, removed, desired, changes: reinvoke.length > 0 || added.length > 0 || removed.length > 0 };
}
