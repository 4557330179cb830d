import { formatDuration } from "./formatDuration";
import { quotaBoundSeconds } from "./quotaBoundSeconds";

/**
 * `noun` is singular ("device"). The `summary` input of a fleet resource: "32,002 devices; deleting takes ≥ 10 min 40 s at
 * DeleteDevice 50 QPS" (one call per item). `check` records it with the inputs because a destroy
 * preview prints the recorded inputs without asking the provider anything, and a replace preview
 * prints it beside the other inputs: the count and the quota-bound time show where the reviewer looks.
 */
export function destroySummary(count: number, noun: string, verb: string, action: string, qps: number): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? noun : `${noun}s`}; ${verb} takes ≥ ${formatDuration(quotaBoundSeconds(count, qps))} at ${action} ${qps} QPS`;
}
