import type * as pulumi from "@pulumi/pulumi";

/** One validation failure, as `check` returns it (the shape of Pulumi's `CheckFailure`). */
export interface CheckFailure {
  /** Dotted path of the offending input, e.g. `containerConfig.portMappings[0].hostPort`. */
  readonly property: string;
  /** A sentence naming the property, the rule and the value. */
  readonly reason: string;
}

/** Longest rendering of an offending value inside a reason; longer values are cut with "…". */
export const MAX_SHOWN_VALUE_CHARS = 80;

/**
 * The one form of every validation message (style.md item 8):
 * `` Expected `<property>` to <rule>, got <value> ``.
 *
 * `rule` is a verb phrase ("be 1–64 characters of letters, digits, _, - and ."); `value` is shown as
 * JSON (strings quoted), cut to {@link MAX_SHOWN_VALUE_CHARS}. Pass a measure instead of the raw value
 * when the measure is what broke the rule, with its `unit` (`checkFailure("description", 300,
 * "be at most 256 bytes in UTF-8", "bytes")` → "… got 300 bytes").
 */
export function checkFailure(property: string, value: unknown, rule: string, unit?: string): CheckFailure {
  const shown = unit === undefined ? showValue(value) : `${showValue(value)} ${unit}`;
  return { property, reason: `Expected \`${property}\` to ${rule}, got ${shown}` };
}

/** Renders a value for a message: JSON, `undefined` for a missing value, cut to a readable length. */
export function showValue(value: unknown): string {
  let text: string;
  if (value === undefined) text = "undefined";
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > MAX_SHOWN_VALUE_CHARS ? `${text.slice(0, MAX_SHOWN_VALUE_CHARS - 1)}…` : text;
}

/** The `check` answer for inputs a pure check produced: the failures only when there are some. */
export function checkResult<I>(checked: { readonly inputs: I; readonly failures: readonly CheckFailure[] }): pulumi.dynamic.CheckResult<I> {
  return checked.failures.length > 0 ? { inputs: checked.inputs, failures: [...checked.failures] } : { inputs: checked.inputs };
}
