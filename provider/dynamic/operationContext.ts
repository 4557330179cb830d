import { AsyncLocalStorage } from "async_hooks";
import type { Connection } from "../connection/Connection";
import type { OperationTally } from "./operationTally";
import type { ResourceLog } from "./resourceLog";

/**
 * What the provider operation in progress (one check/diff/create/read/update/delete of one
 * resource, see resourceOperations.ts) is about, for the code it runs and everything that code
 * awaits: where its calls go, which row of the engine's display its messages belong to, and the
 * tally of its API calls for the closing summary.
 */
export interface OperationContext {
  /** The resource's connection (region, profile, endpoint); undefined: the stack's settings. */
  readonly connection?: Connection;
  /** The resource's URN (its `__urn` input), when known. */
  readonly urn?: string;
  /** Counts the operation's API calls, retries and throttles (RpcClient reports to it). */
  readonly tally?: OperationTally;
  /** The operation's log: its lines go to the resource's row (resourceLog.ts). */
  readonly log?: ResourceLog;
}

// One store per process on globalThis (like the limiter): two copies of the package must agree on
// the operation in progress.
const STORE = "__pulumiAlicloudIotOperationV1";
type Holder = { [STORE]?: AsyncLocalStorage<OperationContext | undefined> };

function store(): AsyncLocalStorage<OperationContext | undefined> {
  return ((globalThis as Holder)[STORE] ??= new AsyncLocalStorage<OperationContext | undefined>());
}

/** Runs `fn` (and what it awaits) as the operation `context`. */
export function runOperation<T>(context: OperationContext | undefined, fn: () => T): T {
  return store().run(context, fn);
}

/** The operation in progress, if any. */
export function currentOperation(): OperationContext | undefined {
  return store().getStore();
}
