import deepEqual from "deep-equal";
import type { ThingsServiceInvocationInputs, ThingsServiceInvocationOutputs } from "./thingsServiceInvocationTypes";
import { deviceNames } from "./thingsServiceInvocationTypes";
import { containsUnknown, isUnknown } from "./unknown";

/** Inputs whose change re-invokes the service on every device (a replacement). */
export const REINVOKING_KEYS = ["productKey", "identifier", "args", "iotInstanceId", "triggers"] as const;

/** What {@link thingsServiceInvocationDiff} finds. */
export interface InvocationDiff {
  /** Inputs that force a replacement (a new invocation on every device), in REINVOKING_KEYS order. */
  readonly replaces: string[];
  /** Desired devices not invoked yet, sorted; [] while `devices` is unknown. */
  readonly added: string[];
  /** Invoked devices no longer desired, sorted (nothing to undo; they only leave the state). */
  readonly removed: string[];
  /** Whether the engine should run an update or replacement. */
  readonly changes: boolean;
}

/**
 * Pure diff of the state (`olds`, outputs) against checked inputs (`news`); no API call, O(n).
 *
 * - productKey, identifier, args, iotInstanceId, triggers: any change (or a value unknown in a
 *   preview) replaces. `args` and `triggers` compare as JSON values (object key order is no change);
 *   an absent iotInstanceId equals "", absent triggers equal [].
 * - devices: a set. Added devices are invoked by `update`; removed devices only leave the state.
 *   An unknown list is a change whose extent is known on `up`.
 */
export function thingsServiceInvocationDiff(olds: ThingsServiceInvocationOutputs, news: ThingsServiceInvocationInputs): InvocationDiff {
  const replaces: string[] = [];
  const previous: Record<string, unknown> = { ...olds, iotInstanceId: olds.iotInstanceId ?? "", triggers: olds.triggers ?? [], args: olds.args ?? {} };
  const next: Record<string, unknown> = { ...news, iotInstanceId: news.iotInstanceId ?? "", triggers: news.triggers ?? [], args: news.args ?? {} };
  for (const key of REINVOKING_KEYS) {
    if (containsUnknown(next[key]) || !deepEqual(previous[key], next[key], { strict: true })) replaces.push(key);
  }
  if (isUnknown(news.devices)) return { replaces, added: [], removed: [], changes: true };
  const before = deviceNames(olds.devices);
  const after = deviceNames(news.devices);
  const invoked = new Set(before);
  const desired = new Set(after);
  const added = after.filter((d) => !invoked.has(d));
  const removed = before.filter((d) => !desired.has(d));
  return { replaces, added, removed, changes: replaces.length > 0 || added.length > 0 || removed.length > 0 };
}
