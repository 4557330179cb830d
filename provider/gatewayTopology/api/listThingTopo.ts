import type { ApiCaller } from "../../dynamic/ApiCaller";
import { ACTION_LIMITS } from "../../limits";
import type { DeviceRef } from "../gatewayTopologyTypes";

/** Page size of GetThingTopo: the documented maximum (IoT Platform API reference: GetThingTopo). */
export const TOPO_PAGE_SIZE = ACTION_LIMITS.GetThingTopo.maxPageSize;

/** A sub-device as GetThingTopo reports it. */
export interface TopoEntry extends DeviceRef {
  readonly iotId: string;
}

interface TopoPage {
  Data?: { PageCount?: number; Total?: number; List?: { deviceInfo?: Array<{ ProductKey: string; DeviceName: string; IotId: string }> } };
}

/**
 * The sub-devices attached to `gateway`, from GetThingTopo pages of 50 (PageNo from 1), one page
 * after another until PageCount (2,000 sub-devices = 40 calls at 500 QPS). Rejects with the API's
 * error, e.g. iot.device.NotExistedDevice when the gateway is gone.
 */
export async function listThingTopo(caller: ApiCaller, gateway: DeviceRef, iotInstanceId?: string): Promise<TopoEntry[]> {
  const out: TopoEntry[] = [];
  for (let pageNo = 1; ; pageNo++) {
    const body = await caller.call<TopoPage>("GetThingTopo", {
      ProductKey: gateway.productKey,
      DeviceName: gateway.deviceName,
      PageNo: pageNo,
      PageSize: TOPO_PAGE_SIZE,
      IotInstanceId: iotInstanceId,
    });
    const list = body.Data?.List?.deviceInfo ?? [];
    for (const d of list) out.push({ productKey: d.ProductKey, deviceName: d.DeviceName, iotId: d.IotId });
    if (list.length < TOPO_PAGE_SIZE || pageNo >= (body.Data?.PageCount ?? 0)) return out;
  }
}
