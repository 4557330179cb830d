import type { ApiCaller } from "../../dynamic/ApiCaller";
import { ACTION_LIMITS } from "../../limits";
import { allOrFirstError } from "../../dynamic/allOrFirstError";
import type { ConcurrencyLimit } from "../../dynamic/concurrencyLimit";
import type { DeviceRecord, ProductScope } from "../deviceBatchTypes";

/** Page size of QueryPageByApplyId: its maximum (IoT Platform API reference: QueryPageByApplyId), so the fewest calls. */
export const APPLY_PAGE_SIZE = ACTION_LIMITS.QueryPageByApplyId.maxPageSize;

interface ApplyDeviceInfo {
  readonly DeviceName: string;
  readonly DeviceSecret: string;
  readonly IotId: string;
}

interface PageBody {
  readonly Page?: number;
  readonly PageCount?: number;
  readonly Total?: number;
  readonly ApplyDeviceList?: { readonly ApplyDeviceInfo?: ApplyDeviceInfo[] };
}

/**
 * Lists the devices an ApplyId created (DeviceName, IotId, DeviceSecret) with QueryPageByApplyId,
 * 50 a page. When `expected` (the batch size) is known every page is requested at once through
 * `limit`, so pages of several batches interleave at the action's quota; otherwise page 1 comes first
 * to learn the page count. `onPage` sees each page as it arrives (progress). Pages the response's
 * `PageCount` adds beyond the expected ones are fetched too. Pass a fail-fast `limit`
 * (concurrencyLimit.ts): once a page has failed, pages not yet started are not requested.
 */
export async function fetchApplyDevices(
  caller: ApiCaller,
  scope: ProductScope,
  applyId: number,
  expected: number | undefined,
  limit: ConcurrencyLimit,
  onPage: (devices: DeviceRecord[]) => void = () => undefined,
): Promise<DeviceRecord[]> {
  const out: DeviceRecord[] = [];
  let pageCount = 0;
  const fetchPage = async (page: number): Promise<void> => {
    const body = await limit(() =>
      caller.call<PageBody>("QueryPageByApplyId", {
        ApplyId: applyId,
        CurrentPage: page,
        PageSize: APPLY_PAGE_SIZE,
        IotInstanceId: scope.iotInstanceId,
      }),
    );
    pageCount = Math.max(pageCount, body.PageCount ?? 0);
    const devices = (body.ApplyDeviceList?.ApplyDeviceInfo ?? []).map(
      (d): DeviceRecord => ({ name: d.DeviceName, iotId: d.IotId, secret: d.DeviceSecret }),
    );
    for (const d of devices) out.push(d);
    onPage(devices);
  };
  let requested: number;
  if (expected === undefined) {
    await fetchPage(1);
    requested = 1;
  } else {
    requested = Math.max(1, Math.ceil(expected / APPLY_PAGE_SIZE));
    await allOrFirstError(Array.from({ length: requested }, (_, i) => fetchPage(i + 1)));
  }
  if (pageCount > requested) {
    await allOrFirstError(Array.from({ length: pageCount - requested }, (_, i) => fetchPage(requested + i + 1)));
  }
  return out;
}
