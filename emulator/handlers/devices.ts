import { createHash } from "crypto";
import { limitsFor, X509_MAX_DEVICE_NAMES } from "../../provider/limits";
import { BusinessError, missing } from "../errors";
import { int, list, objectList, reqInt, reqStr, str } from "../http/params";
import { isValidCheckNickname, isValidDeviceName, isValidUpdateNickname } from "../../provider/rules/deviceNameRules";
import { advanceJobs } from "../state/jobs";
import type { Apply } from "../state/apply";
import type { Device } from "../state/device";
import { getProduct, gmt8, HandlerContext, page, requestedDevice, resolveDevice, utc } from "./context";

/**
 * Device registration and management (IoT Platform API reference: BatchCheckDeviceNames).
 *
 * The batch state machine (IoT Platform API reference: BatchCheckDeviceNames, QueryBatchRegisterDeviceStatus): BatchCheckDeviceNames → CHECK → CHECK_SUCCESS | CHECK_FAILED;
 * BatchRegisterDeviceWithApplyId (only after CHECK_SUCCESS) → CREATE → CREATE_SUCCESS | CREATE_FAILED;
 * BatchRegisterDevice → CREATE → …. Phases end after the configured delays on the emulator's clock
 * (see jobs.ts); the work is done when the first request after the deadline arrives.
 *
 * Strict readings (the vendor pages are silent; listed in docs/emulator.md):
 *  - malformed names/nicknames and names repeated inside one request fail BatchCheckDeviceNames
 *    synchronously; names that already exist in the product fail asynchronously (CHECK_FAILED);
 *  - BatchRegisterDeviceWithApplyId while CHECK/CREATE → iot.device.CreateDeviceTaskIsRunning; after
 *    CHECK_FAILED or a finished CREATE → iot.device.IncorrentDeviceApplyInfo;
 *  - BatchUpdateDeviceNickname is all-or-nothing, at most ACTION_LIMITS.BatchUpdateDeviceNickname.maxItems items;
 *  - BatchQueryDeviceDetail rejects more than 100 names (it skips names that do not exist, as documented).
 *
 * Not implemented: device activation/online state (every device is UNACTIVE), firmware versions,
 * X.509 certificates, the DeleteDevice async job for gateways with > 2,000 sub-devices (the emulator
 * caps a gateway at 2,000), the root-account SMS check.
 */

/**
 * Most names per BatchCheckDeviceNames call: 10,000, or 1,000 for an X.509 product (IoT Platform API
 * reference: BatchCheckDeviceNames). The service drops the names past the limit ("超过该限制的数据会被丢弃";
 * reported for X.509 past 1,000 too). The emulator is strict instead: it refuses the whole call with
 * iot.device.DeviceCountExceeded and starts no batch, so a client that sends too many names fails
 * its tests visibly rather than losing devices silently in production (docs/emulator.md, fidelity notes).
 */
function checkLimit(authType: string): number {
  return authType === "x509" ? X509_MAX_DEVICE_NAMES : (limitsFor("BatchCheckDeviceNames").maxItems ?? 10_000);
}

