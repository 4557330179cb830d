import type { DeviceBatchInputs, DeviceMap, DeviceSettings } from "./deviceBatchTypes";

/**
 * The value under a device's name in the checked `devices` map: the device's nickname, or `""` for
 * none.
 *
 * Why a string and not `{ nickname }` / `{}` (versions 0.1.0 and 0.2.0): every checked input crosses
 * between the provider and the engine as a protobuf Struct, and an object costs a nested Struct per
 * device, more than twice the cost of a plain value (docs/performance.md). Why `""` for none and not
 * `true`: the engine's preview prints the unchanged entries of a changed map as context unless they
 * are empty (`""`, `{}`, `[]`), so `true` would list every device of a batch whenever one changes.
 * {@link legacyShapeFor} decides when a stored map moves to this shape without listing every device.
 */
export const NO_NICKNAME: DeviceSettings = "";

/** The settings of a device with `nickname` (none when undefined or empty). */
export function settingsFor(nickname: string | undefined): DeviceSettings {
  return nickname ?? NO_NICKNAME;
}

/** The nickname in a device's settings, either shape (`""`, `"nick"`, `{}` or `{ nickname }`). */
export function nicknameOf(settings: DeviceSettings | { readonly nickname?: string } | undefined): string | undefined {
  if (typeof settings === "string") return settings === "" ? undefined : settings;
  return settings?.nickname || undefined;
}

/** Whether a stored `devices` map has the 0.1.0/0.2.0 shape: a device's value is an object. */
export function isLegacyDeviceMap(devices: unknown): boolean {
  if (typeof devices !== "object" || devices === null || Array.isArray(devices)) return false;
  for (const v of Object.values(devices)) if (typeof v === "object" && v !== null) return true;
  return false;
}

/** `devices` in the 0.1.0/0.2.0 shape: `{}` for no nickname, `{ nickname }` otherwise. */
export function toLegacyShape(devices: DeviceMap): Record<string, { nickname?: string }> {
  const out: Record<string, { nickname?: string }> = {};
  const none = {};
  for (const name of Object.keys(devices)) {
    const nickname = nicknameOf(devices[name]);
    out[name] = nickname === undefined ? none : { nickname };
  }
  return out;
}

/**
 * Whether `check` must return `news.devices` in the old object shape, given the inputs stored in
 * state (`olds`). The engine shows an update's diff by comparing stored and checked inputs key by
 * key, so a shape change alone would list every device of the batch. The new shape is therefore
 * returned only when nothing else changes: the provider's diff then finds no change, the step is a
 * "same" step (nothing shown) and the engine stores the new inputs. Otherwise the old shape is kept,
 * the preview shows only the devices that changed, and the next run without changes moves the map.
 * Inputs stored by 0.1.0 (no `summary`) keep the old shape: their first update rewrites the outputs.
 */
export function legacyShapeFor(olds: Partial<Record<keyof DeviceBatchInputs, unknown>> | undefined, news: DeviceBatchInputs): boolean {
  if (olds === undefined || !isLegacyDeviceMap(olds.devices)) return false;
  if (olds.summary === undefined) return true;
  const same = (k: "productKey" | "authType" | "iotInstanceId" | "adoptExisting"): boolean => (olds[k] ?? undefined) === (news[k] ?? undefined);
  if (!same("productKey") || !same("authType") || !same("iotInstanceId") || !same("adoptExisting")) return true;
  return !sameDevices(olds.devices as Record<string, { nickname?: string }>, news.devices);
}

function sameDevices(stored: Record<string, { nickname?: string }>, desired: DeviceMap): boolean {
  const names = Object.keys(desired);
  if (Object.keys(stored).length !== names.length) return false;
  const hasOwn = Object.prototype.hasOwnProperty;
  return names.every((n) => hasOwn.call(stored, n) && (nicknameOf(stored[n]) ?? "") === (nicknameOf(desired[n]) ?? ""));
}
