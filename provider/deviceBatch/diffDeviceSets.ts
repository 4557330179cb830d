import type { DeviceMap } from "./deviceBatchTypes";
import { nicknameOf } from "./deviceSettings";

/** Differences between the registered devices and the desired ones, by DeviceName. */
export interface DeviceSetDiff {
  /** Desired but not registered, in the desired map's order. */
  readonly added: string[];
  /** Registered but no longer desired, in the registered map's order. */
  readonly removed: string[];
  /** In both, with a different nickname (a removed nickname counts). */
  readonly renicknamed: string[];
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Set difference of two device maps keyed by DeviceName: O(n), pure, no API call. Order of the
 * user's list is not part of the comparison, so reordering is no change.
 */
export function diffDeviceSets(registered: Readonly<Record<string, { readonly nickname?: string }>>, desired: DeviceMap): DeviceSetDiff {
  const added: string[] = [];
  const removed: string[] = [];
  const renicknamed: string[] = [];
  for (const name of Object.keys(desired)) {
    if (!hasOwn(registered, name)) added.push(name);
    else if ((registered[name].nickname ?? "") !== (nicknameOf(desired[name]) ?? "")) renicknamed.push(name);
  }
  for (const name of Object.keys(registered)) {
    if (!hasOwn(desired, name)) removed.push(name);
  }
  return { added, removed, renicknamed };
}
