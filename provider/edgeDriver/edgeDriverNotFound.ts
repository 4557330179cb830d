import { isIotApiError } from "../errors/IotApiError";

/**
 * Business codes meaning "this driver / driver version does not exist". Alibaba documents none of
 * them: these are the emulator's (emulator/errors.ts). The providers therefore treat a
 * match as proof of absence, and confirm any other business error with a query whose empty result is
 * documented (QueryEdgeDriverVersion, BatchGetEdgeDriver) before concluding anything.
 */
export const EDGE_NOT_FOUND_CODES: ReadonlySet<string> = new Set(["iot.edge.DriverNotExist", "iot.edge.DriverVersionNotExist"]);

/** True when `err` is an API error saying the driver or the version does not exist. */
export function isEdgeDriverNotFound(err: unknown): boolean {
  return isIotApiError(err) && EDGE_NOT_FOUND_CODES.has(err.code);
}

/** True when `err` is a business error (HTTP 2xx, `Success:false`): the call reached the service and was refused. */
export function isEdgeDriverBusinessError(err: unknown): boolean {
  return isIotApiError(err) && err.kind === "business";
}
