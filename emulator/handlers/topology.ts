import { createHmac } from "crypto";
import { limitsFor, MAX_SUBDEVICES_PER_GATEWAY } from "../../provider/limits";
import { BusinessError, missing } from "../errors";
import { objectList, reqInt, reqStr, str } from "../http/params";
import type { Device } from "../state/device";
import { HandlerContext, pagedList, requestedDevice, resolveDevice } from "./context";

/**
 * Gateway topology (IoT Platform API reference: BatchAddThingTopo).
 *
 * BatchAddThingTopo checks every item first and then attaches all of them in one mutation, so a
 * call either attaches every sub-device or none (the documented rollback). A sub-device already
 * attached to another gateway moves to this one. Each item's `Sign` is verified with the
 * sub-device's DeviceSecret (IoT Platform API reference: BatchAddThingTopo): the content is the sent parameters except Sign/SignMethod,
 * with lower-camel names sorted (`clientId`, `deviceName`, `productKey`, `timestamp`) and
 * concatenated as name+value; the digest is hex.
 *
 * Strict readings (the vendor pages are silent; listed in docs/emulator.md): `Sign` must be upper-case hex, as in the
 * documented example; the non-HMAC `Sha256` method is refused (how it uses the secret is not
 * documented); a `Timestamp` must be epoch milliseconds within the timestamp window; a gateway cannot
 * be a sub-device; at most 2,000 sub-devices per gateway (iot.device.TopoRelationCountExceeded);
 * GetThingTopo on a sub-device returns its gateway; RemoveThingTopo on a device without any relation
 * fails with iot.device.RemoveTopoRelationFailed.
 *
 * Not implemented: the `thing/topo/change` message to the gateway; the RemoveThingTopo async job for
 * > 2,000 sub-devices; NotifyAddThingTopo.
 */

const SIGN_METHODS: Record<string, string> = { hmacsha1: "sha1", hmacsha256: "sha256", hmacmd5: "md5" };

/** The content a sub-device signs (IoT Platform API reference: BatchAddThingTopo). */
export function topoSignContent(item: { productKey: string; deviceName: string; clientId?: string; timestamp?: string }): string {
  const parts: [string, string][] = [
    ["deviceName", item.deviceName],
    ["productKey", item.productKey],
  ];
  if (item.clientId !== undefined) parts.push(["clientId", item.clientId]);
  if (item.timestamp !== undefined) parts.push(["timestamp", item.timestamp]);
  parts.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return parts.map(([k, v]) => k + v).join("");
}

/** Upper-case hex HMAC of the content with the device secret; undefined for an unsupported method. */
export function topoSign(signMethod: string, deviceSecret: string, content: string): string | undefined {
  const alg = SIGN_METHODS[signMethod.toLowerCase()];
  if (!alg) return undefined;
  return createHmac(alg, deviceSecret).update(content, "utf8").digest("hex").toUpperCase();
}

export function BatchAddThingTopo(ctx: HandlerContext): Record<string, unknown> {
  const p = ctx.params;
  const gwProductKey = reqStr(p, "GwProductKey");
  const gwDeviceName = reqStr(p, "GwDeviceName");
  const items = objectList(p, "TopoAddItem");
  if (!items.length) throw missing("TopoAddItem.1.ProductKey");
  items.forEach((it, i) => {
    for (const f of ["ProductKey", "DeviceName", "Sign", "SignMethod"]) if (!it[f]) throw missing(`TopoAddItem.${i + 1}.${f}`);
  });
  const max = limitsFor("BatchAddThingTopo").maxItems ?? 10;
  if (items.length > max) throw BusinessError.of("iot.common.InvalidParam", `at most ${max} TopoAddItem per call, got ${items.length}`);

  const gw = resolveDevice(ctx, { productKey: gwProductKey, deviceName: gwDeviceName });
  if (gw.product.rec.nodeType !== 1) throw BusinessError.of("iot.device.AddTopoRelationFailed", `${gwProductKey}/${gwDeviceName} is not a gateway`);

  const subs: Device[] = [];
  for (const it of items) {
    const label = `${it.ProductKey}/${it.DeviceName}`;
    const method = it.SignMethod.toLowerCase();
    if (method === "sha256") throw BusinessError.of("iot.device.AddTopoRelationFailed", `SignMethod Sha256 is not supported by the emulator (undocumented); use hmacSha256 (${label})`);
    if (!SIGN_METHODS[method]) throw BusinessError.of("iot.common.InvalidParam", `Invalid value for SignMethod: ${it.SignMethod}. Allowed values are: hmacSha1, hmacSha256, hmacMd5, Sha256.`);
    const sub = resolveDevice(ctx, { productKey: it.ProductKey, deviceName: it.DeviceName });
    if (sub === gw || sub.product.rec.nodeType === 1) throw BusinessError.of("iot.device.AddTopoRelationFailed", `${label} is a gateway and cannot be a sub-device`);
    if (it.Timestamp !== undefined) {
      if (!/^\d{1,16}$/.test(it.Timestamp) || Math.abs(Number(it.Timestamp) - ctx.now) > ctx.config.topoTimestampWindowMs) {
        throw BusinessError.of("iot.device.AddTopoRelationFailed", `Timestamp of ${label} is not epoch milliseconds within the allowed window`);
      }
    }
    const content = topoSignContent({ productKey: it.ProductKey, deviceName: it.DeviceName, clientId: it.ClientId, timestamp: it.Timestamp });
    if (topoSign(method, sub.secret, content) !== it.Sign) throw BusinessError.of("iot.device.AddTopoRelationFailed", `the Sign of ${label} does not match (content ${content}, upper-case hex ${it.SignMethod})`);
    if (!subs.includes(sub)) subs.push(sub);
  }
  const after = (gw.subs?.size ?? 0) + subs.filter((s) => s.gw !== gw).length;
  if (after > MAX_SUBDEVICES_PER_GATEWAY) throw BusinessError.of("iot.device.TopoRelationCountExceeded", `${after} > ${MAX_SUBDEVICES_PER_GATEWAY}`);
  ctx.store.commit({ op: "topo.add", scope: ctx.scope.key, gw: gw.iotId, subs: subs.map((s) => s.iotId) });
  return {};
}

export function GetThingTopo(ctx: HandlerContext): Record<string, unknown> {
  const pageNo = reqInt(ctx.params, "PageNo");
  const pageSize = reqInt(ctx.params, "PageSize");
  const max = limitsFor("GetThingTopo").maxPageSize ?? 50;
  if (pageSize > max) throw BusinessError.of("iot.device.QueryTopoRelationFailed", `PageSize must be at most ${max}, got ${pageSize}`);
  if (pageSize < 1 || pageNo < 1) throw BusinessError.of("iot.common.InvalidPageParams", `PageNo and PageSize must be ≥ 1`);
  const d = requestedDevice(ctx);
  const related: Device[] = d.subs ? [...d.subs] : d.gw ? [d.gw] : [];
  return { Data: pagedList(related, pageNo, pageSize, (slice) => ({ deviceInfo: slice.map((s) => ({ DeviceName: s.name, IotId: s.iotId, ProductKey: s.product.productKey })) })) };
}

export function RemoveThingTopo(ctx: HandlerContext): Record<string, unknown> {
  const d = requestedDevice(ctx);
  if (!d.subs && !d.gw) throw BusinessError.of("iot.device.RemoveTopoRelationFailed", `${d.product.productKey}/${d.name} has no topological relationship`);
  ctx.store.commit({ op: "topo.remove", scope: ctx.scope.key, iotId: d.iotId });
  return { Data: true };
}
