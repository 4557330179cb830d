import type { ApiCaller } from "../../dynamic/ApiCaller";
import { ACTION_LIMITS, MAX_IN_FLIGHT } from "../../limits";
import { chunk } from "../../dynamic/chunk";
import { concurrencyLimit } from "../../dynamic/concurrencyLimit";
import { fetchDeviceDetails } from "../../deviceBatch/api/fetchDeviceDetails";
import { mayHaveApplied } from "../../dynamic/mayHaveApplied";
import type { DeviceRef, TopoSignMethod } from "../gatewayTopologyTypes";
import { signTopoItem } from "../signTopoItem";
import { parseSubDeviceKey, subDeviceKey } from "../subDeviceKey";

/** Sub-devices per BatchAddThingTopo call (IoT Platform API reference: BatchAddThingTopo; the call is all-or-nothing). */
export const TOPO_ADD_CHUNK = ACTION_LIMITS.BatchAddThingTopo.maxItems;

/** Where and how to attach. */
export interface AttachOptions {
  readonly gateway: DeviceRef;
  readonly signMethod: TopoSignMethod;
  readonly iotInstanceId?: string;
  /** Epoch ms for `Timestamp`; injectable for tests. */
  readonly now?: () => number;
}

/** What {@link attachSubDevices} did. */
export interface AttachOutcome {
  /** Keys attached, with their IotIds, in call order. */
  readonly attached: Array<{ key: string; iotId: string }>;
  /** BatchAddThingTopo calls that succeeded. */
  readonly calls: number;
  /** The first failure; later chunks were not sent. */
  readonly error?: unknown;
  /**
   * Keys of the failed chunk when its outcome is unknown (mayHaveApplied.ts: a lost answer, a
   * timeout, an error after a retry): they may be attached. Callers record them as pending and
   * settle them with GetThingTopo; empty when the failure proves the chunk attached nothing.
   */
  readonly unsure?: string[];
}

/** Thrown before any attachment when sub-devices do not exist; nothing changed. */
export class MissingSubDevicesError extends Error {
  constructor(readonly missing: readonly string[]) {
    super(
      `${missing.length} sub-device(s) do not exist, nothing was attached: ${missing.slice(0, 20).join(", ")}` +
        (missing.length > 20 ? `, … and ${missing.length - 20} more` : ""),
    );
    this.name = "MissingSubDevicesError";
  }
}

/**
 * Attaches the sub-devices (`<productKey>/<deviceName>` keys) to the gateway.
 *
 * 1. Looks up every sub-device's DeviceSecret and IotId with BatchQueryDeviceDetail, per product,
 *    100 names a call at its 5 QPS (fetchDeviceDetails). Missing devices throw
 *    {@link MissingSubDevicesError} before anything is attached; a failed lookup rejects as well.
 * 2. Sends BatchAddThingTopo in chunks of 10, one after another, paced by the shared limiter at
 *    5 QPS. Each item carries ClientId (`<productKey>.<deviceName>`) and a fresh Timestamp, both
 *    signed (signTopoItem.ts). A chunk is all-or-nothing (IoT Platform API reference: BatchAddThingTopo), so after a failure the
 *    earlier chunks are attached; they are reported, with the error, instead of thrown away. The
 *    failed chunk itself is reported as `unsure` when its outcome is unknown.
 *
 * Secrets live only in this call's memory: never returned, logged or put in an error.
 */
export async function attachSubDevices(caller: ApiCaller, keys: readonly string[], opts: AttachOptions): Promise<AttachOutcome> {
  if (keys.length === 0) return { attached: [], calls: 0 };
  const now = opts.now ?? Date.now;
  const byProduct = new Map<string, string[]>();
  for (const key of keys) {
    const ref = parseSubDeviceKey(key);
    if (!ref) throw new Error(`not a sub-device key: ${JSON.stringify(key)}`);
    const names = byProduct.get(ref.productKey) ?? [];
    names.push(ref.deviceName);
    byProduct.set(ref.productKey, names);
  }
  const details = new Map<string, { iotId: string; secret: string }>();
  const limit = concurrencyLimit(MAX_IN_FLIGHT, { failFast: true });
  for (const [productKey, names] of byProduct) {
    const scope = opts.iotInstanceId ? { productKey, iotInstanceId: opts.iotInstanceId } : { productKey };
    for (const d of await fetchDeviceDetails(caller, scope, names, limit)) details.set(subDeviceKey({ productKey, deviceName: d.name }), { iotId: d.iotId, secret: d.secret });
  }
  const missing = keys.filter((k) => !details.has(k));
  if (missing.length > 0) throw new MissingSubDevicesError(missing);

  const attached: Array<{ key: string; iotId: string }> = [];
  let calls = 0;
  for (const slice of chunk(keys, TOPO_ADD_CHUNK)) {
    const items = slice.map((key) => {
      const ref = parseSubDeviceKey(key) as DeviceRef;
      const params = { productKey: ref.productKey, deviceName: ref.deviceName, clientId: `${ref.productKey}.${ref.deviceName}`, timestamp: String(now()) };
      return {
        ProductKey: params.productKey,
        DeviceName: params.deviceName,
        ClientId: params.clientId,
        Timestamp: params.timestamp,
        SignMethod: opts.signMethod,
        Sign: signTopoItem(opts.signMethod, (details.get(key) as { secret: string }).secret, params),
      };
    });
    try {
      await caller.call("BatchAddThingTopo", {
        GwProductKey: opts.gateway.productKey,
        GwDeviceName: opts.gateway.deviceName,
        TopoAddItem: items,
        IotInstanceId: opts.iotInstanceId,
      });
    } catch (error) {
      return { attached, calls, error, unsure: mayHaveApplied(error) ? [...slice] : [] };
    }
    calls++;
    for (const key of slice) attached.push({ key, iotId: (details.get(key) as { iotId: string }).iotId });
  }
  return { attached, calls };
}
