import { resolveConfig } from "../config";
import { limitsFor } from "../limits";

/**
 * The QPS quota of `action` in force for time estimates: `alicloud-iot:qpsOverrides` when configured,
 * else limits.ts. Never throws: without credentials yet (e.g. a preview without config) the
 * documented quota is used.
 */
export function configuredQps(action: string): number {
  try {
    const override = resolveConfig().qpsOverrides[action];
    if (override !== undefined) return override;
  } catch {
    // no usable config: the documented quota
  }
  return limitsFor(action).qps;
}
