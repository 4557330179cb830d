import { createHash, randomUUID } from "crypto";
import axios from "axios";
import type { AxiosAdapter, AxiosInstance, AxiosResponse } from "axios";
import type { ResolvedConfig } from "../config";
import { classifyError } from "../errors/classifyError";
import { isIotApiError } from "../errors/IotApiError";
import { fromTransportError } from "../errors/fromTransportError";
import { effectiveQps, REQUEST_TIMEOUT_MS } from "../limits";
import type { RateLimiter } from "../retry/RateLimiter";
import { RetryStrategy } from "../retry/RetryStrategy";
import { NON_IDEMPOTENT_ACTIONS } from "../retry/nonIdempotentActions";
import { getQuotaLimiter } from "../quota/sharedQuotaLimiter";
import { resolveQuotaAccount } from "../quota/resolveQuotaStore";
import type { RequestSigner } from "./RequestSigner";
import type { ParamValue } from "./flattenParams";
import { flattenParams } from "./flattenParams";
import { parseResponse } from "./parseResponse";
import { rpcSignerV1 } from "./signRpc";
import { rpcSignerV3 } from "./signRequestV3";
import type { CredentialsProvider } from "../credentials/CredentialsProvider";
import { staticCredentials } from "../credentials/staticCredentials";
import { currentConnection } from "../connection/connectionContext";
import { currentOperation } from "../dynamic/operationContext";

/** The IoT API version this client speaks (IoT Platform API reference: Common parameters). */
export const IOT_API_VERSION = "2018-01-20";

/** Common parameters the client sets itself; passing one as a business parameter is a TypeError. */
export const RESERVED_PARAMS: ReadonlySet<string> = new Set([
  "Action",
  "Version",
  "Format",
  "AccessKeyId",
  "SignatureMethod",
  "SignatureVersion",
  "SignatureNonce",
  "Timestamp",
  "Signature",
  "SecurityToken",
  "RegionId",
]);

/** Seam for tests and special callers; every field is optional. */
export interface RpcClientOptions {
  /** Defaults to the signer of `config.signatureVersion` (v1, HMAC-SHA1, unless configured). */
  readonly signer?: RequestSigner;
  /** Defaults to the process-wide limiter: the shared quota store when one is configured, else this process's window (quota/sharedQuotaLimiter.ts). */
  readonly limiter?: RateLimiter;
  /** A ready strategy; otherwise one is built from `maxAttempts`, `maxTotalMs` and `random`. */
  readonly retryStrategy?: RetryStrategy;
  readonly maxAttempts?: number;
  readonly maxTotalMs?: number;
  /** Jitter source, uniform in [0, 1). */
  readonly random?: () => number;
  /** Waits between attempts. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Clock of the `Timestamp` parameter and of the retry time budget, ms since the epoch. */
  readonly now?: () => number;
  /** `SignatureNonce` source; must return a fresh value per call. Defaults to `crypto.randomUUID`. */
  readonly nonce?: () => string;
  /** An axios instance to send with (interceptors, proxies); defaults to a fresh `axios.create()`. */
  readonly axios?: AxiosInstance;
  /** An axios adapter, to answer requests without a network. */
  readonly adapter?: AxiosAdapter;
  /**
   * Deadline of one attempt, ms: connection, request, response headers and the whole body must be
   * done by then (not an idle timeout per socket event). At least 10 s in production
   * (InvokeThingService's synchronous path waits up to 8 s). Defaults to `REQUEST_TIMEOUT_MS`.
   */
  readonly timeoutMs?: number;
  /** Called before each backoff wait, e.g. to log progress. */
  readonly onRetry?: (info: RetryInfo) => void;
}

/** What {@link RpcClientOptions.onRetry} is told; free of parameters and credentials. */
export interface RetryInfo {
  readonly action: string;
  /** The attempt that failed, 1-based. */
  readonly attempt: number;
  readonly code: string;
  readonly delayMs: number;
}

/** Per-call options. */
export interface CallOptions {
  /**
   * Whether a second execution is harmless. Defaults to false for NON_IDEMPOTENT_ACTIONS, else true.
   * A non-idempotent call is retried only when the error proves it was not executed.
   */
  readonly idempotent?: boolean;
}

