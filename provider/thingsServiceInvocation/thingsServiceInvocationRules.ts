/**
 * Input rules of ThingsServiceInvocation (IoT Platform API reference: InvokeThingsService), checked before any
 * API call so a preview reports them. DeviceName rules are shared with DeviceBatch (deviceNameRules.ts).
 */

/**
 * A TSL identifier: 1–50 letters, digits and `_` (the thing-model rule); a service of a custom module
 * is `module:service` (its example: `testFb:testService`). The emulator applies the same reading.
 */
export const SERVICE_IDENTIFIER_PATTERN = /^[A-Za-z0-9_]{1,50}(:[A-Za-z0-9_]{1,50})?$/;

/** The identifier rule as a `checkFailure` verb phrase. */
export const SERVICE_IDENTIFIER_RULE =
  "be a service identifier of 1–50 letters, digits and _, optionally prefixed by a custom module's identifier and : (e.g. testFb:testService)";

/** IotInstanceId: any non-empty string without whitespace (the API documents no format). */
export const TOKEN_PATTERN = /^\S+$/;

/**
 * The InvokeThingsService page documents no size limit for `Args`; the API takes it as one request parameter. None is
 * invented here: a too large value is refused by the API with its own error.
 */
export const ARGS_RULE = "be a JSON object of the service's input parameters ({} when it has none)";
