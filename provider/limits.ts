/**
 * Every number the client, the rate limiter, the retry layer and the emulator share.
 *
 * Units are in the names (`Qps` = calls arriving at the server per second per Alibaba Cloud account and action;
 * `Ms` = milliseconds). Sources: the IoT Platform API reference page of each operation and IoT Platform: Limits
 * (QPS per account). Where sources disagree the safer value is used and the
 * other one is noted.
 *
 * A quota of Q QPS means at most Q calls ARRIVE AT THE SERVER in any one-second window, as a gateway
 * counts them: the emulator's throttle counts arrivals that way (a sliding window, not a token bucket
 * with burst Q), and the client's limiter keeps to it whatever the network delay (SlidingWindowLimiter.ts).
 */

/** One API action's limits. */
export interface ActionLimits {
  /** Calls per second per account (RAM users share the account's quota). */
  readonly qps: number;
  /** Most items one call accepts (names, ids, topology items), when the action takes a list. */
  readonly maxItems?: number;
  /** Largest page size the action accepts, when it is paged. */
  readonly maxPageSize?: number;
  /** Where the numbers come from. */
  readonly source: string;
}

/** Per-action limits. Keys are API `Action` names. */
export const ACTION_LIMITS = {
  // Products and their thing models (Product, ThingModel, getProducts/getProduct/getDevices).
  CreateProduct: { qps: 50, source: "IoT Platform API reference: CreateProduct" },
  QueryProduct: { qps: 50, source: "not documented; our strict reading (the common 50 QPS of the product queries: QueryProductList, QueryDevice)" },
  QueryProductList: { qps: 50, maxPageSize: 200, source: "IoT Platform API reference: QueryProductList (2 QPS once CurrentPage × PageSize ≥ 100,000)" },
  UpdateProduct: { qps: 10, source: "IoT Platform API reference: UpdateProduct" },
  DeleteProduct: { qps: 500, source: "IoT Platform API reference: DeleteProduct" },
  ImportThingModelTsl: { qps: 5, source: "IoT Platform API reference: ImportThingModelTsl" },
  PublishThingModel: { qps: 5, source: "IoT Platform API reference: PublishThingModel" },
  GetThingModelTsl: { qps: 20, source: "IoT Platform API reference: GetThingModelTsl" },
  GetThingModelTslPublished: { qps: 20, source: "IoT Platform API reference: GetThingModelTslPublished" },
  QueryDevice: { qps: 50, maxPageSize: 50, source: "IoT Platform API reference: QueryDevice (2 QPS once CurrentPage × PageSize ≥ 100,000; NextToken needed past 10,000)" },

  // Link IoT Edge drivers.
  CreateEdgeDriver: { qps: 10, source: "IoT Platform: Limits (QPS per account)" },
  QueryEdgeDriver: { qps: 5, maxPageSize: 30, source: "IoT Platform: Limits (QPS per account)" },
  BatchGetEdgeDriver: { qps: 5, maxItems: 30, source: "IoT Platform API reference: BatchGetEdgeDriver; IoT Platform: Limits (QPS per account)" },
  DeleteEdgeDriver: { qps: 5, source: "IoT Platform: Limits (QPS per account)" },
  CreateEdgeDriverVersion: { qps: 10, maxItems: 10, source: "IoT Platform API reference: CreateEdgeDriverVersion (maxItems = mappings of each kind)" },
  UpdateEdgeDriverVersion: { qps: 10, maxItems: 10, source: "IoT Platform: Limits (QPS per account)" },
  GetEdgeDriverVersion: { qps: 10, source: "IoT Platform: Limits (QPS per account)" },
  QueryEdgeDriverVersion: { qps: 10, maxPageSize: 30, source: "IoT Platform: Limits (QPS per account)" },
  DeleteEdgeDriverVersion: { qps: 10, source: "IoT Platform: Limits (QPS per account)" },
  ReleaseEdgeDriverVersion: { qps: 10, source: "IoT Platform: Limits (QPS per account)" },

  // Devices.
  BatchCheckDeviceNames: { qps: 10, maxItems: 10_000, source: "IoT Platform API reference: BatchCheckDeviceNames; 1,000 for X.509 (X509_MAX_DEVICE_NAMES)" },
  QueryBatchRegisterDeviceStatus: { qps: 30, source: "IoT Platform: Limits (QPS per account)" },
  BatchRegisterDeviceWithApplyId: { qps: 500, source: "IoT Platform: Limits (QPS per account)" },
  QueryPageByApplyId: { qps: 50, maxPageSize: 50, source: "IoT Platform API reference: QueryPageByApplyId; IoT Platform: Limits (QPS per account)" },
  BatchRegisterDevice: { qps: 10, maxItems: 10_000, source: "IoT Platform: Limits (QPS per account) (1,000 in 2020)" },
  DeleteDevice: { qps: 50, source: "IoT Platform: Limits (QPS per account) (500 in 2020; 50 is current and safer)" },
  BatchUpdateDeviceNickname: { qps: 10, maxItems: 100, source: "IoT Platform: Limits (QPS per account) (item limit not documented; 100 is our strict reading)" },
  BatchQueryDeviceDetail: { qps: 5, maxItems: 100, source: "IoT Platform API reference: BatchQueryDeviceDetail; IoT Platform: Limits (QPS per account)" },
  QueryDeviceDetail: { qps: 50, source: "IoT Platform: Limits (QPS per account)" },

  // Topology.
  BatchAddThingTopo: { qps: 5, maxItems: 10, source: "IoT Platform API reference: BatchAddThingTopo says both 5 and 10; 5 is the safe reading" },
  GetThingTopo: { qps: 500, maxPageSize: 50, source: "IoT Platform API reference: GetThingTopo; IoT Platform: Limits (QPS per account)" },
  RemoveThingTopo: { qps: 500, source: "IoT Platform: Limits (QPS per account)" },
  NotifyAddThingTopo: { qps: 500, source: "IoT Platform: Limits (QPS per account)" },

  // Service invocation.
  InvokeThingsService: { qps: 10, maxItems: 100, source: "IoT Platform API reference: InvokeThingsService" },
  InvokeThingService: { qps: 500, source: "IoT Platform: Limits (QPS per account)" },
} as const satisfies Record<string, ActionLimits>;