/** A successful call with its metadata. */
export interface CallResult<T> {
  readonly body: T & { RequestId?: string };
  /** Attempts made, the first included. */
  readonly attempts: number;
  readonly requestId: string | undefined;
}

/**
 * {@link RpcClient} calls the IoT RPC API (product Iot, version 2018-01-20, signature v1): it adds the
 * common parameters, flattens lists (`Key.N.Field`), waits for the shared per-(AccessKeyId, action) QPS
 * limiter, signs, POSTs every parameter as an `application/x-www-form-urlencoded` body, turns gateway
 * and business errors into {@link IotApiError}s, and retries throttling and transient failures.
 *
 * Each attempt gets a fresh `SignatureNonce` and `Timestamp` and passes the limiter again. The
 * instance holds credentials, so it is built per call from `resolveConfig()` (see getClient.ts) and
 * never captured in a serialized closure; it has no `#private` fields or arrow-function properties.
 */
export class RpcClient {
  declare private readonly config: ResolvedConfig;
  private readonly signer: RequestSigner;
  private readonly limiter: RateLimiter;
  private readonly retryStrategy: RetryStrategy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly nonce: () => string;
  private readonly http: AxiosInstance;
  private readonly adapter: AxiosAdapter | undefined;
  private readonly timeoutMs: number;
  private readonly onRetry: ((info: RetryInfo) => void) | undefined;
  private readonly url: string;
  private readonly host: string;
  declare private readonly credentials: CredentialsProvider;
  /** Limiter bucket prefix: a hash of the principal's identity, so limiter state never holds the AccessKeyId itself. */
  private readonly keyHash: string;

  constructor(config: ResolvedConfig, options: RpcClientOptions = {}) {
    // Non-enumerable, so util.inspect(client) and JSON.stringify(client) do not print the secret.
    Object.defineProperty(this, "config", { value: config, enumerable: false, writable: false });
    this.signer = options.signer ?? (config.signatureVersion === "v3" ? rpcSignerV3 : rpcSignerV1);
    this.limiter = options.limiter ?? getQuotaLimiter();
    this.retryStrategy =
      options.retryStrategy ??
      new RetryStrategy({ maxAttempts: options.maxAttempts, maxTotalMs: options.maxTotalMs, random: options.random });
    this.sleep = options.sleep ?? defaultSleep;
    this.now = options.now ?? Date.now;
    this.nonce = options.nonce ?? randomUUID;
    this.http = options.axios ?? axios.create();
    this.adapter = options.adapter;
    this.timeoutMs = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    this.onRetry = options.onRetry;
    this.url = `${config.endpoint.replace(/\/+$/, "")}/`;
    this.host = new URL(this.url).host;
    const credentials = config.credentials ?? staticCredentials(config);
    Object.defineProperty(this, "credentials", { value: credentials, enumerable: false, writable: false });
    // Quotas are per account: with `quotaAccount` set, every key of the account shares buckets; otherwise the principal's identity.
    // `quotaAccount` names the stack's account, so a resource whose `connection` brings another
    // account's profile keys by that principal instead.
    const account = currentConnection()?.profile === undefined ? resolveQuotaAccount() : undefined;
    this.keyHash = createHash("sha256").update(account === undefined ? credentials.identity : `account:${account}`).digest("hex").slice(0, 16);
  }

  /**
   * Calls `action` and resolves with the response body. `params` may nest lists and objects; `null`
   * or `undefined` values are not sent. `IotInstanceId` is taken from the config when `params` has
   * none; pass `IotInstanceId: null` to send none. Rejects with an IotApiError.
   */
  async call<T = any>(action: string, params: Record<string, ParamValue> = {}, options: CallOptions = {}): Promise<T & { RequestId?: string }> {
    return (await this.callWithMetadata<T>(action, params, options)).body;
  }

