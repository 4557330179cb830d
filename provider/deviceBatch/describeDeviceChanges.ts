import { ACTION_LIMITS } from "../limits";
import type { DeviceSetDiff } from "./diffDeviceSets";
import { formatDuration } from "../dynamic/formatDuration";

/** Names listed per kind of change; the rest are counted. */
export const SHOWN_NAMES = 10;

/** A deletion expected to take at least this long is announced as a warning. */
export const SLOW_DELETE_WARNING_S = 60;

/** Quotas the estimates use (calls per second). */
export interface ChangeQuotas {
  readonly deleteDevice: number;
  readonly queryPageByApplyId: number;
  readonly batchUpdateDeviceNickname: number;
}

/** The documented quotas (limits.ts). */
export const DEFAULT_CHANGE_QUOTAS: ChangeQuotas = {
  deleteDevice: ACTION_LIMITS.DeleteDevice.qps,
  queryPageByApplyId: ACTION_LIMITS.QueryPageByApplyId.qps,
  batchUpdateDeviceNickname: ACTION_LIMITS.BatchUpdateDeviceNickname.qps,
};

/** A readable account of a device change, for a preview's diagnostics. */
export interface ChangeDescription {
  /** Counts, then the first names of each kind, then the quota-bound time of the slow parts. */
  readonly summary: string;
  /** Set when deleting alone takes at least {@link SLOW_DELETE_WARNING_S} at the quota. */
  readonly warning?: string;
}

const fmt = (n: number): string => n.toLocaleString("en-US");

function firstNames(names: readonly string[]): string {
  const shown = names.slice(0, SHOWN_NAMES).join(", ");
  return names.length > SHOWN_NAMES ? `${shown} … and ${fmt(names.length - SHOWN_NAMES)} more` : shown;
}

/**
 * Describes a {@link DeviceSetDiff} of the batch of `productKey` that ends with `totalAfter` devices:
 * "3 to add, 2 to remove, 0 nicknames to change (25,002 devices after)", the first
 * {@link SHOWN_NAMES} names of each kind, and the least time the quotas allow (registration is bound
 * by QueryPageByApplyId, 50 devices a page; deletion by DeleteDevice, one device a call). Pure.
 */
export function describeDeviceChanges(
  productKey: string,
  diff: DeviceSetDiff,
  totalAfter: number,
  quotas: ChangeQuotas = DEFAULT_CHANGE_QUOTAS,
): ChangeDescription {
  const { added, removed, renicknamed } = diff;
  const parts = [
    `DeviceBatch of product ${productKey}: ${fmt(added.length)} to add, ${fmt(removed.length)} to remove, ` +
      `${fmt(renicknamed.length)} nicknames to change (${fmt(totalAfter)} devices after).`,
  ];
  if (added.length > 0) parts.push(`Add: ${firstNames(added)}.`);
  if (removed.length > 0) parts.push(`Remove: ${firstNames(removed)}.`);
  if (renicknamed.length > 0) parts.push(`Nickname: ${firstNames(renicknamed)}.`);
  const registerS = Math.ceil(added.length / ACTION_LIMITS.QueryPageByApplyId.maxPageSize) / quotas.queryPageByApplyId;
  const deleteS = removed.length / quotas.deleteDevice;
  const nicknameS = Math.ceil(renicknamed.length / ACTION_LIMITS.BatchUpdateDeviceNickname.maxItems) / quotas.batchUpdateDeviceNickname;
  const times: string[] = [];
  if (added.length > 0) times.push(`registering ≥ ${formatDuration(registerS)} at QueryPageByApplyId ${quotas.queryPageByApplyId} QPS`);
  if (renicknamed.length > 0) times.push(`nicknames ≥ ${formatDuration(nicknameS)} at BatchUpdateDeviceNickname ${quotas.batchUpdateDeviceNickname} QPS`);
  if (removed.length > 0) times.push(`deleting ≥ ${formatDuration(deleteS)} at DeleteDevice ${quotas.deleteDevice} QPS`);
  if (times.length > 0) parts.push(`Quota-bound time: ${times.join("; ")}.`);
  const summary = parts.join(" ");
  if (deleteS < SLOW_DELETE_WARNING_S) return { summary };
  return {
    summary,
    warning:
      `Deleting ${fmt(removed.length)} devices of product ${productKey} takes at least ${formatDuration(deleteS)}: ` +
      `DeleteDevice removes one device per call and the account's quota is ${quotas.deleteDevice} QPS.`,
  };
}
