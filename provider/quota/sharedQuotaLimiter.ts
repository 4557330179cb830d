import { createHash } from "crypto";
import { QPS_WINDOW_MS } from "../limits";
import type { RateLimiter } from "../retry/RateLimiter";
import { getSharedLimiter } from "../retry/sharedLimiter";
import { RedisRateLimiter } from "./RedisRateLimiter";
import { resolveQuotaStore } from "./resolveQuotaStore";

/**
 * Quota stores of this process, one per configured store, on `globalThis` under a string key for the
 * reasons given in retry/sharedLimiter.ts (every resource of a deployment runs in one provider
 * process and must share one connection and one set of leases; nothing is captured by a serialized
 * closure). Keyed by a hash of the settings, so the password is not a key.
 */
const KEY = "__pulumiAlicloudIotQuotaStoresV1";

type Holder = { [KEY]?: Map<string, RedisRateLimiter> };

/**
 * The limiter every RpcClient uses unless one is injected: with a quota store configured
 * (`alicloud-iot:quotaStore` or ALIBABA_CLOUD_IOT_QUOTA_STORE), the store shared with every other
 * process that points at it, falling back to this process's window (getSharedLimiter); otherwise
 * that window alone.
 */
export function getQuotaLimiter(env: NodeJS.ProcessEnv = process.env): RateLimiter {
  const local = getSharedLimiter();
  const store = resolveQuotaStore(env);
  if (store === undefined) return local;
  const holder = globalThis as Holder;
  const stores = (holder[KEY] ??= new Map());
  const id = createHash("sha256").update(JSON.stringify(store.settings)).digest("hex");
  let limiter = stores.get(id);
  if (limiter === undefined) {
    limiter = new RedisRateLimiter({ ...store, local, windowMs: QPS_WINDOW_MS });
    stores.set(id, limiter);
  }
  return limiter;
}

/** Closes and forgets this process's quota stores (tests, scripts). */
export async function resetQuotaLimiters(): Promise<void> {
  const holder = globalThis as Holder;
  const stores = holder[KEY];
  delete holder[KEY];
  for (const limiter of stores?.values() ?? []) await limiter.close();
}
