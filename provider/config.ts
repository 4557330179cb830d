import type { SignatureVersion } from "./client/RequestSigner";
import type { AssumeRoleSettings } from "./credentials/credentialsProviderFor";
import { credentialsProviderFor, CHAIN_ENV } from "./credentials/credentialsProviderFor";
import type { CredentialsProvider } from "./credentials/CredentialsProvider";
import type { Connection } from "./connection/Connection";
import { applyConnection } from "./connection/applyConnection";
import { currentConnection } from "./connection/connectionContext";
import { ConfigError } from "./errors/ConfigError";

/**
 * Provider configuration, resolved at call time (Pulumi docs: Dynamic resource providers): values set
 * by `configure()` from the stack's `alicloud-iot:*` config win over environment variables. Nothing
 * here is captured by a serialized closure; configured values live in process memory only.
 */

/** The resolved settings the RPC client needs. */
export interface ResolvedConfig {
  /** Base URL, scheme included, no trailing slash; requests go to `${endpoint}/`. */
  endpoint: string;
  region: string;
  /** A static pair, when one is configured (config or environment); otherwise see `credentials`. */
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  /** Where each attempt's credential comes from; built from the static pair when absent. */
  credentials?: CredentialsProvider;
  /** `v1` (HMAC-SHA1, the default) or `v3` (ACS3-HMAC-SHA256). */
  signatureVersion?: SignatureVersion;
  iotInstanceId?: string;
  /** Per-action QPS quotas that replace those of limits.ts. */
  qpsOverrides: Record<string, number>;
}

/** The part of Pulumi's dynamic-provider `Config` that `configure` uses. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** The Pulumi config namespace of this package. */
export const CONFIG_NAMESPACE = "alicloud-iot";

/** Fully qualified Pulumi config keys, by field. */
export const CONFIG_KEYS = {
  region: "alicloud-iot:region",
  endpoint: "alicloud-iot:endpoint",
  accessKeyId: "alicloud-iot:accessKeyId",
  accessKeySecret: "alicloud-iot:accessKeySecret",
  securityToken: "alicloud-iot:securityToken",
  iotInstanceId: "alicloud-iot:iotInstanceId",
  qpsOverrides: "alicloud-iot:qpsOverrides",
  quotaStore: "alicloud-iot:quotaStore",
  quotaStorePassword: "alicloud-iot:quotaStorePassword",
  quotaStoreFallback: "alicloud-iot:quotaStoreFallback",
  quotaAccount: "alicloud-iot:quotaAccount",
  signatureVersion: "alicloud-iot:signatureVersion",
  profile: "alicloud-iot:profile",
  assumeRole: "alicloud-iot:assumeRole",
  stsEndpoint: "alicloud-iot:stsEndpoint",
} as const;

type Field = keyof typeof CONFIG_KEYS;

/** Config keys whose values must be set with `pulumi config set --secret`. */
export const SECRET_CONFIG_KEYS: readonly string[] = [CONFIG_KEYS.accessKeySecret, CONFIG_KEYS.securityToken, CONFIG_KEYS.quotaStorePassword];

/**
 * Environment fallbacks. Credentials come as a set from one source, in this order: Pulumi config,
 * the `ALIBABA_CLOUD_*` variables (Alibaba's SDK names), the Terraform-style `ALICLOUD_*` ones —
 * so a config AccessKeyId is never paired with an environment secret or STS token.
 */
