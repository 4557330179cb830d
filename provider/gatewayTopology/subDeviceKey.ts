import type { DeviceRef } from "./gatewayTopologyTypes";

/**
 * The key of a sub-device in GatewayTopology maps: `<productKey>/<deviceName>`. Unambiguous because
 * validated ProductKeys and DeviceNames never contain `/`.
 */
export function subDeviceKey(ref: DeviceRef): string {
  return `${ref.productKey}/${ref.deviceName}`;
}

/** Inverse of {@link subDeviceKey}; undefined when `key` has no `/` or an empty side. */
export function parseSubDeviceKey(key: string): DeviceRef | undefined {
  const slash = key.indexOf("/");
  if (slash <= 0 || slash === key.length - 1) return undefined;
  return { productKey: key.slice(0, slash), deviceName: key.slice(slash + 1) };
}
