import type { CheckFailure } from "../dynamic/checkFailure";
import { checkFailure } from "../dynamic/checkFailure";
import type { DeviceMap, DeviceSettings } from "./deviceBatchTypes";
import { DEVICE_NAME_RULE, isValidDeviceName, isValidNickname, nicknameLength, NICKNAME_RULE } from "../rules/deviceNameRules";
import { isUnknown, UNKNOWN } from "../dynamic/unknown";
import { NO_NICKNAME } from "./deviceSettings";

/** At most this many device failures are listed; the rest are summarised in one more failure. */
export const MAX_DEVICE_FAILURES = 20;

/** What {@link normalizeDeviceList} returns. */
export interface NormalizedDevices {
  /** The devices keyed by name, or UNKNOWN while some name is not known (preview). */
  readonly devices: DeviceMap | typeof UNKNOWN;
  /** One failure per offending device (capped, see {@link MAX_DEVICE_FAILURES}); empty when valid. */
  readonly failures: CheckFailure[];
}

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Validates the `devices` input and normalises it to a map keyed by DeviceName, so that the engine's
 * per-key diff shows added and removed devices, not shifted array indexes.
 *
 * Accepts a list of names or `{ name, nickname }` objects, or a map `{ [name]: nickname }` (the
 * normalised form itself, `""` for no nickname, deviceSettings.ts; `{ nickname }` and `{}` too, as
 * 0.1.0 and 0.2.0 stored it). Rules, each failure naming the device and the rule: DeviceName format
 * (deviceNameRules.ts), uniqueness within the batch, nickname format, a non-empty list. An empty or
 * null nickname means none. A name that is the preview's unknown placeholder makes the whole map
 * unknown; an unknown nickname is kept as is and checked on `up`. O(n).
 */
export function normalizeDeviceList(value: unknown): NormalizedDevices {
  if (isUnknown(value)) return { devices: UNKNOWN, failures: [] };
  if (!Array.isArray(value) && !isPlainObject(value)) {
    return { devices: {}, failures: [checkFailure("devices", value, "be a list of device names or { name, nickname } objects")] };
  }
  const collector = new FailureCollector();
  const devices: DeviceMap = {};
  const firstSeenAt = new Map<string, string>();
  let unknownName = false;
  let count = 0;

  const add = (path: string, name: unknown, nickname: unknown): void => {
    count++;
    if (isUnknown(name)) {
      unknownName = true;
      return;
    }
    const failure = nameFailure(path, name, firstSeenAt);
    if (failure !== undefined || typeof name !== "string") {
      if (failure !== undefined) collector.add(failure);
      return;
    }
    firstSeenAt.set(name, path);
    const settings = settingsOf(path, name, nickname);
    if (typeof settings !== "string" && "failure" in settings) collector.add(settings.failure);
    else devices[name] = settings;
  };
  const reject = (failure: CheckFailure): void => {
    count++;
    collector.add(failure);
  };
  forEachDevice(value, add, reject);

  if (count === 0) collector.add(checkFailure("devices", value, "list at least one device"));
  return { devices: unknownName ? UNKNOWN : devices, failures: collector.done() };
}

/** Why `name` (at `path`) cannot be a device of the batch, or undefined. */
function nameFailure(path: string, name: unknown, firstSeenAt: ReadonlyMap<string, string>): CheckFailure | undefined {
  if (typeof name !== "string") return checkFailure(`${path}.name`, name, "be a device name (a string)");
  if (!isValidDeviceName(name)) return checkFailure(path, name, DEVICE_NAME_RULE);
  // Protobuf's Struct.toJavaScript assigns keys to a plain object, where this one would vanish.
  if (name === "__proto__") return checkFailure(path, name, "be a device name other than __proto__, which this resource cannot key by");
  const earlier = firstSeenAt.get(name);
  if (earlier !== undefined) return checkFailure(path, name, `name a device only once in the batch (${earlier} has the same name)`);
  return undefined;
}

/** The settings of device `name` from its `nickname` (none when empty or null), or why it is not one. */
function settingsOf(path: string, name: string, nickname: unknown): DeviceSettings | { failure: CheckFailure } {
  if (isUnknown(nickname)) return UNKNOWN;
  if (typeof nickname === "string" && nickname !== "") {
    if (isValidNickname(nickname)) return nickname;
    return { failure: checkFailure(`${path}.nickname`, nickname, `${NICKNAME_RULE} (device ${JSON.stringify(name)}; this one counts ${nicknameLength(nickname)})`) };
  }
  if (nickname !== undefined && nickname !== null && nickname !== "") {
    return { failure: checkFailure(`${path}.nickname`, nickname, `be a string (the nickname of device ${JSON.stringify(name)})`) };
  }
  return NO_NICKNAME;
}

/** Calls `add` for every entry of a device list or map, `reject` for an entry of the wrong shape. */
function forEachDevice(
  value: readonly unknown[] | Record<string, unknown>,
  add: (path: string, name: unknown, nickname: unknown) => void,
  reject: (failure: CheckFailure) => void,
): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const path = `devices[${i}]`;
      if (typeof item === "string" || isUnknown(item)) add(path, item, undefined);
      else if (isPlainObject(item)) {
        const extra = Object.keys(item).filter((k) => k !== "name" && k !== "nickname");
        if (extra.length > 0) reject(checkFailure(path, extra, "have only the keys name and nickname; unknown keys"));
        else add(path, item.name, item.nickname);
      } else reject(checkFailure(path, item, "be a device name or an object { name, nickname }"));
    });
    return;
  }
  for (const name of Object.keys(value)) {
    const path = `devices[${JSON.stringify(name)}]`;
    const settings = (value as Record<string, unknown>)[name];
    if (settings === null || settings === undefined) add(path, name, undefined);
    else if (typeof settings === "string" || isUnknown(settings)) add(path, name, settings);
    else if (isPlainObject(settings) && Object.keys(settings).every((k) => k === "nickname")) add(path, name, settings.nickname);
    else reject(checkFailure(path, settings, "be a nickname (\"\" for none) or an object { nickname }"));
  }
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Keeps the first {@link MAX_DEVICE_FAILURES} failures and counts the rest. */
class FailureCollector {
  private readonly kept: CheckFailure[] = [];
  private dropped = 0;

  add(f: CheckFailure): void {
    if (this.kept.length < MAX_DEVICE_FAILURES) this.kept.push(f);
    else this.dropped++;
  }

  done(): CheckFailure[] {
    if (this.dropped === 0) return this.kept;
    return [...this.kept, { property: "devices", reason: `${this.dropped} more devices break the rules above (only the first ${MAX_DEVICE_FAILURES} are listed)` }];
  }
}
