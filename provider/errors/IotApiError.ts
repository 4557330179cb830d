/** Where an {@link IotApiError} came from. */
export type IotErrorKind =
  /** HTTP 4xx/5xx from the POP gateway with `{RequestId, Code, Message}` (IoT Platform API reference: Common parameters). */
  | "gateway"
  /** HTTP 2xx with `Success: false`, `Code` and `ErrorMessage` (IoT Platform API reference: DeleteDevice response). */
  | "business"
  /** No HTTP response: refused, reset, timed out. `code` is the Node/axios code (`ECONNREFUSED`). */
  | "network"
  /** A response that is not the documented JSON envelope. */
  | "protocol";

/** Why the client stopped retrying (see provider/retry/RetryStrategy.ts). */
export type RetryRefusal = "notRetryable" | "outcomeUnknown" | "attemptsExhausted" | "timeBudgetExhausted";

/** Fields of an {@link IotApiError}; `apiMessage` is the server's (already redacted) text. */
export interface IotApiErrorInit {
  readonly action: string;
  readonly code: string;
  readonly apiMessage: string;
  readonly kind: IotErrorKind;
  readonly requestId?: string;
  readonly httpStatus?: number;
  readonly attempts?: number;
  readonly retryRefusal?: RetryRefusal;
  /** Must already be free of URL, parameters and credentials: it is shown by util.inspect. */
  readonly cause?: Error;
}

/**
 * {@link IotApiError} is the one error the RPC client throws for a failed call.
 *
 * Contract: its `message`, `toString()`, `JSON.stringify` and `util.inspect` forms never contain the
 * endpoint URL, the request parameters, the AccessKeyId, a secret, a security token or a signature.
 * The client guarantees it by building every field from redacted data and by never keeping the raw
 * axios error (whose `config.data` holds the signed form body), not even as `cause`.
 */
export class IotApiError extends Error {
  declare readonly name: "IotApiError";
  /** The API `Action` that failed, e.g. `CreateEdgeDriver`. */
  readonly action: string;
  /** Alibaba `Code` (e.g. `Throttling.User`, `iot.prod.NotExistedProduct`) or a network code (`ECONNREFUSED`). */
  readonly code: string;
  /** The server's message, redacted; `message` is the full sentence built from the template. */
  readonly apiMessage: string;
  readonly kind: IotErrorKind;
  readonly requestId: string | undefined;
  /** HTTP status, or undefined when no response arrived. */
  readonly httpStatus: number | undefined;
  /** Attempts made, the first included. */
  readonly attempts: number;
  /** Why no further attempt was made; undefined on errors not (yet) seen by the retry loop. */
  readonly retryRefusal: RetryRefusal | undefined;
  declare readonly cause?: Error;

  constructor(init: IotApiErrorInit) {
    super(IotApiError.formatMessage(init));
    this.action = init.action;
    this.code = init.code;
    this.apiMessage = init.apiMessage;
    this.kind = init.kind;
    this.requestId = init.requestId;
    this.httpStatus = init.httpStatus;
    this.attempts = init.attempts ?? 1;
    this.retryRefusal = init.retryRefusal;
    // Non-enumerable, as axios does for its own `cause`: keeps JSON.stringify and loggers flat.
    if (init.cause !== undefined) {
      Object.defineProperty(this, "cause", { value: init.cause, enumerable: false, writable: false, configurable: true });
    }
  }

  /** The message template: `${action} failed: ${code}: ${message} (RequestId ${requestId})`, `none` when absent. */
  static formatMessage(init: Pick<IotApiErrorInit, "action" | "code" | "apiMessage" | "requestId">): string {
    return `${init.action} failed: ${init.code}: ${init.apiMessage} (RequestId ${init.requestId ?? "none"})`;
  }

  /** A copy that records the retry loop's outcome. */
  withRetryOutcome(attempts: number, retryRefusal: RetryRefusal): IotApiError {
    return new IotApiError({
      action: this.action,
      code: this.code,
      apiMessage: this.apiMessage,
      kind: this.kind,
      requestId: this.requestId,
      httpStatus: this.httpStatus,
      cause: this.cause,
      attempts,
      retryRefusal,
    });
  }

  /** What JSON.stringify emits: the public fields only, never `cause` or `stack`. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      action: this.action,
      code: this.code,
      message: this.message,
      requestId: this.requestId,
      httpStatus: this.httpStatus,
      attempts: this.attempts,
      kind: this.kind,
      retryRefusal: this.retryRefusal,
    };
  }
}

// On the prototype, so the name is fixed, not an own enumerable field, and right in `stack`.
Object.defineProperty(IotApiError.prototype, "name", { value: "IotApiError", enumerable: false, writable: false, configurable: true });

/**
 * True for an {@link IotApiError}, also one built by another copy of this package (where `instanceof`
 * fails, e.g. a program and its dynamic provider resolving different installs).
 */
export function isIotApiError(value: unknown): value is IotApiError {
  if (value instanceof IotApiError) return true;
  const v = value as { name?: unknown; code?: unknown; action?: unknown } | null;
  return (
    typeof v === "object" && v !== null && v.name === "IotApiError" && typeof v.code === "string" && typeof v.action === "string"
  );
}
