import type { GatewayTopologyInputs, GatewayTopologyOutputs } from "./gatewayTopologyTypes";
import { isUnknown } from "../dynamic/unknown";

/** What changes between the recorded topology and the desired one. */
export interface GatewayTopologyDiff {
  /** Inputs whose change replaces the resource: `gateway`, `iotInstanceId`. */
  readonly replaces: string[];
  /** Desired but not attached (keys), in the desired map's order; empty when replacing or unknown. */
  readonly attach: string[];
  /** Attached but no longer desired (keys); empty when replacing or unknown. */
  readonly detach: string[];
  /** The desired sub-devices are not known yet (preview). */
  readonly unknownSubDevices: boolean;
  /** Anything changes (a changed signMethod alone is recorded by an update without API calls). */
  readonly changes: boolean;
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Pure set difference of attached (`olds.subDevices`) and desired (`news.subDevices`) sub-devices,
 * O(n), no API call. A different (or not yet known) gateway or IoT instance replaces the resource.
 */
export function diffGatewayTopology(olds: GatewayTopologyOutputs, news: GatewayTopologyInputs): GatewayTopologyDiff {
  const replaces: string[] = [];
  const gw = news.gateway as unknown;
  if (isUnknown(gw) || isUnknown(news.gateway.productKey) || isUnknown(news.gateway.deviceName) ||
      olds.gateway.productKey !== news.gateway.productKey || olds.gateway.deviceName !== news.gateway.deviceName) {
    replaces.push("gateway");
  }
  if (isUnknown(news.iotInstanceId) || (olds.iotInstanceId ?? "") !== (news.iotInstanceId ?? "")) replaces.push("iotInstanceId");
  if (replaces.length > 0) return { replaces, attach: [], detach: [], unknownSubDevices: false, changes: true };
  if (isUnknown(news.subDevices)) return { replaces, attach: [], detach: [], unknownSubDevices: true, changes: true };
  const attached = olds.subDevices ?? {};
  const attach = Object.keys(news.subDevices).filter((k) => !hasOwn(attached, k));
  const detach = Object.keys(attached).filter((k) => !hasOwn(news.subDevices, k));
  const changes = attach.length + detach.length > 0 || olds.signMethod !== news.signMethod;
  return { replaces, attach, detach, unknownSubDevices: false, changes };
}