export type IotAction = keyof typeof ACTION_LIMITS;

/** BatchCheckDeviceNames accepts only 1,000 names per call for X.509 products (IoT Platform API reference: BatchCheckDeviceNames). */
export const X509_MAX_DEVICE_NAMES = 1_000;

/** Fallback quota for an action missing from ACTION_LIMITS (strictest documented value). */
export const DEFAULT_QPS = 5;

/** Length of the sliding window a QPS quota is counted over. */
export const QPS_WINDOW_MS = 1_000;

/**
 * How far ahead of its bucket's even schedule (one start per window/Q) the client's limiter may start
 * a call: the tolerance of a generic cell rate algorithm. Starts still average at most Q per window,
 * and no more than 1 + τ·Q/W start together (6 at 50 QPS, 1 at 5 QPS), where the live-slot count
 * alone would let Q go at once after an idle window. Why not 0: once the slot count binds, slots free
 * one window after each answer, as unevenly as the round trips vary, and a strict schedule made each
 * early slot wait, which delayed its next turn too (0.939 of the quota instead of the 0.958 bound at
 * 0–80 ms jitter; 100 ms reaches it: scripts/bench-limiter-model.js). Our choice: a tenth of the window.
 */
export const SPACING_TOLERANCE_MS = 100;

/**
 * How the client's limiter lowers its own rate after a throttling answer (another client may be using
 * the account's quota): the bucket's quota is multiplied by `factor` (at least 1 call), then grows
 * by `recoveryPerWindow` × the quota (rounded up) at each window without a new throttle. Our choice
 * (additive-increase/multiplicative-decrease as in TCP congestion control); the vendor pages only
 * say to retry later.
 */
export const THROTTLE_BACKOFF = {
  factor: 0.5,
  recoveryPerWindow: 0.1,
} as const;

/** Retry and transport settings (smithy util-retry defaults, adapted). */
export const RETRY = {
  /** Attempts per call, the first included. */
  maxAttempts: 8,
  /** First backoff, before jitter. */
  baseDelayMs: 200,
  /**
   * First backoff after a throttling error, before jitter: one QPS window, because the quota that
   * refused us is counted per second and shared with every other client of the account.
   */
  throttlingBaseDelayMs: 1_000,
  /** Backoff ceiling for one wait. */
  maxDelayMs: 10_000,
  /**
   * Budget of one call, retries included: its attempts and backoff waits together (not the wait for
   * the rate limiter). No backoff is scheduled past it, and each attempt's deadline is cut to what is
   * left of it, so a server that never answers fails the call within it.
   */
  maxTotalMs: 120_000,
} as const;

