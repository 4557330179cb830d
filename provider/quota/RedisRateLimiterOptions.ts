import type { Clock } from "../retry/Clock";
import type { RateLimiter } from "../retry/RateLimiter";
import type { QuotaStoreSettings } from "./quotaStoreSettings";

/** Options of a RedisRateLimiter (RedisRateLimiter.ts). */
export interface RedisRateLimiterOptions {
  /** Where the store is (quotaStoreSettings.ts). */
  readonly settings: QuotaStoreSettings;
  /** The limiter used while Redis cannot be (the in-process window), sized by `peers` (see acquire). */
  readonly local: RateLimiter;
  /** Config key or variable the URL came from, for messages. Default `alicloud-iot:quotaStore`. */
  readonly settingName?: string;
  /** The fallback setting's name, for messages. Default `alicloud-iot:quotaStoreFallback`. */
  readonly fallbackSettingName?: string;
  /** Key prefix in Redis. Default `alicloud-iot:quota:`. */
  readonly keyPrefix?: string;
  /** How long an answered call keeps its slot after the answer, ms. Default QPS_WINDOW_MS. */
  readonly windowMs?: number;
  /** How often leases of calls in flight are renewed, ms. Default QUOTA_STORE.renewEveryMs (limits.ts). */
  readonly renewEveryMs?: number;
  /** A lease ends this long past one window after its last renewal, ms. Default QUOTA_STORE.leaseSlackMs. */
  readonly leaseSlackMs?: number;
  /** Renew leases on a timer every `renewEveryMs` (default). False: only `renewNow()` renews (tests on a virtual clock). */
  readonly autoRenew?: boolean;
  /**
   * A call not released this long after its start is no longer renewed, so its lease runs out (a
   * safety net: the client releases at its request deadline at the latest). Default REQUEST_TIMEOUT_MS.
   */
  readonly maxHoldMs?: number;
  /** How late a waiter may come back after its hint before it loses its place in the queue, ms. Default QUOTA_STORE.graceMs. */
  readonly graceMs?: number;
  /** After Redis failed, how long to stay on the local limiter before trying Redis again, ms. Default QUOTA_STORE.retryAfterMs. */
  readonly retryAfterMs?: number;
  /** Connect timeout, ms. Default 2,000. */
  readonly connectTimeoutMs?: number;
  /** A command not answered within this is a lost store, ms. Default 2,000. */
  readonly commandTimeoutMs?: number;
  /**
   * A virtual clock (tests): its `now()` replaces Redis `TIME` in the scripts and its `sleep` paces
   * waiters. Default: Redis `TIME` and real timers.
   */
  readonly clock?: Clock;
  /** Where warnings go. Default console.warn. */
  readonly warn?: (line: string) => void;
}
