import type { Device } from "../state/device";
import type { Product } from "../state/product";
import type { DevicePage, DeviceRow } from "./consoleTypes";

export type { DevicePage, DeviceRow } from "./consoleTypes";

/**
 * One page of a product's devices, filtered by a name and/or nickname substring (case-insensitive)
 * and a status, for the console's device page. One pass over the product's devices in creation
 * order: the page's rows are kept, the rest only counted — O(n) time, O(page) memory, about
 * 20–60 ms at 1,000,000 devices (docs/emulator.md, "Console").
 */

/** What the console shows as a device's status. The emulator never activates a device (docs/emulator.md). */
export const deviceStatus = (_d: Device): string => "UNACTIVE";

export const DEVICE_STATUSES = ["ONLINE", "OFFLINE", "UNACTIVE", "DISABLE"] as const;
export const MAX_CONSOLE_PAGE_SIZE = 200;

export interface DeviceQuery {
  name?: string;
  nickname?: string;
  status?: string;
  page: number;
  pageSize: number;
}

export class DeviceQueryError extends Error {
  override readonly name = "DeviceQueryError";
}

/** Reads and checks the query string of GET /_emulator/console/devices. */
export function parseDeviceQuery(q: URLSearchParams): DeviceQuery {
  const int = (key: string, d: number, max: number): number => {
    const v = q.get(key);
    if (v === null || v === "") return d;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1 || n > max) throw new DeviceQueryError(`${key} must be an integer 1–${max}, got ${JSON.stringify(v)}`);
    return n;
  };
  const status = q.get("status") || undefined;
  if (status !== undefined && !(DEVICE_STATUSES as readonly string[]).includes(status)) throw new DeviceQueryError(`status must be one of ${DEVICE_STATUSES.join(", ")}, got ${JSON.stringify(status)}`);
  return { name: q.get("name") || undefined, nickname: q.get("nickname") || undefined, status, page: int("page", 1, 1_000_000_000), pageSize: int("pageSize", 50, MAX_CONSOLE_PAGE_SIZE) };
}

function row(d: Device): DeviceRow {
  return {
    deviceName: d.name,
    nickname: d.nickname ?? null,
    iotId: d.iotId,
    status: deviceStatus(d),
    gmtCreate: new Date(d.gmtCreate).toISOString(),
    gateway: d.gw ? `${d.gw.product.rec.productName}/${d.gw.name}` : null,
    subDevices: d.subs?.size ?? 0,
  };
}

/** A case-insensitive substring test. A RegExp, not toLowerCase() + includes(): no string per device, about 2× faster at 1,000,000. */
function containsIgnoringCase(needle: string | undefined): RegExp | undefined {
  return needle === undefined ? undefined : new RegExp(needle.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "i");
}

export function devicePage(product: Product, q: DeviceQuery): DevicePage {
  const name = containsIgnoringCase(q.name);
  const nick = containsIgnoringCase(q.nickname);
  const first = (q.page - 1) * q.pageSize;
  const rows: DeviceRow[] = [];
  let matched = 0;
  const filtered = name !== undefined || nick !== undefined || q.status !== undefined;
  if (!filtered) {
    // No filter: count is the map's size; walk only to the end of the page.
    matched = product.devices.size;
    let i = 0;
    for (const d of product.devices.values()) {
      if (i >= first + q.pageSize) break;
      if (i >= first) rows.push(row(d));
      i++;
    }
  } else {
    for (const d of product.devices.values()) {
      if (name !== undefined && !name.test(d.name)) continue;
      if (nick !== undefined && (d.nickname === undefined || !nick.test(d.nickname))) continue;
      if (q.status !== undefined && deviceStatus(d) !== q.status) continue;
      if (matched >= first && rows.length < q.pageSize) rows.push(row(d));
      matched++;
    }
  }
  return { productKey: product.productKey, productName: product.rec.productName, total: product.devices.size, matched, page: q.page, pageSize: q.pageSize, rows };
}
