import type * as pulumi from "@pulumi/pulumi";
import { configuredQps } from "../dynamic/configuredQps";
import { formatDuration } from "../dynamic/formatDuration";
import { isUnknown } from "../dynamic/unknown";
import type { ChangeQuotas } from "./describeDeviceChanges";
import { describeDeviceChanges } from "./describeDeviceChanges";
import { isLegacyOutputs } from "./deviceBatchState";
import type { DeviceBatchInputs, StoredDeviceBatchOutputs } from "./deviceBatchTypes";
import { diffDeviceSets } from "./diffDeviceSets";
import { registeredDeviceSet } from "./registeredDeviceSet";
import { operationLog } from "../dynamic/resourceLog";

/**
 * Pure set difference of registered (`olds.devices`) and desired (`news.devices`) devices, O(n), no
 * API call. productKey and iotInstanceId changes replace. Logs a readable account of large changes
 * (counts, first names, quota-bound time) and warns when deleting takes long at the quota.
 */
export function diffDeviceBatch(olds: StoredDeviceBatchOutputs, news: DeviceBatchInputs): pulumi.dynamic.DiffResult {
  const replaces: string[] = [];
  if (isUnknown(news.productKey) || olds.productKey !== news.productKey) replaces.push("productKey");
  if (isUnknown(news.iotInstanceId) || (olds.iotInstanceId ?? "") !== (news.iotInstanceId ?? "")) replaces.push("iotInstanceId");
  if (replaces.length > 0) {
    const quotas = configuredQuotas();
    const before = olds.deviceCount ?? 0;
    operationLog().info(
      `DeviceBatch: ${replaces.join(" and ")} changed, so the batch is replaced: first ` +
        `${before.toLocaleString("en-US")} devices of product ${olds.productKey} are deleted ` +
        `(≥ ${formatDuration(before / quotas.deleteDevice)} at DeleteDevice ${quotas.deleteDevice} QPS), then the new devices are registered.`,
    );
    // Delete first, always: the class sets the same option for `up --replace` (deleteFirstOptions.ts).
    return { changes: true, replaces, deleteBeforeReplace: true };
  }
  if (isUnknown(news.devices)) return { changes: true };
  const d = diffDeviceSets(registeredDeviceSet(olds), news.devices);
  const pending = (olds.pendingApplyIds ?? []).length > 0;
  const settingsChanged = (news.authType !== undefined && olds.authType !== news.authType) || (olds.adoptExisting ?? false) !== (news.adoptExisting ?? false);
  const deviceChanges = d.added.length + d.removed.length + d.renicknamed.length > 0;
  if (deviceChanges) {
    const description = describeDeviceChanges(news.productKey, d, Object.keys(news.devices).length, configuredQuotas());
    operationLog().info(description.summary);
    if (description.warning) operationLog().warn(description.warning);
  }
  // State written by 0.1.0 holds per-device objects and DeviceSecrets: rewrite it in the compact
  // shape without secrets (an update that calls no API), so the program gets the outputs it now declares.
  const legacy = isLegacyOutputs(olds) || (olds as unknown as Record<string, unknown>).deviceSecrets !== undefined;
  if (legacy && !deviceChanges) operationLog().info("DeviceBatch: rewriting state stored by version 0.1.0 in the compact shape, without DeviceSecrets (no API call)");
  return { changes: deviceChanges || pending || settingsChanged || legacy };
}

/** Quotas for time estimates: the ones the client keeps (configuredQps). */
function configuredQuotas(): ChangeQuotas {
  return {
    deleteDevice: configuredQps("DeleteDevice"),
    queryPageByApplyId: configuredQps("QueryPageByApplyId"),
    batchUpdateDeviceNickname: configuredQps("BatchUpdateDeviceNickname"),
  };
}
