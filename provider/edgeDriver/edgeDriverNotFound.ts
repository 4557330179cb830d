import { isGone } from "../errors/goneCodes";
import { isIotApiError } from "../errors/IotApiError";

/**
 * True when `err` is an API error saying the driver or the version does not exist (goneCodes.ts:
 * undocumented codes, so any other business error is confirmed with a query whose empty result is
 * documented, QueryEdgeDriverVersion or BatchGetEdgeDriver, before concluding anything).
 */
export function isEdgeDriverNotFound(err: unknown): boolean {
  return isGone(err, "edgeDriver");
}

/** True when `err` is a business error (HTTP 2xx, `Success:false`): the call reached the service and was refused. */
export function isEdgeDriverBusinessError(err: unknown): boolean {
  return isIotApiError(err) && err.kind === "business";
}