/**
 * Overall deadline of one HTTP attempt — connect, send, response headers and the whole body — not an
 * idle timeout per socket event; ≥ 10 s because InvokeThingService's synchronous path waits up to 8 s
 * (5 s in older pages). Also how long the limiter counts a call whose permit is never released.
 */
export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * How an engine's Node process (the dynamic provider, the program) notices that the Pulumi CLI died
 * (retry/watchEngine.ts): a TCP probe of the engine's gRPC address every `intervalMs`; once it is
 * refused, no new API call starts and the process exits. Our choice: a second bounds the calls made
 * after a `kill -9` to about one second of quota.
 */
export const ENGINE_WATCH = {
  intervalMs: 1_000,
  /** A probe still pending after this long counts as "alive" (a busy machine), ms. */
  probeTimeoutMs: 5_000,
} as const;

/**
 * The shared quota store (quota/RedisRateLimiter.ts, docs/shared-quota.md). Our choices:
 * - `renewEveryMs`: how often a process renews the leases of its calls in flight;
 * - `leaseSlackMs`: a lease ends this long past one window after its last renewal. A killed
 *   process's call can reach the server up to its death (and Redis heard it last at most one renewal
 *   period before that), so its slot must count until about death + window: two renewal periods of
 *   slack cover the period and a late timer. A live process loses a lease only if no renewal reaches
 *   Redis for a whole lease (window + slack);
 * - `graceMs`: how late a waiter may come back after its hint and keep its place in the queue (each
 *   process queues one call per bucket, so a place lost costs only the turns of the others);
 * - `retryAfterMs`: after Redis failed, how long calls stay on the local window before Redis is tried again.
 */
export const QUOTA_STORE = {
  renewEveryMs: 50,
  leaseSlackMs: 100,
  graceMs: 100,
  retryAfterMs: 2_000,
} as const;

/** Validity window of a v1 `Timestamp` / V3 `x-acs-date`, either side of the server clock (V3 request body and signature mechanism; v1 is undocumented). */
export const TIMESTAMP_WINDOW_MS = 15 * 60_000;
/** How long a `SignatureNonce` is remembered for replay detection (our strict reading; the vendor pages are silent). */
export const NONCE_TTL_MS = 15 * 60_000;

/** Polling of asynchronous device batches (IoT Platform API reference: QueryBatchRegisterDeviceStatus). */
export const POLL = {
  initialDelayMs: 100,
  maxDelayMs: 2_000,
  /** A batch still unfinished after this long is a timeout error. */
  timeoutMs: 10 * 60_000,
} as const;

/**
 * Calls one flow keeps in flight or waiting for the limiter at once (pages, detail batches, topology
 * chunks, deletes, detaches): enough to keep a quota of hundreds of QPS busy at round-trip times in
 * the hundreds of milliseconds, few enough that a throttled account is not flooded (measured against
 * the emulator, docs/device-batch.md: 64 → 5–6% of pages throttled, 16 → < 1%). Our choice.
 */
export const MAX_IN_FLIGHT = 16;

/** DeleteDevice calls in flight at once when a batch is destroyed (one device per call). */
export const DELETE_CONCURRENCY = MAX_IN_FLIGHT;

/** RemoveThingTopo calls in flight at once when sub-devices are detached (one per call). */
export const DETACH_CONCURRENCY = MAX_IN_FLIGHT;

/** BatchUpdateDeviceNickname calls (100 devices each) in flight at once. Our choice: half of MAX_IN_FLIGHT, as each call carries a full batch. */
export const NICKNAME_CONCURRENCY = 8;

/** Most sub-devices one gateway can hold (IoT Platform API reference: BatchAddThingTopo, iot.device.TopoRelationCountExceeded). */
export const MAX_SUBDEVICES_PER_GATEWAY = 2_000;

/** Returns the limits of `action`, or the strictest default for an unknown action. */
export function limitsFor(action: string): ActionLimits {
  return (ACTION_LIMITS as Record<string, ActionLimits>)[action] ?? { qps: DEFAULT_QPS, source: "default" };
}

/**
 * The QPS quota of `action` in force: the `alicloud-iot:qpsOverrides` entry when there is one, else
 * the documented quota ({@link limitsFor}). The client's limiter and every time estimate use this,
 * so a preview's "≥ N s at Q QPS" is the pace the client then keeps.
 */
export function effectiveQps(action: string, config: { readonly qpsOverrides: Readonly<Record<string, number>> }): number {
  return config.qpsOverrides[action] ?? limitsFor(action).qps;
}
