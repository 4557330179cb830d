import { randomBytes } from "crypto";
import Redis from "ioredis";
import { QPS_WINDOW_MS, QUOTA_STORE, REQUEST_TIMEOUT_MS, THROTTLE_BACKOFF } from "../limits";
import { redactSecrets } from "../errors/redactSecrets";
import type { Clock } from "../retry/Clock";
import type { Permit, PermitOutcome, RateLimiter } from "../retry/RateLimiter";
import { LeaseRenewer } from "./LeaseRenewer";
import { ACQUIRE_SCRIPT, bucketKeys, RELEASE_SCRIPT, RENEW_SCRIPT } from "./quotaScripts";
import { QuotaStoreError } from "./QuotaStoreError";
import type { QuotaStoreSettings } from "./quotaStoreSettings";
import type { RedisRateLimiterOptions } from "./RedisRateLimiterOptions";

export type { RedisRateLimiterOptions } from "./RedisRateLimiterOptions";

type Reply = [number, number, number, number];

interface ScriptedRedis extends Redis {
  iotQuotaAcquire(...args: (string | number)[]): Promise<Reply>;
  iotQuotaRelease(...args: (string | number)[]): Promise<number>;
  iotQuotaRenew(...args: (string | number)[]): Promise<number>;
}

/**
 * {@link RedisRateLimiter} shares one quota per bucket (account and action) among every process
 * that points at the same Redis: at most `quota` calls are live at once, where a call is live from
 * its start until one window after its answer — so at most `quota` calls can arrive at the server
 * in any window, whatever the network delay (docs/shared-quota.md). The window is kept in Redis by
 * atomic scripts over sorted sets (quotaScripts.ts) on Redis' clock.
 *
 * - Waiting: each process queues at most one call per bucket in Redis (its others wait behind it
 *   here, in order), so waiters are served by ticket across processes, one turn per process: a
 *   process with many calls waiting cannot starve one with few, and a killed process leaves at most
 *   one place behind. A call that finds no free slot takes a ticket and sleeps until the moment
 *   Redis says a slot can be its own; no polling loop.
 * - Crashes: a call in flight holds a lease of `window + leaseSlack` past its last renewal, renewed
 *   every `renewEvery` while it runs, so a killed process's slots free at most that long after it
 *   died; not sooner than a window after, because the server counts a call until a window after
 *   its arrival, which can be as late as the death.
 * - Throttling answers (`release({throttled: true})`, a client outside the store uses the quota):
 *   the bucket's quota is lowered in Redis for every process, by THROTTLE_BACKOFF as in the local
 *   window, and grows back a step a window.
 * - Redis lost mid-run (an error or no answer within `commandTimeoutMs`): the call goes to the local
 *   limiter with this process's share of the quota — ⌊quota / processes last seen on the bucket⌋,
 *   at least 1 — with one warning; Redis is tried again after `retryAfterMs`. Nothing waits on a
 *   lost store.
 * - Redis unreachable at the first call: QuotaStoreError when `settings.fallback` is `error`
 *   (default), otherwise the local limiter with the whole quota and a warning.
 *
 * No credential is kept outside the ioredis connection; messages name the store by `settings.where`.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly where: string;
  readonly windowMs: number;
  readonly leaseMs: number;
  private readonly redis: ScriptedRedis;
  private readonly settings: QuotaStoreSettings;
  private readonly local: RateLimiter;
  private readonly settingName: string;
  private readonly fallbackSettingName: string;
  private readonly prefix: string;
  private readonly graceMs: number;
  private readonly retryAfterMs: number;
  private readonly ttlMs: number;
  private readonly clock: Clock | undefined;
  private readonly warn: (line: string) => void;
  /** This process' id in Redis (call ids are `${peerId}:${n}`). */
  readonly peerId: string;
  private seq = 0;
  private connected: Promise<void> | undefined;
  /** Until when (Date.now ms) calls go to the local limiter without trying Redis. */
  private localUntil = 0;
  /** Redis failed and has not answered since (one warning per outage). */
  private degraded = false;
  private readonly leases: LeaseRenewer;
  /** Per bucket: settles when this process's call at the back of its line has been admitted (or gone local). */
  private readonly lines = new Map<string, Promise<void>>();
  /** Processes last seen per bucket (sizes the local share). */
  private readonly peers = new Map<string, number>();
  private lastError = "";

  constructor(options: RedisRateLimiterOptions) {
    const s = options.settings;
    this.settings = s;
    this.where = s.where;
    this.local = options.local;
    this.settingName = options.settingName ?? "alicloud-iot:quotaStore";
    this.fallbackSettingName = options.fallbackSettingName ?? "alicloud-iot:quotaStoreFallback";
    this.prefix = options.keyPrefix ?? "alicloud-iot:quota:";
    this.windowMs = options.windowMs ?? QPS_WINDOW_MS;
    const renewEveryMs = options.renewEveryMs ?? QUOTA_STORE.renewEveryMs;
    this.leaseMs = this.windowMs + (options.leaseSlackMs ?? QUOTA_STORE.leaseSlackMs);
    this.graceMs = options.graceMs ?? QUOTA_STORE.graceMs;
    this.retryAfterMs = options.retryAfterMs ?? QUOTA_STORE.retryAfterMs;
    this.ttlMs = Math.max(60_000, 10 * this.leaseMs);
    this.clock = options.clock;
    this.warn = options.warn ?? ((line: string) => console.warn(line));
    this.peerId = randomBytes(6).toString("hex");
    for (const [name, v] of [
      ["windowMs", this.windowMs],
      ["renewEveryMs", renewEveryMs],
      ["leaseMs - windowMs", this.leaseMs - this.windowMs],
      ["graceMs", this.graceMs],
    ] as const) {
      if (!(v > 0)) throw new RangeError(`Expected \`${name}\` to be a positive number, got ${v}`);
    }
    this.redis = new Redis({
      host: s.host,
      port: s.port,
      db: s.db,
      ...(s.username !== undefined ? { username: s.username } : {}),
      ...(s.password !== undefined ? { password: s.password } : {}),
      ...(s.tls ? { tls: { servername: s.host } } : {}),
      lazyConnect: true,
      // Fail fast instead of queueing: a call never waits on a store that is not there.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: options.connectTimeoutMs ?? 2_000,
      commandTimeout: options.commandTimeoutMs ?? 2_000,
      retryStrategy: () => 1_000,
    }) as ScriptedRedis;
    this.leases = new LeaseRenewer({
      everyMs: renewEveryMs,
      auto: options.autoRenew ?? true,
      maxHoldMs: options.maxHoldMs ?? REQUEST_TIMEOUT_MS,
      renew: (live, ids) => this.redis.iotQuotaRenew(live, this.leaseMs, this.ttlMs, this.nowArg(), ...ids).catch((err: unknown) => this.lose(err)),
    });
    this.redis.defineCommand("iotQuotaAcquire", { numberOfKeys: 7, lua: ACQUIRE_SCRIPT });
    this.redis.defineCommand("iotQuotaRelease", { numberOfKeys: 3, lua: RELEASE_SCRIPT });
    this.redis.defineCommand("iotQuotaRenew", { numberOfKeys: 1, lua: RENEW_SCRIPT });
    // Without a listener ioredis prints every connection error; keep the last one (redacted) instead.
    this.redis.on("error", (err: Error) => {
      this.lastError = this.redact(err.message);
    });
    // The connection alone must not keep a process (a script, a test run) alive.
    this.redis.on("connect", () => {
      (this.redis as unknown as { stream?: { unref?: () => void } }).stream?.unref?.();
    });
  }

  /**
   * Resolves when a call in `bucket` may start. The permit's `release` must be called once, when
   * the call's answer or final failure arrives.
   */
  async acquire(bucket: string, quota: number): Promise<Permit> {
    if (!Number.isInteger(quota) || quota < 1) throw new RangeError(`Expected \`quota\` to be a positive integer, got ${quota}`);
    await this.ready();
    if (Date.now() < this.localUntil) return this.localAcquire(bucket, quota);
    // This process's calls of one bucket go to Redis one after another: one place in its queue.
    const ahead = this.lines.get(bucket);
    let admitted!: () => void;
    const mine = new Promise<void>((resolve) => (admitted = resolve));
    this.lines.set(bucket, mine);
    try {
      await ahead;
      return await this.acquireShared(bucket, quota);
    } finally {
      admitted();
      if (this.lines.get(bucket) === mine) this.lines.delete(bucket);
    }
  }

  /** The call at the front of this process's line for `bucket`: admitted by Redis, or sent to the local limiter. */
  private async acquireShared(bucket: string, quota: number): Promise<Permit> {
    if (Date.now() < this.localUntil) return this.localAcquire(bucket, quota);
    const keys = bucketKeys(this.prefix, bucket);
    const id = `${this.peerId}:${++this.seq}`;
    for (;;) {
      let reply: Reply;
      try {
        reply = await this.redis.iotQuotaAcquire(
          keys.live, keys.done, keys.queue, keys.qexp, keys.seq, keys.peers, keys.backoff,
          quota, id, this.leaseMs, this.windowMs, this.graceMs, this.ttlMs, this.peerId, this.nowArg(), THROTTLE_BACKOFF.recoveryPerWindow,
        );
      } catch (err) {
        this.lose(err);
        return this.localAcquire(bucket, quota);
      }
      if (this.degraded) {
        this.degraded = false;
        this.localUntil = 0;
        this.warn(`warning: quota store ${this.where} (${this.settingName}) answers again; back to the shared budget`);
      }
      const [admitted, now, waitMs, peers] = reply;
      this.peers.set(bucket, peers);
      if (admitted === 1) return this.permit(keys, id, quota, now);
      await this.sleep(Math.max(1, waitMs));
    }
  }

  /** The processes this one saw on `bucket` at its last acquire (1 before any). */
  peersSeen(bucket: string): number {
    return this.peers.get(bucket) ?? 1;
  }

  /** Renews the leases of every call in flight now (the timer does this every `renewEveryMs`). */
  renewNow(): Promise<void> {
    return this.leases.renewNow();
  }

  /** Stops renewing and closes the connection (tests, scripts). Leases left in Redis lapse on their own. */
  async close(): Promise<void> {
    this.leases.clear();
    this.redis.disconnect();
  }

  /**
   * Connects on first use. Rejects with a QuotaStoreError when Redis does not answer and the
   * fallback is `error`; with `local`, warns and sends calls to the local limiter for a while.
   */
  private ready(): Promise<void> {
    if (this.connected === undefined) {
      this.connected = this.redis.connect().then(
        () => undefined,
        (err: unknown) => {
          const reason = this.reason(err);
          if (this.settings.fallback === "error") {
            this.connected = undefined; // the next call tries again
            this.redis.disconnect();
            throw new QuotaStoreError(this.where, this.settingName, this.fallbackSettingName, reason);
          }
          this.warn(
            `warning: quota store ${this.where} (${this.settingName}) did not answer: ${reason}. ${this.fallbackSettingName} is "local": this process paces each action on its own at the whole quota, and tries the store again every ${this.retryAfterMs / 1000} s`,
          );
          this.localUntil = Date.now() + this.retryAfterMs;
          this.degraded = true;
        },
      );
    }
    return this.connected;
  }

  private localAcquire(bucket: string, quota: number): Promise<Permit> {
    return this.local.acquire(bucket, Math.max(1, Math.floor(quota / this.peersSeen(bucket))));
  }

  /** A call admitted at `startedAt` (Redis time); a throttled answer lowers the bucket's quota for every process. */
  private permit(keys: ReturnType<typeof bucketKeys>, id: string, quota: number, startedAt: number): Permit {
    this.leases.add(keys.live, id);
    let released = false;
    return {
      release: (outcome: PermitOutcome = {}): void => {
        if (released) return;
        released = true;
        this.leases.remove(keys.live, id);
        const throttled = outcome.throttled === true ? 1 : 0;
        const { factor, recoveryPerWindow } = THROTTLE_BACKOFF;
        this.redis
          .iotQuotaRelease(keys.live, keys.done, keys.backoff, id, this.windowMs, this.ttlMs, this.nowArg(), throttled, startedAt, quota, factor, recoveryPerWindow)
          .catch((err: unknown) => this.lose(err));
      },
    };
  }

  /** Redis failed mid-run: warn once, use the local share until `retryAfterMs` has passed. */
  private lose(err: unknown): void {
    this.localUntil = Date.now() + this.retryAfterMs;
    if (this.degraded) return;
    this.degraded = true;
    const reason = this.reason(err);
    this.warn(
      `warning: quota store ${this.where} (${this.settingName}) failed: ${reason}. This process now paces each action on its own at its share of the quota (the quota divided by the processes last seen on it) and tries the store again in ${this.retryAfterMs / 1000} s`,
    );
  }

  private nowArg(): string {
    return this.clock === undefined ? "" : String(Math.floor(this.clock.now()));
  }

  private sleep(ms: number): Promise<void> {
    if (this.clock !== undefined) return this.clock.sleep(ms);
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Why Redis failed, for a message: the socket's error (e.g. ECONNREFUSED) over ioredis' "Connection is closed". */
  private reason(err: unknown): string {
    const message = this.redact(err instanceof Error ? err.message : String(err)).replace(/\.+$/, "");
    return (/Connection is closed/.test(message) && this.lastError ? this.lastError : message) || this.lastError || "no answer";
  }

  private redact(text: string): string {
    return redactSecrets(text, [this.settings.password, this.settings.username]);
  }
}
