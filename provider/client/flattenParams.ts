/** A request parameter value before flattening: scalars, lists and objects nest freely. */
export type ParamValue = string | number | boolean | null | undefined | ParamValue[] | { [key: string]: ParamValue };

/**
 * Flattens nested parameters into the RPC wire form (Alibaba Cloud API signature (RPC, signature v1)): `Key.N` for list items and
 * `Key.N.Field` for objects in lists, 1-based; `null`/`undefined` are dropped; numbers and booleans
 * are stringified. Objects outside lists flatten as `Key.Field`.
 */
export function flattenParams(params: Record<string, ParamValue>): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (prefix: string, value: ParamValue): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(`${prefix}.${i + 1}`, item));
    } else if (typeof value === "object") {
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}.${k}` : k, v);
    } else {
      out[prefix] = String(value);
    }
  };
  for (const [k, v] of Object.entries(params)) walk(k, v);
  return out;
}
