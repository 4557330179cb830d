import { wasNotExecuted } from "../errors/classifyError";
import { isIotApiError } from "../errors/IotApiError";

/**
 * Whether a failed call may still have taken effect: its outcome is unknown. Only a first-attempt
 * answer from the service refusing the call proves it did nothing: a business error (HTTP 2xx with
 * `Success: false`), a gateway 4xx, or an error that proves the request never ran (throttling, 503;
 * classifyError.ts). A timeout, a reset, a 5xx or a malformed answer leaves it unknown, and so does
 * any error after a retry (an earlier attempt's answer may have been the one lost).
 */
export function mayHaveApplied(err: unknown): boolean {
  if (!isIotApiError(err)) return true;
  if (err.attempts > 1) return true;
  if (wasNotExecuted(err)) return false;
  if (err.kind === "business") return false;
  return !(err.kind === "gateway" && err.httpStatus !== undefined && err.httpStatus < 500);
}
