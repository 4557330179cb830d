/**
 * Error classification by tables, never by message text (style.md "absorb" item 4; contrast
 * terraform-provider-alicloud `NeedRetry`, which matches regexes over messages).
 */

/** The four classes; only `throttling` and `transient` are retried. */
export type ErrorClass = "throttling" | "transient" | "client" | "server";

/** Alibaba codes meaning "slow down" (IoT Platform: Error codes; TF errors.go `Rejected.Throttling`). */
export const THROTTLING_CODES: ReadonlySet<string> = new Set([
  "Throttling",
  "Throttling.User",
  "Throttling.Api",
  "Rejected.Throttling",
  "iot.common.HighFrequentDeny",
  "iot.messagebroker.RateLimit",
]);

/** HTTP statuses that mean throttling even without a recognised code (429: Alibaba Cloud OCR). */
export const THROTTLING_HTTP_STATUS: ReadonlySet<number> = new Set([429]);

/** Alibaba codes for a server-side fault that a later attempt may not hit (IoT Platform: Error codes). */
export const TRANSIENT_CODES: ReadonlySet<string> = new Set(["ServiceUnavailable", "InternalError"]);

/** HTTP statuses retried whatever the code (smithy `TRANSIENT_ERROR_STATUS_CODES`). */
export const TRANSIENT_HTTP_STATUS: ReadonlySet<number> = new Set([500, 502, 503, 504]);

/**
 * Node and axios codes of a connection that failed or broke (smithy `NODEJS_TIMEOUT_ERROR_CODES` +
 * `NODEJS_NETWORK_ERROR_CODES`). `ENOTFOUND` is left out on purpose: a mistyped endpoint should fail
 * at once, not after two minutes of backoff; `EAI_AGAIN` is the transient DNS failure.
 */
export const NODE_NETWORK_ERROR_CODES: ReadonlySet<string> = new Set([
  "ECONNRESET",
  "ETIMEDOUT",
  "ECONNREFUSED",
  "EPIPE",
  "ECONNABORTED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
  "ESOCKETTIMEDOUT",
  "ERR_SOCKET_CONNECTION_TIMEOUT",
  "ERR_NETWORK",
  "REQUEST_DEADLINE_EXCEEDED",
]);

/**
 * Codes and statuses that prove the server did not execute the request, so even a non-idempotent
 * call (one without a dedupe token) can be retried: throttled, refused before any byte was
 * sent, or rejected by the gateway as unavailable. Anything else transient (a reset or a timeout
 * after sending, 500/502/504) leaves the outcome unknown.
 */
export const NOT_EXECUTED_CODES: ReadonlySet<string> = new Set([
  ...THROTTLING_CODES,
  "ServiceUnavailable",
  "ECONNREFUSED",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN",
  "ERR_SOCKET_CONNECTION_TIMEOUT",
]);

/** See {@link NOT_EXECUTED_CODES}. */
export const NOT_EXECUTED_HTTP_STATUS: ReadonlySet<number> = new Set([429, 503]);

/** How deep `cause` chains are followed (smithy `isTransientError` also bounds it). */
export const MAX_CAUSE_DEPTH = 5;

interface ErrorFacts {
  readonly code?: string;
  readonly status?: number;
}

/** Reads `code` and the HTTP status (`httpStatus`, `statusCode`, `status` or `response.status`). */
function factsOf(err: unknown): ErrorFacts {
  if (typeof err !== "object" || err === null) return {};
  const e = err as Record<string, unknown>;
  const response = e.response as Record<string, unknown> | undefined;
  const statusCandidates = [e.httpStatus, e.statusCode, e.status, response?.status];
  const status = statusCandidates.find((s): s is number => typeof s === "number");
  return { code: typeof e.code === "string" ? e.code : undefined, status };
}

/** `err`, then its `cause`s up to {@link MAX_CAUSE_DEPTH}. */
function* causeChain(err: unknown): Generator<ErrorFacts> {
  let current: unknown = err;
  for (let depth = 0; depth <= MAX_CAUSE_DEPTH && typeof current === "object" && current !== null; depth++) {
    yield factsOf(current);
    current = (current as { cause?: unknown }).cause;
  }
}

/**
 * Classifies an error from the RPC client (an IotApiError) or a raw error (axios, Node system error),
 * walking `cause`: throttling first, then transient; otherwise 5xx is `server` and anything else
 * `client`. Only `throttling` and `transient` are worth another attempt.
 */
export function classifyError(err: unknown): ErrorClass {
  const chain = [...causeChain(err)];
  if (chain.some((f) => (f.code !== undefined && THROTTLING_CODES.has(f.code)) || (f.status !== undefined && THROTTLING_HTTP_STATUS.has(f.status)))) {
    return "throttling";
  }
  const transient = chain.some(
    (f) =>
      (f.code !== undefined && (TRANSIENT_CODES.has(f.code) || NODE_NETWORK_ERROR_CODES.has(f.code))) ||
      (f.status !== undefined && TRANSIENT_HTTP_STATUS.has(f.status)),
  );
  if (transient) return "transient";
  return chain.some((f) => f.status !== undefined && f.status >= 500) ? "server" : "client";
}

/** True when the error proves the request was not executed (see {@link NOT_EXECUTED_CODES}). */
export function wasNotExecuted(err: unknown): boolean {
  return [...causeChain(err)].some(
    (f) => (f.code !== undefined && NOT_EXECUTED_CODES.has(f.code)) || (f.status !== undefined && NOT_EXECUTED_HTTP_STATUS.has(f.status)),
  );
}
