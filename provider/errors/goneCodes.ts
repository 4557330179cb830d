import { isIotApiError } from "./IotApiError";

/**
 * The one table of error codes meaning "what this call addresses is not there", by what is gone. A
 * refresh reads such an answer as "deleted out of band" and a delete as "already done".
 *  - device: iot.device.NotExistedDevice (by ProductKey and DeviceName), iot.device.InvalidIoTId (by
 *    IotId) (IoT Platform API reference: DeleteDevice, QueryDeviceDetail);
 *  - product: iot.prod.NotExistedProduct (IoT Platform API reference: QueryProduct);
 *  - edgeDriver: iot.edge.DriverNotExist, iot.edge.DriverVersionNotExist; Alibaba documents none of
 *    them, these are the emulator's, so EdgeDriver and EdgeDriverVersion confirm other business
 *    errors with a query whose empty result is documented;
 *  - topologyRelation: iot.device.RemoveTopoRelationFailed, RemoveThingTopo finding no relation to
 *    remove (the emulator's strict reading; the real behaviour is undocumented).
 */
export const GONE_CODES = {
  device: ["iot.device.NotExistedDevice", "iot.device.InvalidIoTId"],
  product: ["iot.prod.NotExistedProduct"],
  edgeDriver: ["iot.edge.DriverNotExist", "iot.edge.DriverVersionNotExist"],
  topologyRelation: ["iot.device.RemoveTopoRelationFailed"],
} as const satisfies Record<string, readonly string[]>;

/** What can be gone. */
export type GoneKind = keyof typeof GONE_CODES;

/** True when `err` is an API error whose code says one of `kinds` is gone. */
export function isGone(err: unknown, ...kinds: readonly GoneKind[]): boolean {
  return isIotApiError(err) && kinds.some((kind) => (GONE_CODES[kind] as readonly string[]).includes(err.code));
}