export function BatchCheckDeviceNames(ctx: HandlerContext): Record<string, unknown> {
  const product = getProduct(ctx, reqStr(ctx.params, "ProductKey"));
  // DeviceNameList.N.* takes precedence over DeviceName.N when both are sent.
  const objs = objectList(ctx.params, "DeviceNameList");
  let entries: { name: string | undefined; nick: string | undefined }[] = objs.length
    ? objs.map((o) => ({ name: o.DeviceName, nick: o.DeviceNickname === "" ? undefined : o.DeviceNickname }))
    : list(ctx.params, "DeviceName").map((name) => ({ name, nick: undefined }));
  if (!entries.length) throw BusinessError.of("iot.device.NoneDeviceNameElement");
  const limit = checkLimit(product.rec.authType);
  if (entries.length > limit) {
    throw BusinessError.of(
      "iot.device.DeviceCountExceeded",
      `at most ${limit.toLocaleString("en-US")} names per BatchCheckDeviceNames call for a product with AuthType ${product.rec.authType}, got ${entries.length.toLocaleString("en-US")}`,
    );
  }
  if (entries.some((e) => e.name === undefined || e.name === "")) throw BusinessError.of("iot.device.NullDeviceName");
  const names = entries.map((e) => e.name as string);

  const badNames = names.filter((n) => !isValidDeviceName(n));
  const badNicks = entries.filter((e) => e.nick !== undefined && !isValidCheckNickname(e.nick));
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const n of names) (seen.has(n) ? repeated : seen).add(n);
  if (badNames.length || badNicks.length || repeated.size) {
    const details = [
      ...badNames.map((n) => ({ DeviceName: n, ErrorMsg: "The device name is illegal." })),
      ...badNicks.map((e) => ({ DeviceName: e.name, NickName: e.nick, ErrorMsg: "The device nickname is illegal." })),
      ...[...repeated].map((n) => ({ DeviceName: n, ErrorMsg: "The device name is repeated." })),
    ];
    const data = {
      InvalidDeviceNameList: { InvalidDeviceName: badNames },
      InvalidDeviceNicknameList: { InvalidDeviceNickname: badNicks.map((e) => e.nick as string) },
      RepeatedDeviceNameList: { RepeatedDeviceName: [...repeated] },
      InvalidDetailList: details,
    };
    if (badNames.length) throw BusinessError.of("iot.device.InvalidFormattedDeviceName", badNames.slice(0, 10).join(", "), data);
    if (badNicks.length) throw BusinessError.of("iot.device.InvalidFormattedDeviceNickname", badNicks.slice(0, 10).map((e) => e.nick).join(", "), data);
    throw BusinessError.of("iot.device.RepeatedDeviceName", [...repeated].slice(0, 10).join(", "), data);
  }

  const applyId = ctx.store.nextApplyId;
  const nicknames = entries.some((e) => e.nick !== undefined) ? entries.map((e) => e.nick ?? null) : undefined;
  ctx.store.commit({
    op: "apply.create",
    apply: { applyId, scope: ctx.scope.key, productKey: product.productKey, kind: "names", names, nicknames, status: "CHECK", createdAt: ctx.now, dueAt: ctx.now + ctx.config.checkDelayMs, fail: ctx.failJob },
  });
  return { Data: { ApplyId: applyId } };
}

function getApply(ctx: HandlerContext, applyId: number, productKey?: string): Apply {
  const a = ctx.scope.applies.get(applyId);
  if (!a || (productKey !== undefined && a.rec.productKey !== productKey)) throw BusinessError.of("iot.device.DeviceApplyIsNotFound");
  return a;
}

export function QueryBatchRegisterDeviceStatus(ctx: HandlerContext): Record<string, unknown> {
  const productKey = reqStr(ctx.params, "ProductKey");
  const applyId = reqInt(ctx.params, "ApplyId");
  getProduct(ctx, productKey);
  const a = getApply(ctx, applyId, productKey);
  if (ctx.failJob && (a.rec.status === "CHECK" || a.rec.status === "CREATE")) {
    // An injected fault on the poll: the running phase fails now (a finished batch is left alone).
    ctx.store.commit({ op: "apply.fail", applyId, dueAt: ctx.now, fail: ctx.failJob });
    advanceJobs(ctx.store, ctx.now);
  }
  const failed = a.rec.status === "CHECK_FAILED" || a.rec.status === "CREATE_FAILED";
  const invalid = failed ? (a.rec.invalid ?? []) : [];
  return {
    Data: {
      Status: a.rec.status,
      ValidList: { Name: failed ? (a.rec.valid ?? []) : [] },
      InvalidList: { Name: invalid.map((i) => i[0]) },
      InvalidDetailList: invalid.map(([name, why]) => ({ DeviceName: name, ErrorMsg: why })),
    },
  };
}

export function BatchRegisterDeviceWithApplyId(ctx: HandlerContext): Record<string, unknown> {
  const productKey = reqStr(ctx.params, "ProductKey");
  const applyId = reqInt(ctx.params, "ApplyId");
  getProduct(ctx, productKey);
  const a = getApply(ctx, applyId, productKey);
  if (a.rec.kind !== "names") throw BusinessError.of("iot.device.IncorrentDeviceApplyInfo", "the ApplyId comes from BatchRegisterDevice");
  switch (a.rec.status) {
    case "CHECK":
      throw BusinessError.of("iot.device.CreateDeviceTaskIsRunning");
    case "CREATE":
      throw BusinessError.of("iot.device.CreateDeviceTaskIsRunning");
    case "CHECK_FAILED":
      throw BusinessError.of("iot.device.IncorrentDeviceApplyInfo", "the name check failed; check the names again for a new ApplyId");
    case "CREATE_SUCCESS":
    case "CREATE_FAILED":
      throw BusinessError.of("iot.device.IncorrentDeviceApplyInfo", "the devices of this ApplyId were already registered");
    case "CHECK_SUCCESS":
      break;
  }
  ctx.store.commit({ op: "apply.startCreate", applyId, dueAt: ctx.now + ctx.config.createDelayMs, fail: ctx.failJob });
  return { Data: { ApplyId: applyId } };
}

