import { IotApiError } from "./IotApiError";
import { redactSecrets } from "./redactSecrets";

/** Fixed descriptions of transport failures; axios's own messages are not reused (they may grow URLs). */
export const NETWORK_ERROR_DESCRIPTIONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: "the endpoint refused the connection",
  ECONNRESET: "the connection was reset",
  ETIMEDOUT: "the connection timed out",
  ECONNABORTED: "the request timed out or was aborted",
  EPIPE: "the connection closed while the request was being sent",
  ENOTFOUND: "the endpoint host name does not resolve",
  EAI_AGAIN: "the endpoint host name could not be resolved right now",
  EHOSTUNREACH: "the endpoint host is unreachable",
  ENETUNREACH: "the network is unreachable",
  ENETDOWN: "the network is down",
  ERR_NETWORK: "the request failed without an HTTP response",
  REQUEST_DEADLINE_EXCEEDED: "no complete response arrived within the request deadline",
};

/**
 * Wraps an error thrown by the transport (an AxiosError or a Node system error) in a `network`
 * {@link IotApiError}. The original is dropped on purpose: an AxiosError's `config.data` holds the
 * signed form body and `util.inspect` would print it through `cause`. The new `cause` keeps only the
 * code and the syscall (`connect ECONNREFUSED`).
 */
export function fromTransportError(err: unknown, action: string, secrets: ReadonlyArray<string | undefined>): IotApiError {
  const e = (typeof err === "object" && err !== null ? err : {}) as { code?: unknown; syscall?: unknown; cause?: unknown };
  const inner = (typeof e.cause === "object" && e.cause !== null ? e.cause : {}) as { code?: unknown; syscall?: unknown };
  const code = firstMatch(/^[A-Z][A-Z0-9_]*$/, e.code, inner.code) ?? "RequestFailed";
  const syscall = firstMatch(/^[a-z]+$/, e.syscall, inner.syscall);
  const cause = new Error(redactSecrets(`${syscall ?? "request"} ${code}`, secrets));
  cause.name = "TransportError";
  Object.defineProperty(cause, "code", { value: code, enumerable: true });
  return new IotApiError({
    action,
    code,
    apiMessage: NETWORK_ERROR_DESCRIPTIONS[code] ?? "the request failed without an HTTP response",
    kind: "network",
    cause,
  });
}

/** The first value that is a string matching `pattern`; the patterns keep free text out. */
function firstMatch(pattern: RegExp, ...values: unknown[]): string | undefined {
  return values.find((v): v is string => typeof v === "string" && pattern.test(v));
}
