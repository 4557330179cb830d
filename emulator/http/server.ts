import * as http from "http";
import type { AddressInfo } from "net";
import { handleAdmin } from "./admin";
import { listen } from "./listen";
import { handleConsoleRequest } from "../console/routes";
import { RateHistory } from "../console/rateHistory";
import { AuthSettings, Credential, identify, type Identified, RawRequest, verify } from "../auth/authenticate";
import { NonceCache } from "../auth/nonces";
import { OffsetClock } from "../state/clock";
import { Persistence } from "../persistence/dataDir";
import { BusinessError, GatewayError } from "../errors";
import { faultError, Faults } from "./faults";
import type { HandlerConfig, HandlerContext, Invocation } from "../handlers/context";
import { ACTIONS, isKnownAction } from "../handlers/index";
import { newRequestId } from "../state/ids";
import { advanceJobs } from "../state/jobs";
import { DEFAULT_ACCOUNT, ResolvedOptions } from "../options";
import { type Params, str } from "./params";
import { parseApiRequest } from "./parseApiRequest";
import { renderSuccess } from "./render";
import { sendRendered } from "./sendRendered";
import { answerError, type CallInfo } from "./answerError";
import { Stats } from "./stats";
import { seededRandom } from "./seededRandom";
import { scopeKey } from "../state/scope";
import { Store } from "../state/store";
import { Throttle } from "./throttle";

/**
 * The HTTP layer: parses the query string and form body, authenticates (v1 or V3), applies injected
 * faults and the per-account QPS quota, resolves the IoT instance, runs the Action's handler over
 * the store, waits until the changes are durable, and renders the envelope. Requests under
 * `/_emulator/` go to the unsigned admin API (admin.ts) or the web console (console/routes.ts,
 * which also redirects a browser opening `/`).
 *
 * Arrival: a call is stamped when its request has been read (headers parsed), as a gateway counts it;
 * the quota and the busiest-window statistic use that stamp, not the time the handler runs. With
 * `latencyJitterMs`, each API request is held a seeded random delay before it is stamped (network
 * delay on the way in, the worst case for a client that counts calls when it starts them).
 *
 * Pipeline order, and what each step answers with on failure:
 *   identify Action/Version (MissingParameter, InvalidVersion, InvalidAction.NotFound)
 *   → verify signature, time, nonce (auth/*)  → injected faults (faults.ts)
 *   → quota (Throttling.User, HTTP 400)       → IotInstanceId (iot.system.InstanceNotFound)
 *   → finish due async jobs (jobs.ts)         → handler (GatewayError / BusinessError)
 *   → wait for the journal fsync              → response.
 */
/** Largest accepted request line + headers (the real gateway's limit is not documented). */
export const MAX_HEADER_BYTES = 1024 * 1024;

export class EmulatorServer {
  readonly store = new Store();
  readonly clock: OffsetClock;
  readonly stats: Stats;
  /** Per-second calls and throttled answers per action, for the console's quota view. */
  readonly rates = new RateHistory();
  readonly throttle: Throttle;
  readonly faults = new Faults();
  readonly nonces: NonceCache;
  readonly invocations: Invocation[] = [];
  readonly persistence: Persistence | undefined;
  readonly instances: Set<string>;
  /** Accepted keys by AccessKeyId; the STS listener (sts/StsServer.ts) adds the temporary ones it issues. */
  readonly credentials: Map<string, Credential>;
  private readonly http: http.Server;
  private readonly auth: AuthSettings;
  private readonly handlerConfig: HandlerConfig;
  private fatal: Error | undefined;
  private inflight = 0;
  private idle: (() => void)[] = [];
  private closing: Promise<void> | undefined;
  /** Delay of the next API request before it is stamped as arrived, ms (undefined: no jitter). */
  private readonly jitter: (() => number) | undefined;
  /** Called when the journal cannot be written: the process can no longer promise durability. */
  onFatal: (e: Error) => void = () => undefined;

