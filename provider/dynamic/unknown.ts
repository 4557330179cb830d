/**
 * The value Pulumi passes to a dynamic provider's `check`/`diff` for an input that is not known yet
 * during a preview (e.g. the id of a resource that will be created by the same update). It arrives as
 * this plain string wherever the value would be, at any depth (pulumi/pulumi#6310).
 * During `up` the same calls are repeated with the real values, so validation can skip it safely.
 */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `value` is the preview placeholder for an unknown input. */
export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** True when `value` is, or contains at any depth, the preview placeholder. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}
