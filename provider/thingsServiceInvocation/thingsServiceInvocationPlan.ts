import { ACTION_LIMITS } from "../limits";
import { formatDuration } from "../dynamic/formatDuration";
import { quotaBoundSeconds } from "../dynamic/quotaBoundSeconds";
import type { InvocationDiff } from "./thingsServiceInvocationDiff";

const fmt = (n: number): string => n.toLocaleString("en-US");
const devices = (n: number): string => `${fmt(n)} ${n === 1 ? "device" : "devices"}`;

/** InvokeThingsService calls for `n` devices ({@link ACTION_LIMITS} maxItems a call). */
export function invokeCalls(n: number): number {
  return Math.ceil(n / ACTION_LIMITS.InvokeThingsService.maxItems);
}


/** "251 InvokeThingsService calls, ≥ 25 s at 10 QPS". */
export function invokeCost(n: number, qps: number): string {
  const calls = invokeCalls(n);
  return `${fmt(calls)} InvokeThingsService ${calls === 1 ? "call" : "calls"}, ≥ ${formatDuration(quotaBoundSeconds(calls, qps))} at ${qps} QPS`;
}

/**
 * The one-line plan a preview shows for an invocation that changes (a pure function of the diff):
 * "will invoke testFb:TimeReset on 1 added device (25,001 after): 1 InvokeThingsService call, ≥ 0 s
 * at 10 QPS", "will re-invoke … on all 25,001 devices (args changed): …", or, for removals only,
 * "2 devices removed from the state; no call".
 */
export function invocationPlanLine(identifier: string, d: InvocationDiff, qps: number): string {
  if (d.desired.length === 0 && d.added.length === 0 && d.removed.length === 0 && d.changes) {
    return `will invoke ${identifier}; the devices are known at \`up\``;
  }
  const removed = d.removed.length > 0 ? `; ${devices(d.removed.length)} removed from the state (no call)` : "";
  if (d.reinvoke.length > 0) {
    return `will re-invoke ${identifier} on all ${devices(d.desired.length)} (${d.reinvoke.join(", ")} changed): ${invokeCost(d.desired.length, qps)}${removed}`;
  }
  if (d.added.length > 0) {
    return `will invoke ${identifier} on ${devices(d.added.length)} added (${fmt(d.desired.length)} after): ${invokeCost(d.added.length, qps)}${removed}`;
  }
  return `${devices(d.removed.length)} removed from the state; no call`;
}