export const ENV_CREDENTIAL_SOURCES = [
  { accessKeyId: "ALIBABA_CLOUD_ACCESS_KEY_ID", accessKeySecret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET", securityToken: "ALIBABA_CLOUD_SECURITY_TOKEN" },
  { accessKeyId: "ALICLOUD_ACCESS_KEY", accessKeySecret: "ALICLOUD_SECRET_KEY", securityToken: "ALICLOUD_SECURITY_TOKEN" },
] as const;

const STATIC_ENV_NAMES: readonly string[] = ENV_CREDENTIAL_SOURCES.flatMap((s) => [s.accessKeyId, s.accessKeySecret, s.securityToken]);

/** Environment fallbacks of the region, first match wins. */
export const REGION_ENV_VARS = ["ALIBABA_CLOUD_REGION", "ALICLOUD_REGION"] as const;

/** Environment fallback of the endpoint. */
export const ENDPOINT_ENV_VAR = "ALIBABA_CLOUD_IOT_ENDPOINT";

/** Environment fallback of `alicloud-iot:signatureVersion`. */
export const SIGNATURE_VERSION_ENV_VAR = "ALIBABA_CLOUD_IOT_SIGNATURE_VERSION";

/** Environment fallback of `alicloud-iot:stsEndpoint` (`host[:port]`; STS is always called over HTTPS). */
export const STS_ENDPOINT_ENV_VAR = "ALIBABA_CLOUD_STS_ENDPOINT";

export { ConfigError, type ConfigErrorCode } from "./errors/ConfigError";

// On globalThis, under a string key, so that two copies of the package see one configuration and a
// by-value serialization never carries it (see retry/sharedLimiter.ts).
const STATE = "__pulumiAlicloudIotConfigV1";
type Holder = { [STATE]?: Readonly<Partial<Record<Field, string>>> };

/**
 * Stores the `alicloud-iot:*` values of a dynamic provider's `configure(req)` (`req.config`).
 * Synchronous on purpose: the provider server caches a provider before awaiting `configure`, so
 * concurrent first calls must find the values already stored.
 * Each call replaces what an earlier one stored.
 */
export function configure(config: ConfigSource): void {
  const values: Partial<Record<Field, string>> = {};
  for (const field of Object.keys(CONFIG_KEYS) as Field[]) {
    const value = nonEmpty(config.get(CONFIG_KEYS[field]));
    if (value !== undefined) values[field] = value;
  }
  // Non-enumerable: inspecting globalThis must not print the secret.
  Object.defineProperty(globalThis, STATE, { value: Object.freeze(values), enumerable: false, writable: true, configurable: true });
}

/** The value `configure` stored for `field`, if any (settings read by other modules at call time). */
export function configuredValue(field: keyof typeof CONFIG_KEYS): string | undefined {
  return (globalThis as Holder)[STATE]?.[field];
}

/** Forgets what `configure` stored (tests). */
export function resetConfig(): void {
  delete (globalThis as Holder)[STATE];
}

/**
 * Resolves the settings now: configured values, then `env`. Throws one {@link ConfigError} naming
 * every missing key and variable, or the first malformed value.
 */
export function resolveConfig(processEnv: NodeJS.ProcessEnv = process.env, connection: Connection | undefined = currentConnection()): ResolvedConfig {
  // A resource's `connection` (its region, CLI profile, endpoint) wins over the stack's settings.
  const { stored, env } = applyConnection((globalThis as Holder)[STATE] ?? {}, processEnv, connection, STATIC_ENV_NAMES);
  const credentials = resolveCredentials(stored, env);
  const region = stored.region ?? firstEnv(env, REGION_ENV_VARS);
  const hasPair = credentials.accessKeyId !== undefined && credentials.accessKeySecret !== undefined;
  const partialPair = !hasPair && (credentials.accessKeyId !== undefined || credentials.accessKeySecret !== undefined);

  const assumeRole = parseAssumeRole(stored.assumeRole);
  const stsEndpoint = stored.stsEndpoint ?? nonEmpty(env[STS_ENDPOINT_ENV_VAR]);
  const provider = partialPair
    ? undefined
    : credentialsProviderFor(
        {
          ...(hasPair ? { accessKeyId: credentials.accessKeyId, accessKeySecret: credentials.accessKeySecret, securityToken: credentials.securityToken, staticSource: credentials.source } : {}),
          ...(stored.profile !== undefined ? { profile: stored.profile } : {}),
          ...(assumeRole !== undefined ? { assumeRole } : {}),
          ...(stsEndpoint !== undefined ? { stsEndpoint } : {}),
        },
        env,
      );

  const missing: string[] = [];
  if (provider === undefined && credentials.accessKeyId === undefined) missing.push("accessKeyId");
  if (provider === undefined && credentials.accessKeySecret === undefined) missing.push("accessKeySecret");
  if (region === undefined) missing.push("region");
  if (missing.length > 0) throw new ConfigError("MissingConfiguration", missingMessage(missing), missing);

  if (!/^[a-z0-9-]+$/.test(region as string)) {
    throw invalid(`Expected \`${CONFIG_KEYS.region}\` to be a region id such as cn-shanghai, got ${JSON.stringify(region)}`);
  }
  const endpoint = normalizeEndpoint(stored.endpoint ?? nonEmpty(env[ENDPOINT_ENV_VAR]) ?? `https://iot.${region}.aliyuncs.com`);
  const signatureVersion = stored.signatureVersion ?? nonEmpty(env[SIGNATURE_VERSION_ENV_VAR]) ?? "v1";
  if (signatureVersion !== "v1" && signatureVersion !== "v3") {
    throw invalid(`Expected \`${CONFIG_KEYS.signatureVersion}\` (or ${SIGNATURE_VERSION_ENV_VAR}) to be v1 or v3, got ${JSON.stringify(signatureVersion)}`);
  }

  const resolved: ResolvedConfig = {
    endpoint,
    region: region as string,
    signatureVersion,
    qpsOverrides: parseQpsOverrides(stored.qpsOverrides),
  };
  if (hasPair) {
    resolved.accessKeyId = credentials.accessKeyId;
    resolved.accessKeySecret = credentials.accessKeySecret;
    if (credentials.securityToken !== undefined) resolved.securityToken = credentials.securityToken;
  }
  // Non-enumerable: it is behaviour, not a setting, and comparing or printing configs skips it.
  Object.defineProperty(resolved, "credentials", { value: provider, enumerable: false, writable: true, configurable: true });
  if (stored.iotInstanceId !== undefined) resolved.iotInstanceId = stored.iotInstanceId;
  return resolved;
}

interface Credentials {
  accessKeyId?: string;
  accessKeySecret?: string;
  securityToken?: string;
  source?: string;
}

function resolveCredentials(stored: Partial<Record<Field, string>>, env: NodeJS.ProcessEnv): Credentials {
  if (stored.accessKeyId !== undefined || stored.accessKeySecret !== undefined) {
    return { accessKeyId: stored.accessKeyId, accessKeySecret: stored.accessKeySecret, securityToken: stored.securityToken, source: "Pulumi config" };
  }
  for (const source of ENV_CREDENTIAL_SOURCES) {
    const accessKeyId = nonEmpty(env[source.accessKeyId]);
    const accessKeySecret = nonEmpty(env[source.accessKeySecret]);
    if (accessKeyId !== undefined || accessKeySecret !== undefined) {
      return { accessKeyId, accessKeySecret, securityToken: nonEmpty(env[source.securityToken]), source: `the environment (${source.accessKeyId})` };
    }
  }
  // No pair anywhere: a configured token alone still belongs to the config source.
  return { securityToken: stored.securityToken };
}

function missingMessage(missing: readonly string[]): string {
  const lines: Record<string, string> = {
    accessKeyId: `  - ${CONFIG_KEYS.accessKeyId}, or ${ENV_CREDENTIAL_SOURCES.map((s) => s.accessKeyId).join(" or ")}`,
    accessKeySecret: `  - ${CONFIG_KEYS.accessKeySecret} (pulumi config set --secret), or ${ENV_CREDENTIAL_SOURCES.map((s) => s.accessKeySecret).join(" or ")}`,
    region: `  - ${CONFIG_KEYS.region}, or ${REGION_ENV_VARS.join(" or ")}`,
  };
  return [
    `Missing Alibaba Cloud IoT configuration: ${missing.join(", ")}. Set each in Pulumi config or the environment:`,
    ...missing.map((m) => lines[m]),
    "AccessKeyId, AccessKeySecret and SecurityToken are read together from the first source that sets an AccessKeyId or AccessKeySecret: Pulumi config, then ALIBABA_CLOUD_*, then ALICLOUD_*.",
    `Without a pair: ${CONFIG_KEYS.profile}, the OIDC role (${CHAIN_ENV.roleArn}, ${CHAIN_ENV.oidcProviderArn}, ${CHAIN_ENV.oidcTokenFile}), ~/.aliyun/config.json, ~/.alibabacloud/credentials, ${CHAIN_ENV.ecsRoleName}, ${CHAIN_ENV.credentialsUri}, then the ECS instance's RAM role (unless ${CHAIN_ENV.ecsDisabled}=true).`,
  ].join("\n");
}

function normalizeEndpoint(raw: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalid(`Expected \`${CONFIG_KEYS.endpoint}\` to be a URL such as https://iot.cn-shanghai.aliyuncs.com`);
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password || url.search || url.hash) {
    throw invalid(`Expected \`${CONFIG_KEYS.endpoint}\` to be an http(s) URL without credentials, query or fragment`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function parseAssumeRole(raw: string | undefined): AssumeRoleSettings | undefined {
  if (raw === undefined) return undefined;
  const expected = `Expected \`${CONFIG_KEYS.assumeRole}\` to be an object {roleArn, sessionName?, externalId?, duration?} (pulumi config set --path ${CONFIG_KEYS.assumeRole}.roleArn acs:ram::<account>:role/<name>)`;
  const o = parseJsonObject(raw, expected);
  for (const key of Object.keys(o)) {
    if (!["roleArn", "sessionName", "externalId", "duration"].includes(key)) throw invalid(`${expected}, got the unknown key ${JSON.stringify(key)}`);
  }
  if (typeof o.roleArn !== "string" || !/^acs:ram::[^:]+:role\/.+$/.test(o.roleArn)) throw invalid(`${expected}, got roleArn ${JSON.stringify(o.roleArn)}`);
  for (const key of ["sessionName", "externalId"] as const) {
    if (o[key] !== undefined && (typeof o[key] !== "string" || o[key] === "")) throw invalid(`${expected}, got ${key} ${JSON.stringify(o[key])}`);
  }
  const duration = typeof o.duration === "string" && /^\d+$/.test(o.duration) ? Number(o.duration) : o.duration;
  if (duration !== undefined && (typeof duration !== "number" || !Number.isInteger(duration) || duration < 900 || duration > 43200)) {
    throw invalid(`${expected}, got duration ${JSON.stringify(o.duration)} (seconds, 900 to 43200)`);
  }
  return {
    roleArn: o.roleArn,
    ...(o.sessionName !== undefined ? { sessionName: o.sessionName as string } : {}),
    ...(o.externalId !== undefined ? { externalId: o.externalId as string } : {}),
    ...(duration !== undefined ? { duration: duration as number } : {}),
  };
}

function parseQpsOverrides(raw: string | undefined): Record<string, number> {
  if (raw === undefined) return {};
  const expected = `Expected \`${CONFIG_KEYS.qpsOverrides}\` to be a JSON object of action names to positive integers, e.g. {"BatchAddThingTopo":10}`;
  const parsed = parseJsonObject(raw, expected);
  const out: Record<string, number> = {};
  for (const [action, qps] of Object.entries(parsed)) {
    if (typeof qps !== "number" || !Number.isInteger(qps) || qps < 1) {
      throw invalid(`${expected}, got ${JSON.stringify(qps)} for ${action}`);
    }
    out[action] = qps;
  }
  return out;
}

/** `raw` parsed as a JSON object, else an InvalidConfiguration error starting with `expected`. */
function parseJsonObject(raw: string, expected: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalid(`${expected}, got text that is not JSON`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw invalid(expected);
  return parsed as Record<string, unknown>;
}

function invalid(message: string): ConfigError {
  return new ConfigError("InvalidConfiguration", message);
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function firstEnv(env: NodeJS.ProcessEnv, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = nonEmpty(env[name]);
    if (value !== undefined) return value;
  }
  return undefined;
}
