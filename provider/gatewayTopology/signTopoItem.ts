import { createHmac } from "crypto";
import type { TopoSignMethod } from "./gatewayTopologyTypes";

/** The sub-device parameters a TopoAddItem signs; clientId and timestamp only when they are sent. */
export interface TopoSignParams {
  readonly productKey: string;
  readonly deviceName: string;
  readonly clientId?: string;
  readonly timestamp?: string;
}

const HASHES: Record<TopoSignMethod, string> = { hmacSha256: "sha256", hmacSha1: "sha1", hmacMd5: "md5" };

/**
 * The signed content (IoT Platform API reference: BatchAddThingTopo): every sent sub-device parameter except Sign and SignMethod, by its
 * lower-camel name, sorted, concatenated as name+value without separators, e.g.
 * `clientId…deviceName…productKey…timestamp…`.
 */
export function topoSignContent(p: TopoSignParams): string {
  const parts: [string, string][] = [
    ["deviceName", p.deviceName],
    ["productKey", p.productKey],
  ];
  if (p.clientId !== undefined) parts.push(["clientId", p.clientId]);
  if (p.timestamp !== undefined) parts.push(["timestamp", p.timestamp]);
  parts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return parts.map(([k, v]) => k + v).join("");
}

/**
 * `Sign` of one TopoAddItem: upper-case hex HMAC of {@link topoSignContent} keyed with the
 * sub-device's DeviceSecret (the documented example is upper-case; the emulator insists on it).
 * The secret is only used here and never returned or logged.
 */
export function signTopoItem(method: TopoSignMethod, deviceSecret: string, p: TopoSignParams): string {
  return createHmac(HASHES[method], deviceSecret).update(topoSignContent(p), "utf8").digest("hex").toUpperCase();
}
