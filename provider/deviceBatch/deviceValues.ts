/**
 * The compact encoding of a per-device output (IotIds, DeviceSecrets, nicknames): ONE string holding
 * a JSON object keyed by DeviceName, `{"lamp-0001":"Xk2…","lamp-0002":"9fQ…"}`.
 *
 * Why one string: a 100,000-entry object output is converted between JavaScript and protobuf Structs
 * several times on every `up` and `preview` (provider, engine, program); one string is copied as
 * bytes. Programs rarely read every entry: {@link pickDeviceValue} finds one without parsing, and
 * `JSON.parse` (or {@link decodeDeviceValues}) gives the whole object when it is needed.
 *
 * Contract: DeviceNames and the stored values never contain `"`, `\` or control characters (the
 * DeviceName rule; IotIds and DeviceSecrets are alphanumeric; nicknames are letters, digits, `_` and
 * Chinese characters), so a key occurs in the text exactly as `"<name>":` — a value is followed by
 * `,` or `}`, never `:`. Encoding still goes through JSON.stringify, so any string stays valid JSON.
 */

/** `{}`: the encoding of no devices. */
export const NO_DEVICE_VALUES = "{}";

/** Encodes name → value pairs (in iteration order) as the JSON text of an object keyed by name. */
export function encodeDeviceValues(entries: Iterable<readonly [string, string]>): string {
  const parts: string[] = [];
  for (const [name, value] of entries) parts.push(`${JSON.stringify(name)}:${JSON.stringify(value)}`);
  return `{${parts.join(",")}}`;
}

/** Decodes the text of {@link encodeDeviceValues} into a Map (empty for `""`, `undefined` or `{}`). */
export function decodeDeviceValues(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!text) return out;
  const parsed = JSON.parse(text) as Record<string, unknown>;
  for (const name of Object.keys(parsed)) {
    const value = parsed[name];
    if (typeof value === "string") out.set(name, value);
  }
  return out;
}

/**
 * The value of device `name` in an encoded text, or `undefined` when the device is not in it. Scans
 * the text once (no parse), so picking one secret of 1,000,000 devices costs milliseconds and no
 * memory.
 */
export function pickDeviceValue(text: string | undefined, name: string): string | undefined {
  if (!text) return undefined;
  const key = `${JSON.stringify(name)}:`;
  const at = text.indexOf(key);
  if (at < 0) return undefined;
  const start = at + key.length;
  if (text[start] !== '"') return undefined;
  // Values hold no escapes (see the contract above), so the next quote ends the value.
  const end = text.indexOf('"', start + 1);
  return end < 0 ? undefined : text.slice(start + 1, end);
}