export function BatchRegisterDevice(ctx: HandlerContext): Record<string, unknown> {
  const productKey = reqStr(ctx.params, "ProductKey");
  const count = reqInt(ctx.params, "Count");
  const product = getProduct(ctx, productKey);
  const max = limitsFor("BatchRegisterDevice").maxItems ?? 10_000;
  if (count < 1) throw BusinessError.of("iot.common.InvalidParam", `Count must be ≥ 1, got ${count}`);
  if (count > max) throw BusinessError.of("iot.device.DeviceCountExceeded", `at most ${max} per call, got ${count}`);
  const applyId = ctx.store.nextApplyId;
  ctx.store.commit({
    op: "apply.create",
    apply: { applyId, scope: ctx.scope.key, productKey: product.productKey, kind: "count", count, status: "CREATE", createdAt: ctx.now, dueAt: ctx.now + ctx.config.createDelayMs, fail: ctx.failJob },
  });
  return { Data: { ApplyId: applyId } };
}

/** Legacy `DeviceId` (IoT Platform API reference: QueryPageByApplyId: "has no function"): a stable value derived from the IotId. */
const legacyDeviceId = (iotId: string): string => createHash("md5").update(iotId).digest("hex");

export function QueryPageByApplyId(ctx: HandlerContext): Record<string, unknown> {
  const applyId = reqInt(ctx.params, "ApplyId");
  const currentPage = int(ctx.params, "CurrentPage") ?? 1;
  const pageSize = int(ctx.params, "PageSize") ?? 10;
  const max = limitsFor("QueryPageByApplyId").maxPageSize ?? 50;
  if (currentPage < 1) throw BusinessError.of("iot.common.InvalidPageParams", `CurrentPage must be ≥ 1, got ${currentPage}`);
  if (pageSize < 1 || pageSize > max) throw BusinessError.of("iot.common.InvalidPageParams", `PageSize must be 1–${max}, got ${pageSize}`);
  const a = getApply(ctx, applyId);
  const live = a.devices.filter((d) => ctx.scope.devicesByIotId.get(d.iotId) === d);
  const { slice, pageCount } = page(live, currentPage, pageSize);
  return {
    Page: currentPage,
    PageSize: pageSize,
    PageCount: pageCount,
    Total: live.length,
    ApplyDeviceList: { ApplyDeviceInfo: slice.map((d) => ({ DeviceId: legacyDeviceId(d.iotId), DeviceName: d.name, DeviceSecret: d.secret, IotId: d.iotId })) },
  };
}

export function DeleteDevice(ctx: HandlerContext): Record<string, unknown> {
  const d = requestedDevice(ctx);
  ctx.store.commit({ op: "device.delete", scope: ctx.scope.key, iotId: d.iotId });
  return {};
}

export function BatchUpdateDeviceNickname(ctx: HandlerContext): Record<string, unknown> {
  const items = objectList(ctx.params, "DeviceNicknameInfo");
  if (!items.length) throw missing("DeviceNicknameInfo");
  const max = limitsFor("BatchUpdateDeviceNickname").maxItems ?? 100;
  if (items.length > max) throw BusinessError.of("iot.common.InvalidParam", `at most ${max} DeviceNicknameInfo items, got ${items.length}`);
  const changes: [string, string | null][] = [];
  for (const it of items) {
    const d = resolveDevice(ctx, { iotId: it.IotId, productKey: it.ProductKey, deviceName: it.DeviceName });
    const nick = it.Nickname === undefined || it.Nickname === "" ? null : it.Nickname; // omitted = delete the nickname
    if (nick !== null && !isValidUpdateNickname(nick)) throw BusinessError.of("iot.device.InvalidFormattedNickname", `${nick} (4–32 characters of Chinese, letters, digits, _; Chinese counts 2)`);
    changes.push([d.iotId, nick]);
  }
  ctx.store.commit({ op: "device.nicknames", scope: ctx.scope.key, items: changes });
  return {};
}

