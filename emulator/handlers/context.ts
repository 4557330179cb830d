import { BusinessCode, BusinessError } from "../errors";
import { type Params, str } from "../http/params";
import type { Device } from "../state/device";
import type { Product } from "../state/product";
import type { Scope } from "../state/scope";
import type { Store } from "../state/store";

/**
 * What a handler gets: the parameters, the store and the caller's scope (account + IoT instance),
 * the emulator's clock reading, and its settings. Handlers validate, build mutations with every
 * generated value in them, `store.commit()` them, and return the response fields (the envelope —
 * RequestId, Success, Code — is added by the server). Errors are thrown as GatewayError (HTTP
 * 4xx/5xx) or BusinessError (HTTP 200, Success:false).
 */

export interface HandlerConfig {
  /** Region reported in device details and checked for X.509 support. */
  readonly region: string;
  /** How long the CHECK phase of BatchCheckDeviceNames lasts. */
  readonly checkDelayMs: number;
  /** How long the CREATE phase of a batch registration lasts. */
  readonly createDelayMs: number;
  /** Whether CreateEdgeDriver rejects a DriverName already used in the scope (undocumented; default off). */
  readonly uniqueDriverNames: boolean;
  /** Freshness window of BatchAddThingTopo `TopoAddItem.N.Timestamp` (strict reading; the vendor pages are silent). */
  readonly topoTimestampWindowMs: number;
}

/** One accepted InvokeThingsService call, for tests (GET /_emulator/invocations). */
export interface Invocation {
  readonly requestId: string;
  readonly action: string;
  readonly at: string;
  readonly account: string;
  readonly iotInstanceId: string | null;
  readonly productKey: string;
  readonly deviceNames: string[];
  readonly identifier: string;
  readonly args: unknown;
  readonly qos: number | null;
}

export interface HandlerContext {
  readonly action: string;
  readonly params: Params;
  readonly store: Store;
  readonly scope: Scope;
  readonly account: string;
  readonly iotInstanceId: string | undefined;
  readonly now: number;
  readonly requestId: string;
  readonly config: HandlerConfig;
  /** Set by an injected fault: the async job this call starts must fail (all names or these). */
  readonly failJob?: true | string[];
  recordInvocation(inv: Invocation): void;
}

export type Handler = (ctx: HandlerContext) => Record<string, unknown>;

/** Looks a product up in the caller's scope. */
export function getProduct(ctx: HandlerContext, productKey: string): Product {
  const p = ctx.scope.products.get(productKey);
  if (!p) throw BusinessError.of("iot.prod.NotExistedProduct");
  return p;
}

const IOT_ID_RE = /^[A-Za-z0-9_\-]{1,64}$/;

/**
 * A device named by `IotId` or by `ProductKey` + `DeviceName`; `IotId` wins when both are given
 * (IoT Platform API reference: DeleteDevice). The prefix lets BatchAddThingTopo reuse it for `Gw*` parameters.
 */
export function resolveDevice(ctx: HandlerContext, ref: { iotId?: string; productKey?: string; deviceName?: string }): Device {
  if (ref.iotId !== undefined && ref.iotId !== "") {
    if (!IOT_ID_RE.test(ref.iotId)) throw BusinessError.of("iot.device.InvalidIoTId");
    const d = ctx.scope.devicesByIotId.get(ref.iotId);
    if (!d) throw BusinessError.of("iot.device.NotExistedDevice", ref.iotId);
    return d;
  }
  if (!ref.productKey) throw BusinessError.of("iot.prod.NullProductKey");
  if (!ref.deviceName) throw BusinessError.of("iot.device.NullDeviceName");
  const p = getProduct(ctx, ref.productKey);
  const d = p.devices.get(ref.deviceName);
  if (!d) throw BusinessError.of("iot.device.NotExistedDevice", `${ref.productKey}/${ref.deviceName}`);
  return d;
}

/** The device the request names by `IotId`, or by `ProductKey` + `DeviceName` (see resolveDevice). */
export function requestedDevice(ctx: HandlerContext): Device {
  return resolveDevice(ctx, { iotId: str(ctx.params, "IotId"), productKey: str(ctx.params, "ProductKey"), deviceName: str(ctx.params, "DeviceName") });
}

/** A parameter that must hold a JSON object: not JSON, or not an object, is a BusinessError `code` with the matching message. */
export function jsonObjectParam(text: string, code: BusinessCode, messages: { notJson: string; notObject: string }): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw BusinessError.of(code, messages.notJson);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw BusinessError.of(code, messages.notObject);
  return doc as Record<string, unknown>;
}

/** `yyyy-MM-dd HH:mm:ss` in UTC+8 — the service's `Gmt*` fields despite their name (IoT Platform API reference: QueryDeviceDetail). */
export function gmt8(ms: number): string {
  return new Date(ms + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");
}

/** ISO-8601 with milliseconds and `Z` — the `Utc*` fields (IoT Platform API reference: QueryDeviceDetail). */
export const utc = (ms: number): string => new Date(ms).toISOString();

/** Page arithmetic shared by the paged operations. */
export function page<T>(items: readonly T[], currentPage: number, pageSize: number): { slice: T[]; pageCount: number } {
  const start = (currentPage - 1) * pageSize;
  return { slice: items.slice(start, start + pageSize), pageCount: Math.ceil(items.length / pageSize) };
}

/** A page of `items` as QueryProductList and GetThingTopo answer it: `{CurrentPage, PageSize, PageCount, Total, List}`. */
export function pagedList<T>(items: readonly T[], currentPage: number, pageSize: number, list: (slice: T[]) => unknown): Record<string, unknown> {
  const { slice, pageCount } = page(items, currentPage, pageSize);
  return { CurrentPage: currentPage, PageSize: pageSize, PageCount: pageCount, Total: items.length, List: list(slice) };
}
