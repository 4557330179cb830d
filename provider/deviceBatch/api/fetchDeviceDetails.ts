import type { ApiCaller } from "../../dynamic/ApiCaller";
import { ACTION_LIMITS, MAX_IN_FLIGHT } from "../../limits";
import { allOrFirstError } from "../../dynamic/allOrFirstError";
import { chunk } from "../../dynamic/chunk";
import type { ConcurrencyLimit } from "../../dynamic/concurrencyLimit";
import { concurrencyLimit } from "../../dynamic/concurrencyLimit";
import type { DeviceRecord, ProductScope } from "../deviceBatchTypes";

/** Names per BatchQueryDeviceDetail call (IoT Platform API reference: BatchQueryDeviceDetail). */
export const DETAIL_BATCH_SIZE = ACTION_LIMITS.BatchQueryDeviceDetail.maxItems;

interface DeviceDetail {
  readonly DeviceName: string;
  readonly IotId: string;
  readonly DeviceSecret: string;
  readonly Nickname?: string;
}

/**
 * Looks up `names` with BatchQueryDeviceDetail, 100 a call, all calls issued at once through `limit`
 * and paced by the shared limiter (5 QPS: 25,001 names = 251 calls ≈ 50 s). Names that do not exist
 * are skipped by the service (IoT Platform API reference: BatchQueryDeviceDetail), so the result holds only existing devices. `onBatch` sees the
 * number of names each call covered (progress). With a fail-fast `limit` (the default), calls not yet
 * started are dropped once one has failed.
 */
export async function fetchDeviceDetails(
  caller: ApiCaller,
  scope: ProductScope,
  names: readonly string[],
  limit: ConcurrencyLimit = concurrencyLimit(MAX_IN_FLIGHT, { failFast: true }),
  onBatch: (covered: number) => void = () => undefined,
): Promise<DeviceRecord[]> {
  const out: DeviceRecord[] = [];
  await allOrFirstError(
    chunk(names, DETAIL_BATCH_SIZE).map(async (slice) => {
      const body = await limit(() =>
        caller.call<{ Data?: { Data?: DeviceDetail[] } }>("BatchQueryDeviceDetail", {
          ProductKey: scope.productKey,
          DeviceName: slice,
          IotInstanceId: scope.iotInstanceId,
        }),
      );
      for (const d of body.Data?.Data ?? []) {
        const rec: { name: string; iotId: string; secret: string; nickname?: string } = { name: d.DeviceName, iotId: d.IotId, secret: d.DeviceSecret };
        if (d.Nickname) rec.nickname = d.Nickname;
        out.push(rec);
      }
      onBatch(slice.length);
    }),
  );
  return out;
}