function detail(ctx: HandlerContext, d: Device): Record<string, unknown> {
  return {
    DeviceName: d.name,
    DeviceSecret: d.secret,
    GmtCreate: gmt8(d.gmtCreate),
    IotId: d.iotId,
    Nickname: d.nickname,
    NodeType: d.product.rec.nodeType,
    ProductKey: d.product.productKey,
    ProductName: d.product.rec.productName,
    Region: ctx.config.region,
    Status: "UNACTIVE",
    UtcCreate: utc(d.gmtCreate),
  };
}

export function BatchQueryDeviceDetail(ctx: HandlerContext): Record<string, unknown> {
  const productKey = reqStr(ctx.params, "ProductKey");
  const names = list(ctx.params, "DeviceName");
  if (!names.length) throw missing("DeviceName.1");
  const max = limitsFor("BatchQueryDeviceDetail").maxItems ?? 100;
  if (names.length > max) throw BusinessError.of("iot.common.InvalidParam", `at most ${max} DeviceName.N, got ${names.length}`);
  const product = getProduct(ctx, productKey);
  const out: Record<string, unknown>[] = [];
  for (const n of names) {
    const d = product.devices.get(n);
    if (d) out.push(detail(ctx, d));
  }
  return { Data: { Data: out } };
}

export function QueryDeviceDetail(ctx: HandlerContext): Record<string, unknown> {
  const d = requestedDevice(ctx);
  return { Data: { ...detail(ctx, d), Owner: true } };
}

/**
 * QueryDevice (IoT Platform API reference: QueryDevice): a product's devices, newest first, pages of
 * at most 50 (default 10). Past 10,000 devices (CurrentPage × PageSize > 10,000) the call needs the
 * `NextToken` of the previous page; the emulator's token encodes the offset of the next page and
 * must match `CurrentPage` (strict reading). Without a token that far, the page parameters are
 * refused (the page says no data is returned).
 */
export function QueryDevice(ctx: HandlerContext): Record<string, unknown> {
  const p = ctx.params;
  const product = getProduct(ctx, reqStr(p, "ProductKey"));
  const currentPage = int(p, "CurrentPage") ?? 1;
  const pageSize = int(p, "PageSize") ?? 10;
  const max = limitsFor("QueryDevice").maxPageSize ?? 50;
  if (currentPage < 1 || pageSize < 1 || pageSize > max) throw BusinessError.of("iot.common.InvalidPageParams", `CurrentPage ≥ 1 and PageSize 1–${max}, got ${currentPage} and ${pageSize}`);
  const offset = (currentPage - 1) * pageSize;
  const token = str(p, "NextToken");
  if (token !== undefined) {
    if (token !== nextToken(offset)) throw BusinessError.of("iot.common.InvalidPageParams", "NextToken is not the token of the previous page");
  } else if (currentPage * pageSize > 10_000) {
    throw BusinessError.of("iot.common.InvalidPageParams", "CurrentPage × PageSize > 10,000 needs the NextToken of the previous page");
  }
  const total = product.devices.size;
  const all = [...product.devices.values()];
  const slice: Device[] = [];
  for (let i = total - 1 - offset; i >= 0 && slice.length < pageSize; i--) slice.push(all[i]);
  const more = offset + slice.length < total;
  return {
    Data: {
      DeviceInfo: slice.map((d) => ({
        DeviceName: d.name,
        DeviceSecret: d.secret,
        DeviceStatus: "UNACTIVE",
        GmtCreate: new Date(d.gmtCreate).toUTCString(),
        GmtModified: new Date(d.gmtCreate).toUTCString(),
        IotId: d.iotId,
        Nickname: d.nickname,
        ProductKey: product.productKey,
        UtcCreate: utc(d.gmtCreate),
        UtcModified: utc(d.gmtCreate),
      })),
    },
    Page: currentPage,
    PageSize: pageSize,
    PageCount: Math.ceil(total / pageSize),
    Total: total,
    NextToken: more ? nextToken(offset + slice.length) : "",
  };
}

/** The emulator's NextToken for the page starting at `offset`. */
function nextToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString("base64");
}
