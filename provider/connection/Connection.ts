import type * as pulumi from "@pulumi/pulumi";
import type { CheckFailure } from "../dynamic/checkFailure";
import { checkFailure } from "../dynamic/checkFailure";

/**
 * Where one resource's API calls go, when not where the stack's `alicloud-iot:*` config points:
 * a region, a profile of the Alibaba Cloud CLI's config file (another account), an endpoint. It
 * holds no secret, so it is stored in the state with the resource, and refresh and destroy reach
 * the same region and account later.
 */
export interface Connection {
  /** Region id, e.g. `ap-southeast-1`. The endpoint becomes `https://iot.<region>.aliyuncs.com` unless one is given. */
  readonly region?: string;
  /** A profile of `~/.aliyun/config.json`; its credentials replace the stack's. */
  readonly profile?: string;
  /** The IoT endpoint URL (e.g. an emulator's); default from the region or the stack's config. */
  readonly endpoint?: string;
}

/** The `connection` argument of every resource. */
export interface ConnectionArgs {
  /** Sends this resource's calls to another region, account (CLI profile) or endpoint. Changing it replaces the resource. */
  readonly connection?: pulumi.Input<ConnectionInput>;
}

/** {@link Connection} as a resource input. */
export interface ConnectionInput {
  readonly region?: pulumi.Input<string>;
  readonly profile?: pulumi.Input<string>;
  readonly endpoint?: pulumi.Input<string>;
}

const KEYS = ["region", "profile", "endpoint"] as const;

/** Validates a `connection` input (check() at preview time). */
export function checkConnection(value: unknown): CheckFailure[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== "object" || Array.isArray(value)) return [checkFailure("connection", value, "be an object {region?, profile?, endpoint?}")];
  const out: CheckFailure[] = [];
  const o = value as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (!(KEYS as readonly string[]).includes(key)) out.push(checkFailure(`connection.${key}`, o[key], "not be set: connection takes region, profile and endpoint"));
  }
  if (o.region !== undefined && (typeof o.region !== "string" || !/^[a-z0-9-]+$/.test(o.region))) out.push(checkFailure("connection.region", o.region, "be a region id such as ap-southeast-1"));
  if (o.profile !== undefined && (typeof o.profile !== "string" || o.profile.trim() === "")) out.push(checkFailure("connection.profile", o.profile, "be the name of a profile of the Alibaba Cloud CLI's config file"));
  if (o.endpoint !== undefined && (typeof o.endpoint !== "string" || !/^https?:\/\/[^\s/?#]+\/?$/.test(o.endpoint))) out.push(checkFailure("connection.endpoint", o.endpoint, "be an http(s) URL without path, query or credentials"));
  return out;
}

/** The connection stored in inputs or state, normalised: undefined when empty. */
export function connectionOf(value: unknown): Connection | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  const out: { -readonly [K in keyof Connection]: string } = {};
  for (const key of KEYS) if (typeof o[key] === "string" && (o[key] as string) !== "") out[key] = o[key] as string;
  return Object.keys(out).length ? out : undefined;
}

/** Whether two stored connections send calls to the same place. */
export function sameConnection(a: unknown, b: unknown): boolean {
  const x = connectionOf(a);
  const y = connectionOf(b);
  return KEYS.every((k) => x?.[k] === y?.[k]);
}
