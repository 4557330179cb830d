import assert from "node:assert/strict";
import { IotApiError } from "../../../provider/errors/IotApiError";
import type { IotErrorKind } from "../../../provider/errors/IotApiError";
import { RETRY } from "../../../provider/limits";
import { REFUSAL_REASONS, RetryStrategy } from "../../../provider/retry/RetryStrategy";

function apiError(code: string, httpStatus: number | undefined, kind: IotErrorKind = "gateway"): IotApiError {
  return new IotApiError({ action: "QueryEdgeDriver", code, apiMessage: "m", kind, httpStatus, requestId: "R" });
}

describe(RetryStrategy.name, () => {
  it("takes its defaults from RETRY in limits.ts", () => {
    const s = new RetryStrategy();
    assert.deepEqual(
      [s.maxAttempts, s.baseDelayMs, s.throttlingBaseDelayMs, s.maxDelayMs, s.maxTotalMs],
      [RETRY.maxAttempts, RETRY.baseDelayMs, RETRY.throttlingBaseDelayMs, RETRY.maxDelayMs, RETRY.maxTotalMs],
    );
  });

  // [behaviour, random(), failed attempt, class, expected delay ms] with base 200, throttling base 1000, cap 10000.
  const delays: [string, number, number, "transient" | "throttling", number][] = [
    ["waits at least half the ceiling when random() is 0", 0, 1, "transient", 100],
    ["waits the full ceiling when random() approaches 1", 0.999999, 1, "transient", 200],
    ["doubles the ceiling per attempt", 0, 3, "transient", 400],
    ["starts throttling backoff from one QPS window", 0, 1, "throttling", 500],
    ["doubles throttling backoff too", 0.5, 2, "throttling", 1500],
    ["caps a single wait at maxDelayMs", 0.999999, 10, "transient", 10000],
    ["caps the lower bound at half of maxDelayMs", 0, 30, "throttling", 5000],
  ];
  for (const [behaviour, r, attempt, errorClass, expected] of delays) {
    it(behaviour, () => {
      const s = new RetryStrategy({ random: () => r, baseDelayMs: 200, throttlingBaseDelayMs: 1000, maxDelayMs: 10_000 });
      assert.equal(s.delayFor(attempt, errorClass), expected);
    });
  }

  it("names its refusal reasons", () => {
    assert.deepEqual(REFUSAL_REASONS, ["notRetryable", "outcomeUnknown", "attemptsExhausted", "timeBudgetExhausted"]);
  });

  const s = new RetryStrategy({ maxAttempts: 3, maxTotalMs: 10_000, random: () => 0 });
  // [behaviour, error, attempt, elapsedMs, idempotent, expected decision]
  const decisions: [string, unknown, number, number, boolean, object][] = [
    ["retries Throttling.User", apiError("Throttling.User", 400), 1, 0, true, { retry: true, delayMs: 500, errorClass: "throttling" }],
    ["retries a 503", apiError("ServiceUnavailable", 503), 2, 0, true, { retry: true, delayMs: 200, errorClass: "transient" }],
    ["refuses InvalidParameter as notRetryable", apiError("InvalidParameter", 400), 1, 0, true, { retry: false, reason: "notRetryable", errorClass: "client" }],
    ["refuses a business error as notRetryable", apiError("iot.device.NotExistedDevice", 200, "business"), 1, 0, true, { retry: false, reason: "notRetryable", errorClass: "client" }],
    ["refuses HTTP 501 as notRetryable", apiError("NotImplemented", 501), 1, 0, true, { retry: false, reason: "notRetryable", errorClass: "server" }],
    ["refuses after maxAttempts with attemptsExhausted", apiError("Throttling", 400), 3, 0, true, { retry: false, reason: "attemptsExhausted", errorClass: "throttling" }],
    ["refuses with timeBudgetExhausted when the wait would pass maxTotalMs", apiError("Throttling", 400), 1, 9_600, true, { retry: false, reason: "timeBudgetExhausted", errorClass: "throttling" }],
    ["retries when the wait ends exactly at maxTotalMs", apiError("Throttling", 400), 1, 9_500, true, { retry: true, delayMs: 500, errorClass: "throttling" }],
    ["refuses a non-idempotent 500 with outcomeUnknown", apiError("InternalError", 500), 1, 0, false, { retry: false, reason: "outcomeUnknown", errorClass: "transient" }],
    ["refuses a non-idempotent reset with outcomeUnknown", apiError("ECONNRESET", undefined, "network"), 1, 0, false, { retry: false, reason: "outcomeUnknown", errorClass: "transient" }],
    ["retries a non-idempotent refused connection", apiError("ECONNREFUSED", undefined, "network"), 1, 0, false, { retry: true, delayMs: 100, errorClass: "transient" }],
    ["retries a non-idempotent throttled call", apiError("Throttling.Api", 400), 1, 0, false, { retry: true, delayMs: 500, errorClass: "throttling" }],
    ["retries a non-idempotent 503", apiError("ServiceUnavailable", 503), 1, 0, false, { retry: true, delayMs: 100, errorClass: "transient" }],
  ];
  for (const [behaviour, error, attempt, elapsedMs, idempotent, expected] of decisions) {
    it(behaviour, () => assert.deepEqual(s.decide({ error, attempt, elapsedMs, idempotent }), expected));
  }

  it("never looks at message text", () => {
    const e = new IotApiError({ action: "A", code: "InvalidParameter", apiMessage: "Throttling ServiceUnavailable code: 503", kind: "gateway", httpStatus: 400 });
    assert.equal(s.decide({ error: e, attempt: 1, elapsedMs: 0, idempotent: true }).retry, false);
  });

  it("validates its options with one message form", () => {
    assert.throws(() => new RetryStrategy({ maxAttempts: 0 }), { name: "RangeError", message: "Expected `maxAttempts` to be a positive integer, got 0" });
    assert.throws(() => new RetryStrategy({ maxDelayMs: -1 }), { name: "RangeError", message: "Expected `maxDelayMs` to be a non-negative number, got -1" });
  });
});
