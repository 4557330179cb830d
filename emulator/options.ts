import { NONCE_TTL_MS, TIMESTAMP_WINDOW_MS } from "../provider/limits";
import { Clock, systemClock } from "./state/clock";
import type { TlsCertificate } from "./sts/generateTlsCertificate";
import type { OidcProvider } from "./sts/verifyOidcToken";

/** The STS listener's options (sts/StsServer.ts); see docs/emulator.md. */
export interface StsOptions {
  /** Port of the HTTPS listener on `host`; 0 picks a free one. Default 0. */
  port?: number;
  /** OIDC providers that AssumeRoleWithOIDC trusts. Default none. */
  oidcProviders?: OidcProvider[];
  /** Caps every issued session's life, ms. Default: the requested DurationSeconds. */
  maxSessionMs?: number;
  /** Certificate and key to serve; default one generated at start-up for 127.0.0.1, ::1 and localhost. */
  tls?: TlsCertificate;
  /** Writes the certificate (PEM) here at start-up, for NODE_EXTRA_CA_CERTS of processes started later. */
  caFile?: string;
}

/** Options of `startEmulator()` and the CLI (docs/emulator.md lists them with their flags). */
export interface EmulatorOptions {
  /** Interface to listen on. Default 127.0.0.1. */
  host?: string;
  /** Port; 0 picks a free one. Default 0 in-process, 8787 for the CLI. */
  port?: number;
  /** Durable state directory; omitted = in memory only. */
  dataDir?: string;
  /** The accepted AccessKeyId. Default `emulator-key-id`. */
  accessKeyId?: string;
  /** Its secret. Default `emulator-key-secret`. */
  accessKeySecret?: string;
  /** More accepted keys; `account` groups keys that share quotas and resources (default: the main account). */
  credentials?: { accessKeyId: string; accessKeySecret: string; account?: string }[];
  /** Time source (inject a FakeClock in tests). Default: the system clock. */
  clock?: Clock;
  /** Duration of the CHECK phase of BatchCheckDeviceNames, in ms. Default 50. */
  checkDelayMs?: number;
  /** Duration of the CREATE phase of batch registrations, in ms. Default 100. */
  createDelayMs?: number;
  /** QPS overrides per Action (`"*"` = every action); ≤ 0 means unlimited. Defaults: provider/limits.ts. */
  qps?: Record<string, number>;
  /** HTTP status of Throttling.User. Default 400 (as commonly reported; IoT documents no status). */
  throttleHttpStatus?: number;
  /** What throttled Link IoT Edge calls get: the gateway's Throttling.User (default) or the business code iot.common.HighFrequentDeny. */
  edgeThrottleCode?: "Throttling.User" | "iot.common.HighFrequentDeny";
  /** IoT instance ids that exist; any other IotInstanceId → iot.system.InstanceNotFound. Default none. */
  instances?: string[];
  /** Region of the emulated endpoint. Default cn-shanghai (the only region with X.509). */
  region?: string;
  /** Accepted clock skew of Timestamp / x-acs-date, ms. Default 15 min. */
  timestampWindowMs?: number;
  /** How long nonces are remembered, ms. Default 15 min. */
  nonceTtlMs?: number;
  /** Reject duplicate DriverNames in a scope. Default false (uniqueness is undocumented). */
  uniqueDriverNames?: boolean;
  /** Compact the journal into a snapshot past this size, bytes. Default 64 MiB. */
  compactAfterBytes?: number;
  /** Write a snapshot on a clean stop (faster restart). Default true. */
  snapshotOnClose?: boolean;
  /** Largest accepted request body, bytes. Default 16 MiB. */
  maxBodyBytes?: number;
  /** Most InvokeThingsService calls kept for /_emulator/invocations. Default 10,000. */
  maxInvocations?: number;
  /**
   * Hold each API request a random delay in [min, max] ms before it counts as arrived (quota, stats),
   * as a slow or uneven network would; drawn from a PRNG seeded with `jitterSeed`. Default: none.
   */
  latencyJitterMs?: [number, number];
  /** Seed of the latency jitter. Default 1. */
  jitterSeed?: number;
  /** Log sink (one line per call). Default: silent. */
  log?: (line: string) => void;
  /** A fleet to create at start-up when missing (a seed file's path, or the parsed document); see emulator/seed/parseSeed.ts. */
  seed?: string | Record<string, unknown>;
  /** Accept any AccessKeyId: known keys are verified with their secret, unknown ones are accepted unverified (logged once per key) and counted as their own account for quotas. Default false. */
  acceptAnyCredentials?: boolean;
  /** Also serve STS (AssumeRole, AssumeRoleWithOIDC) over HTTPS on loopback. Default off. */
  sts?: StsOptions;
}

