/**
 * ProductKey, the id IoT Platform issues to a product: letters and digits (such as a1BwAGVxxxx; IoT
 * Platform API reference: CreateProduct, response ProductKey). The one rule every resource's check,
 * the lookups and the emulator's seed files apply.
 */
export const PRODUCT_KEY_PATTERN = /^[A-Za-z0-9]{1,64}$/;

/** The ProductKey rule as a `checkFailure` verb phrase. */
export const PRODUCT_KEY_RULE = "be a ProductKey of letters and digits, such as a1BwAGVxxxx";

/** True when `value` is a ProductKey by {@link PRODUCT_KEY_PATTERN}. */
export function isValidProductKey(value: unknown): value is string {
  return typeof value === "string" && PRODUCT_KEY_PATTERN.test(value);
}