  /** Like {@link RpcClient.call}, and also reports the number of attempts. */
  async callWithMetadata<T = any>(action: string, params: Record<string, ParamValue> = {}, options: CallOptions = {}): Promise<CallResult<T>> {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(action)) throw new TypeError(`Expected \`action\` to be an API action name, got ${JSON.stringify(action)}`);
    for (const key of Object.keys(params)) {
      if (RESERVED_PARAMS.has(key)) throw new TypeError(`Expected params not to contain the common parameter \`${key}\`; the client sets it`);
    }
    const withInstance =
      params.IotInstanceId === undefined && this.config.iotInstanceId !== undefined ? { ...params, IotInstanceId: this.config.iotInstanceId } : params;
    const business = flattenParams(withInstance);
    const quota = effectiveQps(action, this.config);
    const bucket = `${this.keyHash}:${action}`;
    const idempotent = options.idempotent ?? !NON_IDEMPOTENT_ACTIONS.has(action);

    // The operation's time budget (RETRY.maxTotalMs) counts the attempts and the backoff waits, not
    // the wait for the limiter (that is the quota's doing, not the server's): every attempt's deadline
    // is cut to what is left of it, so a server that never answers fails within the budget.
    let spentMs = 0;
    // The provider operation in progress counts the calls and retries for its closing summary.
    const operation = currentOperation();
    for (let attempt = 1; ; attempt++) {
      const permit = await this.limiter.acquire(bucket, quota);
      const attemptStartedAt = this.now();
      try {
        const deadlineMs = Math.max(1, Math.min(this.timeoutMs, this.retryStrategy.maxTotalMs - spentMs));
        const body = (await this.send(action, business, deadlineMs)) as T & { RequestId?: string };
        permit.release();
        operation?.tally?.called();
        return { body, attempts: attempt, requestId: body.RequestId };
      } catch (err) {
        if (!isIotApiError(err)) throw err;
        permit.release({ throttled: classifyError(err) === "throttling" });
        spentMs += this.now() - attemptStartedAt;
        const decision = this.retryStrategy.decide({ error: err, attempt, elapsedMs: spentMs, idempotent });
        if (!decision.retry) throw err.withRetryOutcome(attempt, decision.reason);
        const retry = { action, attempt, code: err.code, delayMs: decision.delayMs };
        this.onRetry?.(retry);
        operation?.tally?.onRetry(retry);
        await this.sleep(decision.delayMs);
        spentMs += decision.delayMs;
      } finally {
        permit.release(); // no-op when released above; covers errors that are not IotApiErrors
      }
    }
  }

  /** One signed POST; resolves with the body or rejects with an IotApiError. */
  private async send(action: string, business: Readonly<Record<string, string>>, deadlineMs: number): Promise<Record<string, unknown>> {
    const credential = await this.credentials.getCredential();
    const signed = this.signer.signRequest({
      action,
      version: IOT_API_VERSION,
      business,
      credential,
      region: this.config.region,
      host: this.host,
      nonce: this.nonce(),
      now: this.now(),
    });
    const secrets = [credential.accessKeyId, credential.accessKeySecret, credential.securityToken, signed.signature];

    // One timer for the whole exchange: axios's `timeout` is an idle timeout per socket event in
    // Node, so a server trickling a byte at a time would never trip it.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), deadlineMs);
    let response: AxiosResponse<string>;
    try {
      response = await this.http.request<string>({
        method: "POST",
        url: this.url,
        data: signed.body,
        headers: { ...signed.headers },
        signal: deadline.signal,
        responseType: "text",
        transformResponse: [identity],
        validateStatus: acceptAnyStatus,
        maxRedirects: 0,
        maxBodyLength: Infinity,
        maxContentLength: Infinity,
        ...(this.adapter ? { adapter: this.adapter } : {}),
      });
    } catch (err) {
      throw fromTransportError(deadline.signal.aborted ? { code: "REQUEST_DEADLINE_EXCEEDED" } : err, action, secrets);
    } finally {
      clearTimeout(timer);
    }
    const header = response.headers?.["x-acs-request-id"];
    return parseResponse({
      action,
      status: response.status,
      body: typeof response.data === "string" ? response.data : JSON.stringify(response.data ?? null),
      requestIdHeader: typeof header === "string" ? header : undefined,
      secrets,
    });
  }

  /** What JSON.stringify(client) shows: no credentials. */
  toJSON(): Record<string, string> {
    return { endpoint: this.config.endpoint, region: this.config.region };
  }
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

function identity(data: string): string {
  return data;
}

function acceptAnyStatus(): boolean {
  return true;
}
