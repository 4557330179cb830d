/**
 * The v1 `Timestamp` common parameter for the instant `epochMs`: UTC ISO-8601 without milliseconds,
 * `YYYY-MM-DDThh:mm:ssZ` (IoT Platform API reference: Common parameters).
 */
export function rpcTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}
