import type { CheckFailure } from "../dynamic/checkFailure";
import { checkFailure } from "../dynamic/checkFailure";
import { DEVICE_NAME_RULE, isValidDeviceName } from "../rules/deviceNameRules";
import type { DeviceRef, SubDeviceMap, TopoSignMethod } from "./gatewayTopologyTypes";
import { TOPO_SIGN_METHODS } from "./gatewayTopologyTypes";
import { MAX_SUBDEVICES_PER_GATEWAY } from "../limits";
import { parseSubDeviceKey, subDeviceKey } from "./subDeviceKey";
import { configuredQps } from "../dynamic/configuredQps";
import { destroySummary } from "../dynamic/destroySummary";
import { type KeyShape, unknownKeyFailures } from "../dynamic/unknownKeys";
import { isUnknown, UNKNOWN } from "../dynamic/unknown";
import { isValidProductKey, PRODUCT_KEY_RULE } from "../rules/productKey";

/** ProductKey: letters and digits (as the service issues them); never empty, never contains `/`. */

/** At most this many sub-device failures are listed; the rest are summarised in one more failure. */
export const MAX_SUBDEVICE_FAILURES = 20;

/** What {@link checkGatewayTopology} returns: normalised inputs (possibly holding UNKNOWN) and failures. */
export interface CheckedGatewayTopology {
  readonly inputs: {
    gateway: DeviceRef | typeof UNKNOWN;
    subDevices: SubDeviceMap | typeof UNKNOWN;
    signMethod: TopoSignMethod | typeof UNKNOWN;
    iotInstanceId?: string;
    summary?: string;
  };
  readonly failures: CheckFailure[];
}

/** Keys `check` accepts, at every level (unknownKeys.ts); a sub-device may also be a "productKey/deviceName" string. */
const INPUT_SHAPE: KeyShape = {
  gateway: { productKey: true, deviceName: true },
  subDevices: [{ productKey: true, deviceName: true }],
  signMethod: true,
  iotInstanceId: true,
};

/**
 * Validates GatewayTopology inputs before any API call and normalises `subDevices` to a map keyed by
 * `<productKey>/<deviceName>` (order-insensitive, reviewable per-key previews). Accepts sub-devices as
 * `{ productKey, deviceName }` objects or `"productKey/deviceName"` strings in a list, or the
 * normalised map itself. Rules, each failure naming the field, the value and the rule: ProductKey and
 * DeviceName formats, a sub-device listed once, no sub-device equal to the gateway, at most 2,000
 * sub-devices, a known sign method. The preview's unknown placeholder passes through: an unknown
 * entry makes `subDevices` unknown, an unknown gateway field stays unknown. O(n).
 */
export function checkGatewayTopology(raw: Record<string, unknown>): CheckedGatewayTopology {
  const failures: CheckFailure[] = unknownKeyFailures(raw, INPUT_SHAPE, "GatewayTopology", ["summary"]);
  const gateway = checkGateway(raw.gateway, failures);
  const subDevices = checkSubDevices(raw.subDevices, gateway, failures);

  let signMethod: TopoSignMethod | typeof UNKNOWN = "hmacSha256";
  const rawMethod = raw.signMethod === null || raw.signMethod === "" ? undefined : raw.signMethod;
  if (isUnknown(rawMethod)) signMethod = UNKNOWN;
  else if (rawMethod !== undefined) {
    // The API compares the method case-insensitively (IoT Platform API reference: BatchAddThingTopo); state keeps the canonical spelling.
    const found = typeof rawMethod === "string" ? TOPO_SIGN_METHODS.find((m) => m.toLowerCase() === rawMethod.toLowerCase()) : undefined;
    if (found) signMethod = found;
    else failures.push(checkFailure("signMethod", rawMethod, `be one of ${TOPO_SIGN_METHODS.join(", ")}`));
  }

  const iotInstanceId = raw.iotInstanceId === "" || raw.iotInstanceId === null ? undefined : raw.iotInstanceId;
  if (iotInstanceId !== undefined && !isUnknown(iotInstanceId) && (typeof iotInstanceId !== "string" || !/^\S+$/.test(iotInstanceId))) {
    failures.push(checkFailure("iotInstanceId", iotInstanceId, "be an IoT instance id such as iot-cn-0pp1n8t****"));
  }
  const inputs: CheckedGatewayTopology["inputs"] = { gateway, subDevices, signMethod };
  if (iotInstanceId !== undefined) inputs.iotInstanceId = iotInstanceId as string;
  // What a destroy or replace preview shows of the cost (destroySummary.ts); never compared by diff.
  if (!isUnknown(subDevices)) {
    inputs.summary = destroySummary(Object.keys(subDevices).length, "sub-device", "detaching", "RemoveThingTopo", configuredQps("RemoveThingTopo"));
  }
  return { inputs, failures };
}

