/** Names listed per kind of change in {@link deviceSetLine}; the rest are counted. */
export const SHOWN_DEVICE_NAMES = 5;

const fmt = (n: number): string => n.toLocaleString("en-US");

function listed(names: readonly string[]): string {
  const shown = names.slice(0, SHOWN_DEVICE_NAMES).join(", ");
  return names.length > SHOWN_DEVICE_NAMES ? `${shown} … and ${fmt(names.length - SHOWN_DEVICE_NAMES)} more` : shown;
}

/**
 * One line describing a device set for a preview: "25,001 devices", and, when `before` (the
 * previous inputs' set) differs, what changed: "25,001 devices (+ clock-000000; - clock-000007)",
 * at most {@link SHOWN_DEVICE_NAMES} names of each kind. The engine prints this line where it would
 * otherwise print every name of a big set. Pure, O(n).
 */
export function deviceSetLine(after: readonly string[], before?: readonly string[]): string {
  const count = `${fmt(after.length)} ${after.length === 1 ? "device" : "devices"}`;
  if (before === undefined) return count;
  const had = new Set(before);
  const has = new Set(after);
  const added = after.filter((n) => !had.has(n));
  const removed = before.filter((n) => !has.has(n));
  const parts: string[] = [];
  if (added.length > 0) parts.push(`+ ${listed(added)}`);
  if (removed.length > 0) parts.push(`- ${listed(removed)}`);
  return parts.length === 0 ? count : `${count} (${parts.join("; ")})`;
}
