import type { EmulatorServer } from "../http/server";
import type { QuotaAction, QuotaView } from "./consoleTypes";

/**
 * GET /_emulator/console/quota[?seconds=N]: per action, the quota in force, the counters of
 * GET /_emulator/stats (calls, throttled, errors, the busiest one-second window) and the per-second
 * series of the last N seconds (default 120) — what the console's charts draw.
 */
export function quotaView(server: EmulatorServer, seconds: number): QuotaView {
  const now = server.clock.now();
  const stats = server.stats.snapshot() as Record<string, object>;
  const actions = new Set([...Object.keys(stats), ...server.rates.actions()]);
  const out: QuotaAction[] = [];
  for (const action of [...actions].sort()) {
    const qps = server.throttle.qpsFor(action);
    out.push({ action, qps: qps > 0 && qps !== Infinity ? qps : null, ...(stats[action] ?? {}), series: server.rates.series(action, now, seconds) });
  }
  return { now: new Date(now).toISOString(), nowMs: now, windowMs: server.throttle.windowMs, actions: out };
}
