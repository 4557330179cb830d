import { createHmac } from "crypto";
import { BusinessError } from "../errors";
import { newDriverId } from "../state/ids";
import { bool, int, list, reqInt, reqStr, str } from "../http/params";
import { limitsFor } from "../../provider/limits";
import { CPU_ARCHS, DRIVER_NAME_RE, DRIVER_PROTOCOLS, DRIVER_RUNTIMES, driverVersionProblems, DriverVersionFields } from "../rules/edgeDriver";
import type { Driver, DriverRecord, DriverVersionRecord } from "../state/driver";
import { HandlerContext, page } from "./context";

/**
 * Link IoT Edge drivers and driver versions (IoT Platform API reference: BatchGetEdgeDriver,
 * CreateEdgeDriverVersion). Successful Edge responses carry `Code: "Success"` (added by the server).
 *
 * Strict readings of undocumented behaviour (the vendor pages are silent; listed in docs/emulator.md):
 *  - a published version can be neither updated nor deleted, and cannot be released again;
 *  - a driver with a published version cannot be deleted; deleting a driver deletes its unpublished versions;
 *  - BatchGetEdgeDriver skips unknown ids; more than 30 ids is an error, not a truncation;
 *  - QueryEdgeDriver's DriverName filter is a substring match (so clients must re-check names);
 *  - driver names may repeat unless `uniqueDriverNames` is set;
 *  - reads return SourceConfig with a `temporaryOssAddress` valid for 5 minutes, as the docs describe.
 *
 * Not implemented: official drivers (`Type=0` lists nothing), `IsApply` is always false, and driver
 * code is not uploaded anywhere (CreateEdgeOssPreSignedAddress is out of scope).
 */

function invalid(problems: string[]): BusinessError {
  return BusinessError.of("iot.common.InvalidParam", problems.join("; "));
}

function getDriver(ctx: HandlerContext, driverId: string): Driver {
  const d = ctx.scope.drivers.get(driverId);
  if (!d) throw BusinessError.of("iot.edge.DriverNotExist");
  return d;
}

function getVersion(d: Driver, driverVersion: string): DriverVersionRecord {
  const v = d.versions.get(driverVersion);
  if (!v) throw BusinessError.of("iot.edge.DriverVersionNotExist");
  return v;
}

function driverItem(r: DriverRecord, withIsApply: boolean): Record<string, unknown> {
  const o: Record<string, unknown> = {
    CpuArch: r.cpuArch,
    DriverId: r.driverId,
    DriverName: r.driverName,
    DriverProtocol: r.driverProtocol,
    GmtCreateTimestamp: r.gmtCreate,
    GmtModifiedTimestamp: r.gmtModified,
    IsBuiltIn: r.isBuiltIn,
    Runtime: r.runtime,
    Type: r.type,
  };
  if (withIsApply) o.IsApply = false;
  return o;
}

/** SourceConfig as read back: the stored `ossAddress` plus a 5-minute `temporaryOssAddress` (IoT Platform API reference: GetEdgeDriverVersion). */
function readSourceConfig(stored: string | undefined, now: number): string | undefined {
  if (stored === undefined) return undefined;
  try {
    const o = JSON.parse(stored) as { ossAddress?: unknown };
    if (typeof o.ossAddress !== "string") return stored;
    const expires = Math.floor(now / 1000) + 300;
    const sig = createHmac("sha1", "emulator-oss").update(`${o.ossAddress}\n${expires}`).digest("base64");
    const sep = o.ossAddress.includes("?") ? "&" : "?";
    return JSON.stringify({ ossAddress: o.ossAddress, temporaryOssAddress: `${o.ossAddress}${sep}Expires=${expires}&OSSAccessKeyId=emulator&Signature=${encodeURIComponent(sig)}` });
  } catch {
    return stored;
  }
}

function versionItem(driverId: string, v: DriverVersionRecord, now: number): Record<string, unknown> {
  return {
    Argument: v.argument,
    ConfigCheckRule: v.configCheckRule,
    ContainerConfig: v.containerConfig,
    Description: v.description,
    DriverConfig: v.driverConfig,
    DriverId: driverId,
    DriverVersion: v.driverVersion,
    EdgeVersion: v.edgeVersion,
    GmtCreateTimestamp: v.gmtCreate,
    GmtModifiedTimestamp: v.gmtModified,
    SourceConfig: readSourceConfig(v.sourceConfig, now),
    VersionState: v.versionState,
  };
}