function checkGateway(value: unknown, failures: CheckFailure[]): DeviceRef | typeof UNKNOWN {
  if (isUnknown(value)) return UNKNOWN;
  if (!isPlainObject(value)) {
    failures.push(checkFailure("gateway", value, "be an object { productKey, deviceName }"));
    return { productKey: "", deviceName: "" };
  }
  const productKey = value.productKey;
  const deviceName = value.deviceName;
  if (!isUnknown(productKey) && !isValidProductKey(productKey)) {
    failures.push(checkFailure("gateway.productKey", productKey, PRODUCT_KEY_RULE));
  }
  if (!isUnknown(deviceName) && !(typeof deviceName === "string" && isValidDeviceName(deviceName))) {
    failures.push(checkFailure("gateway.deviceName", deviceName, DEVICE_NAME_RULE));
  }
  return { productKey: productKey as string, deviceName: deviceName as string };
}

function checkSubDevices(value: unknown, gateway: DeviceRef | typeof UNKNOWN, failures: CheckFailure[]): SubDeviceMap | typeof UNKNOWN {
  if (isUnknown(value)) return UNKNOWN;
  const found: CheckFailure[] = [];
  let dropped = 0;
  const fail = (f: CheckFailure): void => {
    if (found.length < MAX_SUBDEVICE_FAILURES) found.push(f);
    else dropped++;
  };
  const gatewayKey = gateway !== UNKNOWN && !isUnknown(gateway.productKey) && !isUnknown(gateway.deviceName) ? subDeviceKey(gateway) : undefined;
  const out: SubDeviceMap = {};
  const firstSeenAt = new Map<string, string>();
  let unknownEntry = false;

  const add = (path: string, productKey: unknown, deviceName: unknown): void => {
    if (isUnknown(productKey) || isUnknown(deviceName)) {
      unknownEntry = true;
      return;
    }
    let ok = true;
    if (!isValidProductKey(productKey)) {
      fail(checkFailure(`${path}.productKey`, productKey, PRODUCT_KEY_RULE));
      ok = false;
    }
    if (!(typeof deviceName === "string" && isValidDeviceName(deviceName))) {
      fail(checkFailure(`${path}.deviceName`, deviceName, DEVICE_NAME_RULE));
      ok = false;
    }
    if (!ok) return;
    const key = subDeviceKey({ productKey: productKey as string, deviceName: deviceName as string });
    if (key === gatewayKey) {
      fail(checkFailure(path, key, "be a device other than the gateway"));
      return;
    }
    const earlier = firstSeenAt.get(key);
    if (earlier !== undefined) {
      fail(checkFailure(path, key, `name a sub-device only once (${earlier} is the same device)`));
      return;
    }
    firstSeenAt.set(key, path);
    out[key] = {};
  };

  if (!Array.isArray(value) && !isPlainObject(value)) {
    failures.push(checkFailure("subDevices", value, "be a list of { productKey, deviceName } objects or \"productKey/deviceName\" strings"));
    return {};
  }
  forEachSubDevice(value, add, fail, () => {
    unknownEntry = true;
  });
  failures.push(...found);
  if (dropped > 0) failures.push({ property: "subDevices", reason: `${dropped} more sub-devices break the rules above (only the first ${MAX_SUBDEVICE_FAILURES} are listed)` });
  const count = Object.keys(out).length;
  if (count > MAX_SUBDEVICES_PER_GATEWAY) {
    failures.push(checkFailure("subDevices", count, `hold at most ${MAX_SUBDEVICES_PER_GATEWAY.toLocaleString("en-US")} sub-devices (the per-gateway limit)`, "sub-devices"));
  }
  return unknownEntry ? UNKNOWN : out;
}

/** Calls `add` for every entry of a sub-device list or map, `fail` for an entry of the wrong shape, `unknown` for a placeholder. */
function forEachSubDevice(
  value: readonly unknown[] | Record<string, unknown>,
  add: (path: string, productKey: unknown, deviceName: unknown) => void,
  fail: (failure: CheckFailure) => void,
  unknown: () => void,
): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const path = `subDevices[${i}]`;
      if (isUnknown(item)) unknown();
      else if (typeof item === "string") {
        const ref = parseSubDeviceKey(item);
        if (ref) add(path, ref.productKey, ref.deviceName);
        else fail(checkFailure(path, item, 'be "productKey/deviceName" or an object { productKey, deviceName }'));
      } else if (isPlainObject(item)) {
        // An entry with unknown keys is reported by unknownKeyFailures (with the key's path) and not kept.
        if (Object.keys(item).every((k) => k === "productKey" || k === "deviceName")) add(path, item.productKey, item.deviceName);
      } else fail(checkFailure(path, item, 'be "productKey/deviceName" or an object { productKey, deviceName }'));
    });
    return;
  }
  for (const key of Object.keys(value)) {
    const path = `subDevices[${JSON.stringify(key)}]`;
    const ref = parseSubDeviceKey(key);
    const v = (value as Record<string, unknown>)[key];
    if (!ref) fail(checkFailure(path, key, 'be keyed "productKey/deviceName"'));
    else if (v !== null && v !== undefined && !(isPlainObject(v) && Object.keys(v).length === 0)) fail(checkFailure(path, v, "be an empty object {}"));
    else add(path, ref.productKey, ref.deviceName);
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
