import type { CheckFailure } from "../dynamic/checkFailure";
import { checkFailure } from "../dynamic/checkFailure";
import { configuredQps } from "../dynamic/configuredQps";
import { destroySummary } from "../dynamic/destroySummary";
import { isUnknown } from "../dynamic/unknown";
import { type KeyShape, unknownKeyFailures } from "../dynamic/unknownKeys";
import { isValidProductKey, PRODUCT_KEY_RULE } from "../rules/productKey";
import type { AuthType, DeviceBatchInputs, DeviceMap } from "./deviceBatchTypes";
import { AUTH_TYPES } from "./deviceBatchTypes";
import { batchSizeRule, currentHeap } from "./memoryBudget";
import { legacyShapeFor, toLegacyShape } from "./deviceSettings";
import { normalizeDeviceList } from "./normalizeDeviceList";

/**
 * Input keys `check` accepts, at every level (unknownKeys.ts); a device may also be a name, and the
 * normalised map form is checked by normalizeDeviceList. Output placeholders from the class's props
 * arrive as undefined and are skipped.
 */
const INPUT_SHAPE: KeyShape = { productKey: true, devices: [{ name: true, nickname: true }], authType: true, iotInstanceId: true, adoptExisting: true };

/**
 * Validates and normalises DeviceBatch inputs, no API call; `devices` becomes a map keyed by
 * DeviceName, in the shape `olds` (the stored inputs) calls for (deviceSettings.ts).
 */
export function checkDeviceBatch(raw: Record<string, unknown>, olds?: Partial<Record<keyof DeviceBatchInputs, unknown>>): { inputs: DeviceBatchInputs; failures: CheckFailure[] } {
  const failures: CheckFailure[] = unknownKeyFailures(raw, INPUT_SHAPE, "DeviceBatch", ["summary"]);
  const productKey = raw.productKey;
  if (!isUnknown(productKey) && !isValidProductKey(productKey)) {
    failures.push(checkFailure("productKey", productKey, PRODUCT_KEY_RULE));
  }
  // Not defaulted: an undeclared authType follows the product's (learned with QueryProduct at up).
  const authType = raw.authType === null ? undefined : raw.authType;
  if (authType !== undefined && !isUnknown(authType) && !AUTH_TYPES.includes(authType as AuthType)) {
    failures.push(checkFailure("authType", authType, `be one of ${AUTH_TYPES.join(", ")}`));
  }
  const iotInstanceId = raw.iotInstanceId === "" || raw.iotInstanceId === null ? undefined : raw.iotInstanceId;
  if (iotInstanceId !== undefined && !isUnknown(iotInstanceId) && (typeof iotInstanceId !== "string" || !/^\S+$/.test(iotInstanceId))) {
    failures.push(checkFailure("iotInstanceId", iotInstanceId, "be an IoT instance id such as iot-cn-0pp1n8t****"));
  }
  const adoptExisting = raw.adoptExisting === null ? undefined : raw.adoptExisting;
  if (adoptExisting !== undefined && !isUnknown(adoptExisting) && typeof adoptExisting !== "boolean") {
    failures.push(checkFailure("adoptExisting", adoptExisting, "be true or false"));
  }
  const normalized = normalizeDeviceList(raw.devices);
  failures.push(...normalized.failures);
  if (!isUnknown(normalized.devices)) {
    const count = Object.keys(normalized.devices).length;
    const rule = batchSizeRule(count, currentHeap().limitBytes);
    if (rule !== undefined) {
      // The inputs of a refused batch are not used: leave the map out of the response.
      failures.push(checkFailure("devices", count, rule, "devices"));
      const refused: Record<string, unknown> = { productKey, devices: {} };
      if (authType !== undefined) refused.authType = authType;
      return { inputs: refused as unknown as DeviceBatchInputs, failures };
    }
  }
  const inputs: Record<string, unknown> = { productKey, devices: normalized.devices };
  if (authType !== undefined) inputs.authType = authType;
  if (iotInstanceId !== undefined) inputs.iotInstanceId = iotInstanceId;
  if (adoptExisting !== undefined) inputs.adoptExisting = adoptExisting;
  // What a destroy or replace preview shows of the cost (destroySummary.ts); never compared by diff.
  if (!isUnknown(normalized.devices)) {
    inputs.summary = deviceBatchSummary(Object.keys(normalized.devices).length);
  }
  if (failures.length === 0 && !isUnknown(normalized.devices) && legacyShapeFor(olds, inputs as unknown as DeviceBatchInputs)) {
    inputs.devices = toLegacyShape(normalized.devices as DeviceMap);
  }
  return { inputs: inputs as unknown as DeviceBatchInputs, failures };
}

/** The `summary` input of a batch of `count` devices: what destroy and replace previews show of the cost. */
export function deviceBatchSummary(count: number): string {
  return destroySummary(count, "device", "deleting", "DeleteDevice", configuredQps("DeleteDevice"));
}
