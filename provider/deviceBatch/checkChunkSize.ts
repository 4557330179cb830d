import { ACTION_LIMITS, X509_MAX_DEVICE_NAMES } from "../limits";
import type { AuthType } from "./deviceBatchTypes";

/**
 * Most names one BatchCheckDeviceNames call may carry: 10,000, or 1,000 for X.509 products. The
 * service silently discards names beyond the limit (IoT Platform API reference: BatchCheckDeviceNames), so a chunk
 * must never exceed it.
 */
export function checkChunkSize(authType: AuthType): number {
  return authType === "x509" ? X509_MAX_DEVICE_NAMES : ACTION_LIMITS.BatchCheckDeviceNames.maxItems;
}
