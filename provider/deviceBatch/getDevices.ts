import * as pulumi from "@pulumi/pulumi";
import { ACTION_LIMITS } from "../limits";
import { clientFromProgramConfig } from "../client/clientFromProgramConfig";
import type { LookupOptions } from "../dynamic/LookupOptions";

/** A device as getDevices returns it. The DeviceSecret is not returned (use DeviceBatch's secret outputs). */
export interface DeviceInfo {
  readonly deviceName: string;
  readonly iotId: string;
  readonly nickname?: string;
  /** ONLINE, OFFLINE, UNACTIVE or DISABLE. */
  readonly status: string;
  /** ISO-8601. */
  readonly utcCreate: string;
}

export interface GetDevicesArgs {
  readonly productKey: string;
  readonly iotInstanceId?: string;
}
export interface GetDevicesOutputArgs {
  readonly productKey: pulumi.Input<string>;
  readonly iotInstanceId?: pulumi.Input<string>;
}
export interface GetDevicesResult {
  readonly productKey: string;
  /** Newest first, as QueryDevice returns them. */
  readonly devices: DeviceInfo[];
  readonly deviceNames: string[];
}

/**
 * A product's devices through QueryDevice (IoT Platform API reference: QueryDevice): pages of 50 at
 * the action's 50 QPS quota (the client's shared limiter), each page asking with the previous page's
 * NextToken (needed past 10,000 devices). The service answers at most 1,000,000 devices. Sequential
 * by nature (each page needs the last token): 2,500 devices a second at the quota.
 */
export async function getDevices(args: GetDevicesArgs, opts: LookupOptions = {}): Promise<GetDevicesResult> {
  if (typeof args.productKey !== "string" || args.productKey === "") throw new TypeError(`Expected \`productKey\` to be a ProductKey, got ${JSON.stringify(args.productKey)}`);
  const client = opts.client ?? clientFromProgramConfig(opts.connection);
  const pageSize = ACTION_LIMITS.QueryDevice.maxPageSize;
  const instance = args.iotInstanceId !== undefined ? { IotInstanceId: args.iotInstanceId } : {};
  const devices: DeviceInfo[] = [];
  let token: string | undefined;
  for (let page = 1; ; page++) {
    const r = await client.call<{ Data?: { DeviceInfo?: Record<string, unknown>[] }; NextToken?: string }>("QueryDevice", {
      ProductKey: args.productKey,
      CurrentPage: page,
      PageSize: pageSize,
      ...(token ? { NextToken: token } : {}),
      ...instance,
    });
    for (const d of r.Data?.DeviceInfo ?? []) {
      const info: Record<string, unknown> = { deviceName: d.DeviceName, iotId: d.IotId, status: d.DeviceStatus ?? "UNACTIVE", utcCreate: d.UtcCreate ?? "" };
      if (typeof d.Nickname === "string" && d.Nickname !== "") info.nickname = d.Nickname;
      devices.push(info as unknown as DeviceInfo);
    }
    token = r.NextToken;
    if (!token) break;
  }
  return { productKey: args.productKey, devices, deviceNames: devices.map((d) => d.deviceName) };
}

export function getDevicesOutput(args: GetDevicesOutputArgs, opts: LookupOptions = {}): pulumi.Output<GetDevicesResult> {
  return pulumi.output(args).apply((a) => getDevices(a as GetDevicesArgs, opts));
}
