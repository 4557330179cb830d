import { SlidingWindowLimiter } from "./SlidingWindowLimiter";
import { engineAddress, watchEngine } from "./watchEngine";

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
    stopWhenEngineGone(limiter);
  }
  return limiter;
}

/**
 * In a process the Pulumi engine started, stops making API calls once the engine is gone (the CLI
 * was killed): the limiter refuses every call not yet started, and the process exits, since nothing
 * is left to report to. Elsewhere (tests, scripts) it does nothing.
 */
function stopWhenEngineGone(limiter: SlidingWindowLimiter): void {
  const address = engineAddress();
  if (address === undefined) return;
  watchEngine(address, (reason) => {
    limiter.close(reason);
    try {
      process.stderr.write(`pulumi-alicloud-iot: ${reason}; exiting without starting further API calls\n`);
    } catch {
      // The engine's end of the pipe is gone too.
    }
    process.exit(1);
  });
}

/** Forgets all buckets (tests). */
export function resetSharedLimiter(): void {
  delete (globalThis as Holder)[KEY];
}
