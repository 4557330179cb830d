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
  return Object.assign(new Error(message), { id, properties: { ...properties, __provider: provider }, reasons: partialFailureReasons(message, reasons) });
}

/**
 * The `__provider` the engine passed with a resource's inputs (news or olds): the one place that reads
 * it. {@link partialFailure} needs it for the properties it hands back.
 */
export function providerOf(inputs: object): unknown {
  return (inputs as { readonly __provider?: unknown }).__provider;
}

/**
 * The reasons the engine prints, the message FIRST. For a partial failure the engine shows only the
 * reasons, never the message ("N errors occurred: * reason …", the engine's InitError), so without
 * this the user would read "* IotApiError: …" without "Registered X of Y …". Reasons the message
 * already contains are not repeated; at most {@link MAX_REASONS} others follow.
 */
export function partialFailureReasons(message: string, reasons: readonly string[]): string[] {
  const others = reasons.filter((r) => !message.includes(r));
  const shown = others.length > MAX_REASONS ? [...others.slice(0, MAX_REASONS), `… and ${others.length - MAX_REASONS} more`] : others;
  return [message, ...shown];
}
