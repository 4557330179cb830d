import { resolveConfig } from "../config";
import { effectiveQps } from "../limits";

/**
 * {@link effectiveQps} under the configuration in force, for time estimates. Never throws: without
 * usable config yet (e.g. a preview without credentials) the documented quota is used.
 */
export function configuredQps(action: string): number {
  let qpsOverrides: Readonly<Record<string, number>> = {};
  try {
    qpsOverrides = resolveConfig().qpsOverrides;
  } catch {
    // no usable config: the documented quota
  }
  return effectiveQps(action, { qpsOverrides });
}
