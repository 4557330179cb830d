import type { ApiCaller } from "../../dynamic/ApiCaller";
import { POLL } from "../../limits";
import type { Clock } from "../../retry/Clock";
import { systemClock } from "../../retry/Clock";
import type { ProductScope } from "../deviceBatchTypes";

/** States of a batch application (IoT Platform API reference: QueryBatchRegisterDeviceStatus). */
export type ApplyStatus = "CHECK" | "CHECK_SUCCESS" | "CHECK_FAILED" | "CREATE" | "CREATE_SUCCESS" | "CREATE_FAILED";

/** One entry of `InvalidDetailList` (current docs; absent from SDK 3.0.11, so optional). */
export interface InvalidDetail {
  readonly DeviceName?: string;
  readonly ErrorMsg?: string;
  readonly NickName?: string;
}

/** `Data` of QueryBatchRegisterDeviceStatus (IoT Platform API reference: QueryBatchRegisterDeviceStatus). */
export interface ApplyStatusData {
  readonly Status: ApplyStatus;
  readonly ValidList?: { readonly Name?: string[] };
  readonly InvalidList?: { readonly Name?: string[] };
  readonly InvalidDetailList?: InvalidDetail[] | { readonly InvalidDetail?: InvalidDetail[] };
}

/** Polling schedule: first wait, backoff ceiling, give-up time (ms). */
export interface PollSettings {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly timeoutMs: number;
}

/** The batch did not reach the awaited state within the polling budget. */
export class ApplyTimeoutError extends Error {
  declare readonly name: "ApplyTimeoutError";
  constructor(
    readonly applyId: number,
    readonly lastStatus: ApplyStatus,
    readonly waitedMs: number,
  ) {
    super(
      `ApplyId ${applyId} was still ${lastStatus} after ${Math.round(waitedMs / 1000)} s of polling QueryBatchRegisterDeviceStatus ` +
        `(limit ${Math.round(POLL.timeoutMs / 1000)} s); the service may still finish it, and the next pulumi up collects its devices`,
    );
  }
}
Object.defineProperty(ApplyTimeoutError.prototype, "name", { value: "ApplyTimeoutError", enumerable: false });

/**
 * Polls QueryBatchRegisterDeviceStatus for `applyId` until `settled(status)` holds, waiting
 * `initialDelayMs` before the first query and doubling up to `maxDelayMs`; throws an
 * {@link ApplyTimeoutError} once `timeoutMs` have passed. Each query also passes the shared QPS limiter.
 */
export async function pollApplyStatus(
  caller: ApiCaller,
  scope: ProductScope,
  applyId: number,
  settled: (status: ApplyStatus) => boolean,
  clock: Clock = systemClock,
  poll: PollSettings = POLL,
): Promise<ApplyStatusData> {
  const startedAt = clock.now();
  let delay = poll.initialDelayMs;
  for (;;) {
    await clock.sleep(delay);
    const body = await caller.call<{ Data: ApplyStatusData }>("QueryBatchRegisterDeviceStatus", {
      ProductKey: scope.productKey,
      ApplyId: applyId,
      IotInstanceId: scope.iotInstanceId,
    });
    const data = body.Data;
    if (settled(data.Status)) return data;
    const waited = clock.now() - startedAt;
    if (waited >= poll.timeoutMs) throw new ApplyTimeoutError(applyId, data.Status, waited);
    delay = Math.min(poll.maxDelayMs, Math.max(1, delay * 2), Math.max(1, poll.timeoutMs - waited));
  }
}

/** Names and service reasons of the entries an application rejected (`*_FAILED`). */
export function invalidEntries(data: ApplyStatusData): Map<string, string> {
  const out = new Map<string, string>();
  const details = Array.isArray(data.InvalidDetailList) ? data.InvalidDetailList : data.InvalidDetailList?.InvalidDetail ?? [];
  for (const d of details) if (d.DeviceName) out.set(d.DeviceName, d.ErrorMsg ?? "rejected by the service");
  for (const name of data.InvalidList?.Name ?? []) if (!out.has(name)) out.set(name, "rejected by the service (no reason given)");
  return out;
}