function pageParams(ctx: HandlerContext, maxPageSize: number): { currentPage: number; pageSize: number } {
  const currentPage = reqInt(ctx.params, "CurrentPage");
  const pageSize = reqInt(ctx.params, "PageSize");
  if (currentPage < 1) throw BusinessError.of("iot.common.InvalidPageParams", `CurrentPage must be ≥ 1, got ${currentPage}`);
  if (pageSize < 1 || pageSize > maxPageSize) throw BusinessError.of("iot.common.InvalidPageParams", `PageSize must be 1–${maxPageSize}, got ${pageSize}`);
  return { currentPage, pageSize };
}

export function CreateEdgeDriver(ctx: HandlerContext): Record<string, unknown> {
  const p = ctx.params;
  const driverName = reqStr(p, "DriverName");
  const driverProtocol = reqStr(p, "DriverProtocol");
  const runtime = reqStr(p, "Runtime");
  const cpuArch = str(p, "CpuArch");
  const isBuiltIn = bool(p, "IsBuiltIn") ?? false;
  const problems: string[] = [];
  if (!DRIVER_NAME_RE.test(driverName)) problems.push(`Expected \`DriverName\` to start with a letter and be at most 20 letters, digits or _, got ${JSON.stringify(driverName)}`);
  if (!(DRIVER_PROTOCOLS as readonly string[]).includes(driverProtocol)) problems.push(`Invalid value for DriverProtocol: ${driverProtocol}. Allowed values are: ${DRIVER_PROTOCOLS.join(", ")}.`);
  if (!(DRIVER_RUNTIMES as readonly string[]).includes(runtime)) problems.push(`Invalid value for Runtime: ${runtime}. Allowed values are: ${DRIVER_RUNTIMES.join(", ")}.`);
  if (cpuArch !== undefined && !(CPU_ARCHS as readonly string[]).includes(cpuArch)) problems.push(`Invalid value for CpuArch: ${cpuArch}. Allowed values are: ${CPU_ARCHS.join(", ")}.`);
  if (problems.length) throw invalid(problems);
  if (ctx.config.uniqueDriverNames) {
    for (const d of ctx.scope.drivers.values()) if (d.rec.driverName === driverName) throw BusinessError.of("iot.edge.DriverNameExisted");
  }
  const rec: DriverRecord = { driverId: newDriverId(), driverName, driverProtocol, runtime, cpuArch, isBuiltIn, type: 1, gmtCreate: ctx.now, gmtModified: ctx.now };
  ctx.store.commit({ op: "driver.create", scope: ctx.scope.key, driver: rec });
  return { DriverId: rec.driverId };
}

export function QueryEdgeDriver(ctx: HandlerContext): Record<string, unknown> {
  const { currentPage, pageSize } = pageParams(ctx, limitsFor("QueryEdgeDriver").maxPageSize ?? 30);
  const type = reqInt(ctx.params, "Type");
  if (type !== 0 && type !== 1) throw BusinessError.of("iot.common.InvalidParam", `Invalid value for Type: ${type}. Allowed values are: 0, 1.`);
  const name = str(ctx.params, "DriverName");
  const all = [...ctx.scope.drivers.values()].reverse().filter((d) => d.rec.type === type && (name === undefined || d.rec.driverName.includes(name)));
  const { slice } = page(all, currentPage, pageSize);
  return { Data: { CurrentPage: currentPage, PageSize: pageSize, Total: all.length, DriverList: slice.map((d) => driverItem(d.rec, true)) } };
}

export function BatchGetEdgeDriver(ctx: HandlerContext): Record<string, unknown> {
  const ids = list(ctx.params, "DriverIds");
  if (!ids.length) throw BusinessError.of("iot.common.InvalidParam", "DriverIds.N is required");
  const max = limitsFor("BatchGetEdgeDriver").maxItems ?? 30;
  if (ids.length > max) throw BusinessError.of("iot.common.ParameterSizeLimit", `at most ${max} DriverIds, got ${ids.length}`);
  const out: Record<string, unknown>[] = [];
  for (const id of new Set(ids)) {
    const d = ctx.scope.drivers.get(id);
    if (d) out.push(driverItem(d.rec, false));
  }
  return { DriverList: out };
}

export function DeleteEdgeDriver(ctx: HandlerContext): Record<string, unknown> {
  const d = getDriver(ctx, reqStr(ctx.params, "DriverId"));
  for (const v of d.versions.values()) if (v.versionState === "1") throw BusinessError.of("iot.edge.DriverHasPublishedVersion");
  ctx.store.commit({ op: "driver.delete", scope: ctx.scope.key, driverId: d.rec.driverId });
  return {};
}

