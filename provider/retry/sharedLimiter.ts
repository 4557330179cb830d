import { SlidingWindowLimiter } from "./SlidingWindowLimiter";

/**
 * The process-wide limiter. It lives on `globalThis` under a registry symbol, not in a captured
 * variable: Pulumi serializes captured objects by value (Pulumi docs: Function serialization), while
 * every dynamic resource of a deployment runs in one provider process and must share one
 * quota. The global also makes two installed copies of this package share it. The key is a string,
 * not a Symbol.for(): a by-value serialization (a linked, not installed, package) turns a captured
 * symbol into a plain object, while a string survives. V2: the permit interface (acquire resolves
 * with a Permit); a copy of 0.1.0 loaded in the same process keeps its own V1 limiter.
 */
export const SHARED_LIMITER_KEY = "__pulumiAlicloudIotSharedLimiterV2";
const KEY = SHARED_LIMITER_KEY;

type Holder = { [KEY]?: SlidingWindowLimiter };

/** The limiter every RpcClient uses unless one is injected. */
export function getSharedLimiter(): SlidingWindowLimiter {
  const holder = globalThis as Holder;
  let limiter = holder[KEY];
  if (limiter === undefined) {
    limiter = new SlidingWindowLimiter();
    holder[KEY] = limiter;
  }
  return limiter;
}

/** Forgets all buckets (tests). */
export function resetSharedLimiter(): void {
  delete (globalThis as Holder)[KEY];
}