export const DEFAULT_ACCESS_KEY_ID = "emulator-key-id";
export const DEFAULT_ACCESS_KEY_SECRET = "emulator-key-secret";
export const DEFAULT_ACCOUNT = "default";
export const DEFAULT_CLI_PORT = 8787;

export interface ResolvedOptions {
  host: string;
  port: number;
  dataDir: string | undefined;
  accessKeyId: string;
  accessKeySecret: string;
  credentials: { accessKeyId: string; accessKeySecret: string; account: string }[];
  clock: Clock;
  checkDelayMs: number;
  createDelayMs: number;
  qps: Record<string, number>;
  throttleHttpStatus: number;
  edgeThrottleCode: "Throttling.User" | "iot.common.HighFrequentDeny";
  instances: string[];
  region: string;
  timestampWindowMs: number;
  nonceTtlMs: number;
  uniqueDriverNames: boolean;
  compactAfterBytes: number;
  snapshotOnClose: boolean;
  maxBodyBytes: number;
  maxInvocations: number;
  latencyJitterMs: [number, number] | undefined;
  jitterSeed: number;
  log: (line: string) => void;
  seed: string | Record<string, unknown> | undefined;
  acceptAnyCredentials: boolean;
  sts: StsOptions | undefined;
}

export function resolveOptions(o: EmulatorOptions = {}): ResolvedOptions {
  const accessKeyId = o.accessKeyId ?? DEFAULT_ACCESS_KEY_ID;
  const accessKeySecret = o.accessKeySecret ?? DEFAULT_ACCESS_KEY_SECRET;
  const nonNeg = (v: number | undefined, d: number, name: string): number => {
    const x = v ?? d;
    if (!(typeof x === "number" && x >= 0 && Number.isFinite(x))) throw new TypeError(`${name} must be a number ≥ 0`);
    return x;
  };
  return {
    host: o.host ?? "127.0.0.1",
    port: nonNeg(o.port, 0, "port"),
    dataDir: o.dataDir,
    accessKeyId,
    accessKeySecret,
    credentials: [{ accessKeyId, accessKeySecret, account: DEFAULT_ACCOUNT }, ...(o.credentials ?? []).map((c) => ({ ...c, account: c.account ?? DEFAULT_ACCOUNT }))],
    clock: o.clock ?? systemClock,
    checkDelayMs: nonNeg(o.checkDelayMs, 50, "checkDelayMs"),
    createDelayMs: nonNeg(o.createDelayMs, 100, "createDelayMs"),
    qps: { ...(o.qps ?? {}) },
    throttleHttpStatus: o.throttleHttpStatus ?? 400,
    edgeThrottleCode: o.edgeThrottleCode ?? "Throttling.User",
    instances: [...(o.instances ?? [])],
    region: o.region ?? "cn-shanghai",
    timestampWindowMs: nonNeg(o.timestampWindowMs, TIMESTAMP_WINDOW_MS, "timestampWindowMs"),
    nonceTtlMs: nonNeg(o.nonceTtlMs, NONCE_TTL_MS, "nonceTtlMs"),
    uniqueDriverNames: o.uniqueDriverNames ?? false,
    compactAfterBytes: nonNeg(o.compactAfterBytes, 64 * 1024 * 1024, "compactAfterBytes"),
    snapshotOnClose: o.snapshotOnClose ?? true,
    maxBodyBytes: nonNeg(o.maxBodyBytes, 16 * 1024 * 1024, "maxBodyBytes"),
    maxInvocations: nonNeg(o.maxInvocations, 10_000, "maxInvocations"),
    latencyJitterMs: jitterRange(o.latencyJitterMs),
    jitterSeed: nonNeg(o.jitterSeed, 1, "jitterSeed"),
    log: o.log ?? (() => undefined),
    seed: o.seed,
    acceptAnyCredentials: o.acceptAnyCredentials ?? false,
    sts: o.sts,
  };
}

function jitterRange(r: [number, number] | undefined): [number, number] | undefined {
  if (r === undefined) return undefined;
  if (!Array.isArray(r) || r.length !== 2 || !r.every((x) => typeof x === "number" && Number.isFinite(x) && x >= 0) || r[0] > r[1] || r[1] > 60_000) {
    throw new TypeError(`latencyJitterMs must be [min, max] with 0 ≤ min ≤ max ≤ 60000, got ${JSON.stringify(r)}`);
  }
  return [r[0], r[1]];
}