function versionFields(ctx: HandlerContext): DriverVersionFields {
  const p = ctx.params;
  const driverVersion = reqStr(p, "DriverVersion");
  const edgeVersion = reqStr(p, "EdgeVersion");
  const f: DriverVersionFields = {
    driverVersion,
    edgeVersion,
    description: str(p, "Description"),
    argument: str(p, "Argument"),
    sourceConfig: str(p, "SourceConfig"),
    driverConfig: str(p, "DriverConfig"),
    configCheckRule: str(p, "ConfigCheckRule"),
    containerConfig: str(p, "ContainerConfig"),
  };
  const problems = driverVersionProblems(f);
  if (problems.length) throw invalid(problems);
  return f;
}

export function CreateEdgeDriverVersion(ctx: HandlerContext): Record<string, unknown> {
  const driverId = reqStr(ctx.params, "DriverId");
  const f = versionFields(ctx);
  const d = getDriver(ctx, driverId);
  if (d.versions.has(f.driverVersion)) throw BusinessError.of("iot.edge.DriverVersionExisted");
  const rec: DriverVersionRecord = { ...f, versionState: "0", gmtCreate: ctx.now, gmtModified: ctx.now };
  ctx.store.commit({ op: "version.put", scope: ctx.scope.key, driverId, version: rec });
  return {};
}

/** Full replace (IoT Platform API reference: UpdateEdgeDriverVersion): any optional field not sent is cleared. */
export function UpdateEdgeDriverVersion(ctx: HandlerContext): Record<string, unknown> {
  const driverId = reqStr(ctx.params, "DriverId");
  const f = versionFields(ctx);
  const d = getDriver(ctx, driverId);
  const old = getVersion(d, f.driverVersion);
  if (old.versionState === "1") throw BusinessError.of("iot.edge.DriverVersionPublished", "a published version cannot be updated");
  const rec: DriverVersionRecord = { ...f, versionState: "0", gmtCreate: old.gmtCreate, gmtModified: ctx.now };
  ctx.store.commit({ op: "version.put", scope: ctx.scope.key, driverId, version: rec });
  return {};
}

export function GetEdgeDriverVersion(ctx: HandlerContext): Record<string, unknown> {
  const driverId = reqStr(ctx.params, "DriverId");
  const driverVersion = reqStr(ctx.params, "DriverVersion");
  const v = getVersion(getDriver(ctx, driverId), driverVersion);
  return { Data: versionItem(driverId, v, ctx.now) };
}

export function QueryEdgeDriverVersion(ctx: HandlerContext): Record<string, unknown> {
  const driverId = reqStr(ctx.params, "DriverId");
  const { currentPage, pageSize } = pageParams(ctx, limitsFor("QueryEdgeDriverVersion").maxPageSize ?? 30);
  const onlyVersion = str(ctx.params, "DriverVersion");
  const state = int(ctx.params, "VersionState");
  if (state !== undefined && state !== 0 && state !== 1) throw BusinessError.of("iot.common.InvalidParam", `Invalid value for VersionState: ${state}. Allowed values are: 0, 1.`);
  const d = getDriver(ctx, driverId);
  const all = [...d.versions.values()].reverse().filter((v) => (onlyVersion === undefined || v.driverVersion === onlyVersion) && (state === undefined || v.versionState === String(state)));
  const { slice } = page(all, currentPage, pageSize);
  return { Data: { CurrentPage: currentPage, PageSize: pageSize, Total: all.length, DriverVersionList: slice.map((v) => versionItem(driverId, v, ctx.now)) } };
}

export function DeleteEdgeDriverVersion(ctx: HandlerContext): Record<string, unknown> {
  const driverId = reqStr(ctx.params, "DriverId");
  const driverVersion = reqStr(ctx.params, "DriverVersion");
  const v = getVersion(getDriver(ctx, driverId), driverVersion);
  if (v.versionState === "1") throw BusinessError.of("iot.edge.DriverVersionPublished", "a published version cannot be deleted");
  ctx.store.commit({ op: "version.delete", scope: ctx.scope.key, driverId, driverVersion });
  return {};
}

export function ReleaseEdgeDriverVersion(ctx: HandlerContext): Record<string, unknown> {
  const driverId = reqStr(ctx.params, "DriverId");
  const driverVersion = reqStr(ctx.params, "DriverVersion");
  const v = getVersion(getDriver(ctx, driverId), driverVersion);
  if (v.versionState === "1") throw BusinessError.of("iot.edge.DriverVersionPublished", "the version is already published");
  ctx.store.commit({ op: "version.release", scope: ctx.scope.key, driverId, driverVersion, at: ctx.now });
  return {};
}
