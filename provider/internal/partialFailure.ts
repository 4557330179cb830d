/** The duck-typed error the dynamic-provider server turns into a partial failure. */
export interface PartialFailure extends Error {
  /** Id of the resource that exists despite the failure. */
  readonly id: string;
  /** Its outputs as they are; stored in state by the engine. */
  readonly properties: Record<string, unknown>;
  /** Why it failed; the engine keeps them as the resource's init errors. */
  readonly reasons: string[];
}

/** Most reasons kept; a batch can fail for thousands of devices at once. */
export const MAX_REASONS = 20;

/**
 * Builds the error `create`/`update` throw when the remote state changed but the operation failed,
 * so the engine records `properties` under `id` instead of forgetting what exists. The
 * server does not add `__provider` to `properties`; without it a later refresh or delete fails with
 * "code must be a string, not undefined", so it is copied from the inputs here.
 */
export function partialFailure(message: string, id: string, properties: object, reasons: readonly string[], provider: unknown): PartialFailure {
  const shown = reasons.length > MAX_REASONS ? [...reasons.slice(0, MAX_REASONS), `… and ${reasons.length - MAX_REASONS} more`] : [...reasons];
  return Object.assign(new Error(message), { id, properties: { ...properties, __provider: provider }, reasons: shown });
}
