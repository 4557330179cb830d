import { checkFailure, type CheckFailure } from "./checkFailure";
import { isUnknown } from "./unknown";

/**
 * The keys an input object accepts, at every level: `true` for a leaf (any value; its own rules check
 * it), a nested shape for an object, `[shape]` for a list of objects, `{ "*": shape }` for a map
 * whose values are objects of that shape. Used by every resource's `check` through
 * {@link unknownKeyFailures}, so a typo (`descripton`) or a misplaced key
 * (`containerConfig.portMapping`) fails the preview instead of being dropped.
 */
export type KeyShape = { readonly [key: string]: KeyShape | true | readonly [KeyShape] };

/** The shape key that stands for "any key" (a map keyed by name). */
export const ANY_KEY = "*";

/**
 * One failure per key that `shape` does not accept, anywhere in `value`, with its path
 * (`containerConfig.portMappings[0].x`) and the keys accepted there. At the top level (`path` empty)
 * keys starting with `__` are the package's own (`__provider`, `__urn`, internal state) and keys whose
 * value is `undefined` are the resource class's output placeholders; both are skipped. Values of the
 * wrong type and preview placeholders are left to the field rules. `owner` names the top level in
 * messages (e.g. "EdgeDriverVersion"). `ownKeys` are top-level keys `check` itself writes (e.g. a
 * preview `summary`), skipped when checked inputs are checked again. Pure.
 */
export function unknownKeyFailures(value: unknown, shape: KeyShape, owner: string, ownKeys: readonly string[] = []): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const own = new Set(ownKeys);
  const top = typeof value === "object" && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).filter(([k]) => !own.has(k))) : value;
  visit(top, shape, "", owner, failures);
  return failures;
}

function visit(value: unknown, shape: KeyShape, path: string, owner: string, out: CheckFailure[]): void {
  if (typeof value !== "object" || value === null || Array.isArray(value) || isUnknown(value)) return;
  const any = shape[ANY_KEY];
  const accepted = Object.keys(shape).filter((k) => k !== ANY_KEY);
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const at = path === "" ? key : `${path}.${key}`;
    if (path === "" && (key.startsWith("__") || child === undefined)) continue;
    const rule = any !== undefined ? any : shape[key];
    if (rule === undefined) {
      out.push(checkFailure(at, child, `not be set: ${path === "" ? owner : `\`${path}\``} takes ${listOf(accepted)}`));
    } else if (rule !== true) {
      descend(child, rule, at, owner, out);
    }
  }
}

function descend(value: unknown, rule: KeyShape | readonly [KeyShape], path: string, owner: string, out: CheckFailure[]): void {
  if (Array.isArray(rule)) {
    if (!Array.isArray(value)) return;
    value.forEach((item, i) => visit(item, (rule as readonly [KeyShape])[0], `${path}[${i}]`, owner, out));
  } else {
    visit(value, rule as KeyShape, path, owner, out);
  }
}

/** "a, b and c". */
function listOf(keys: readonly string[]): string {
  if (keys.length <= 1) return keys.join("");
  return `${keys.slice(0, -1).join(", ")} and ${keys[keys.length - 1]}`;
}