  constructor(readonly opts: ResolvedOptions) {
    this.clock = new OffsetClock(opts.clock);
    const now = this.clock.now();
    this.stats = new Stats(now);
    this.throttle = new Throttle(opts.qps);
    this.nonces = new NonceCache(opts.nonceTtlMs);
    this.instances = new Set(opts.instances);
    const credentials = new Map<string, Credential>();
    for (const c of opts.credentials) credentials.set(c.accessKeyId, { accessKeySecret: c.accessKeySecret, account: c.account });
    this.credentials = credentials;
    this.auth = { credentials, nonces: this.nonces, timestampWindowMs: opts.timestampWindowMs, acceptAnyCredentials: opts.acceptAnyCredentials ? { account: DEFAULT_ACCOUNT } : undefined };
    this.handlerConfig = {
      region: opts.region,
      checkDelayMs: opts.checkDelayMs,
      createDelayMs: opts.createDelayMs,
      uniqueDriverNames: opts.uniqueDriverNames,
      topoTimestampWindowMs: opts.timestampWindowMs,
    };
    if (opts.dataDir !== undefined) {
      this.persistence = Persistence.open(opts.dataDir, this.store, {
        compactAfterBytes: opts.compactAfterBytes,
        log: opts.log,
        onFatal: (e) => {
          this.fatal = e;
          opts.log(`fatal: ${e.message}; answering InternalError from now on`);
          this.onFatal(e);
        },
      });
    }
    if (opts.latencyJitterMs !== undefined) {
      const [min, max] = opts.latencyJitterMs;
      const random = seededRandom(opts.jitterSeed);
      this.jitter = () => Math.round(min + random() * (max - min));
    }
    // The Tea SDK puts every parameter in the URL; 10,000 DeviceName.N entries make a ~300 KB query string.
    this.http = http.createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => this.onRequest(req, res));
    this.http.keepAliveTimeout = 60_000;
    this.http.headersTimeout = 65_000;
  }

  listen(): Promise<AddressInfo> {
    return listen(this.http, this.opts.port, this.opts.host);
  }

  get address(): AddressInfo {
    return this.http.address() as AddressInfo;
  }

  /** Stops accepting connections, finishes in-flight requests, flushes the journal. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
      this.http.closeIdleConnections();
      if (this.inflight > 0) await new Promise<void>((r) => this.idle.push(r));
      this.http.closeAllConnections(); // keep-alive sockets that went idle after close() began
      await closed;
      await this.persistence?.close({ snapshot: this.opts.snapshotOnClose });
    })();
    return this.closing;
  }

  /** Resolves once everything committed so far is on disk (immediately when in memory). */
  durable(): Promise<void> {
    return this.persistence ? this.persistence.durable() : Promise.resolve();
  }

  private onRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = req.url ?? "/";
    const q = url.indexOf("?");
    const pathname = q < 0 ? url : url.slice(0, q);
    const rawQuery = q < 0 ? "" : url.slice(q + 1);
    const admin = pathname === "/_emulator" || pathname.startsWith("/_emulator/");
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    let body: Buffer | undefined;
    let arrivedAt: number | undefined;
    let settled = false;
    this.inflight++;
    const proceed = (): void => {
      if (settled || body === undefined || arrivedAt === undefined) return;
      settled = true;
      const [b, at] = [body, arrivedAt];
      const work = handleConsoleRequest(this, req, res, pathname, rawQuery, b).then((handled) => {
        if (handled) return;
        return admin ? handleAdmin(this, req, res, pathname, rawQuery, b) : this.dispatch(req, res, pathname, rawQuery, b, tooBig, at);
      });
      work.catch((e: Error) => this.opts.log(`internal error: ${e.stack ?? e.message}`)).finally(() => this.done());
    };
    const delayMs = admin || this.jitter === undefined ? 0 : this.jitter();
    if (delayMs > 0) {
      setTimeout(() => {
        arrivedAt = this.clock.now();
        proceed();
      }, delayMs);
    } else {
      arrivedAt = this.clock.now();
    }
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > this.opts.maxBodyBytes) tooBig = true;
      else chunks.push(c);
    });
    req.on("error", () => {
      if (settled) return;
      settled = true; // the jitter timer, if any, finds nothing to do
      this.done();
    });
    req.on("end", () => {
      body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
      proceed();
    });
  }

  private readonly unverifiedKeys = new Set<string>();

  /** `--accept-any-credentials`: one log line per unknown AccessKeyId (never its signature or secret). */
  private noteUnverifiedKey(accessKeyId: string): void {
    if (this.unverifiedKeys.has(accessKeyId)) return;
    this.unverifiedKeys.add(accessKeyId);
    this.opts.log(`accepting unknown AccessKeyId ${accessKeyId} without verifying signatures (--accept-any-credentials; the emulator does not know its secret); its quotas are counted separately`);
  }

  private done(): void {
    this.inflight--;
    if (this.inflight === 0 && this.idle.length) for (const r of this.idle.splice(0)) r();
  }

  /** Answers an API call (the pipeline of the module comment); never throws. */
  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse, pathname: string, rawQuery: string, body: Buffer, tooBig: boolean, arrivedAt: number): Promise<void> {
    const call: CallInfo = { requestId: newRequestId(), hostId: req.headers.host ?? `iot.${this.opts.region}.aliyuncs.com`, format: "JSON", action: undefined };
    try {
      const { query, params, format } = parseApiRequest(req.headers, rawQuery, body);
      call.format = format;
      const method = (req.method ?? "GET").toUpperCase();
      if (tooBig) throw GatewayError.of("RequestEntityTooLarge", String(this.opts.maxBodyBytes));
      if (method !== "GET" && method !== "POST") throw GatewayError.of("UnsupportedHTTPMethod", method);
      if (pathname !== "/") throw GatewayError.of("InvalidAction.NotFound");
      if (this.fatal) throw GatewayError.of("InternalError");
      const raw: RawRequest = { method, pathname, headers: req.headers, query, params, rawBody: body };
      const id = identify(raw, isKnownAction);
      call.format = id.format;
      call.action = id.action;
      await this.run(res, raw, id, call, arrivedAt);
    } catch (e) {
      await answerError(this, res, e, call);
    }
  }

  /** An identified call: authenticate, faults, quota, instance, due jobs, the handler, durability, the answer. */
  private async run(res: http.ServerResponse, raw: RawRequest, id: Identified, call: CallInfo, arrivedAt: number): Promise<void> {
    const { action } = id;
    let now = this.clock.now();
    this.stats.call(action, arrivedAt);
    this.rates.call(action, arrivedAt);
    const who = verify(raw, id, this.auth, now);
    this.stats.caller(action, who.accessKeyId);
    if (!who.signatureVerified) this.noteUnverifiedKey(who.accessKeyId);

    const effect = this.faults.take(action);
    if (effect?.latencyMs) {
      await new Promise((r) => setTimeout(r, effect.latencyMs));
      now = this.clock.now();
    }
    if (effect?.error && !effect.afterEffect) throw faultError(effect.error);
    const spec = ACTIONS[action];
    if (!this.throttle.admit(who.quotaKey, action, arrivedAt)) {
      if (spec.edge && this.opts.edgeThrottleCode === "iot.common.HighFrequentDeny") throw BusinessError.of("iot.common.HighFrequentDeny");
      const e = GatewayError.of("Throttling.User");
      throw new GatewayError(e.code, this.opts.throttleHttpStatus, e.message);
    }
    const iotInstanceId = str(raw.params, "IotInstanceId");
    if (iotInstanceId !== undefined && !this.instances.has(iotInstanceId)) throw BusinessError.of("iot.system.InstanceNotFound");

    advanceJobs(this.store, now);
    const fields = spec.handler(this.handlerContext(action, raw.params, who.account, iotInstanceId, now, call.requestId, effect?.failJob));
    await this.durable();
    if (effect?.error && effect.afterEffect) throw faultError(effect.error); // the call took effect; its answer is lost
    sendRendered(res, call.requestId, renderSuccess(action, call.requestId, fields, spec.edge, call.format));
    this.persistence?.maybeCompact();
  }

  private handlerContext(action: string, params: Params, account: string, iotInstanceId: string | undefined, now: number, requestId: string, failJob: true | string[] | undefined): HandlerContext {
    return {
      action,
      params,
      store: this.store,
      scope: this.store.scope(scopeKey(account, iotInstanceId)),
      account,
      iotInstanceId,
      now,
      requestId,
      config: this.handlerConfig,
      failJob,
      recordInvocation: (inv) => {
        this.invocations.push(inv);
        if (this.invocations.length > this.opts.maxInvocations) this.invocations.splice(0, this.invocations.length - this.opts.maxInvocations);
      },
    };
  }
}
