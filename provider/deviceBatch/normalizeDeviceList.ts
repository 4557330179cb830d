import type { CheckFailure } from "../dynamic/checkFailure";
import { checkFailure } from "../dynamic/checkFailure";
import type { DeviceMap, DeviceSettings } from "./deviceBatchTypes";
import { DEVICE_NAME_RULE, isValidDeviceName, isValidNickname, nicknameLength, NICKNAME_RULE } from "../rules/deviceNameRules";
import { isUnknown, UNKNOWN } from "../dynamic/unknown";

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
 * Accepts a list of names or `{ name, nickname }` objects, or a map `{ [name]: { nickname } }` (the
 * normalised form itself). Rules, each failure naming the device and the rule: DeviceName format
 * (deviceNameRules.ts), uniqueness within the batch, nickname format, a non-empty list. An empty or
 * null nickname means none. A name that is the preview's unknown placeholder makes the whole map
 * unknown; an unknown nickname is kept as is and checked on `up`. O(n).
 */
export function normalizeDeviceList(value: unknown): NormalizedDevices {
  if (isUnknown(value)) return { devices: UNKNOWN, failures: [] };
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
    if (typeof name !== "string") {
      collector.add(checkFailure(`${path}.name`, name, "be a device name (a string)"));
      return;
    }
    if (!isValidDeviceName(name)) {
      collector.add(checkFailure(path, name, DEVICE_NAME_RULE));
      return;
    }
    if (name === "__proto__") {
      // Protobuf's Struct.toJavaScript assigns keys to a plain object, where this one would vanish.
      collector.add(checkFailure(path, name, "be a device name other than __proto__, which this resource cannot key by"));
      return;
    }
    const earlier = firstSeenAt.get(name);
    if (earlier !== undefined) {
      collector.add(checkFailure(path, name, `name a device only once in the batch (${earlier} has the same name)`));
      return;
    }
    firstSeenAt.set(name, path);
    const settings: { nickname?: string } = {};
    if (isUnknown(nickname)) settings.nickname = UNKNOWN;
    else if (typeof nickname === "string" && nickname !== "") {
      if (!isValidNickname(nickname)) {
        collector.add(checkFailure(`${path}.nickname`, nickname, `${NICKNAME_RULE} (device ${JSON.stringify(name)}; this one counts ${nicknameLength(nickname)})`));
        return;
      }
      settings.nickname = nickname;
    } else if (nickname !== undefined && nickname !== null && nickname !== "") {
      collector.add(checkFailure(`${path}.nickname`, nickname, `be a string (the nickname of device ${JSON.stringify(name)})`));
      return;
    }
    devices[name] = settings as DeviceSettings;
  };

  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const path = `devices[${i}]`;
      if (typeof item === "string" || isUnknown(item)) add(path, item, undefined);
      else if (isPlainObject(item)) {
        const extra = Object.keys(item).filter((k) => k !== "name" && k !== "nickname");
        if (extra.length > 0) {
          count++;
          collector.add(checkFailure(path, extra, "have only the keys name and nickname; unknown keys"));
        } else add(path, item.name, item.nickname);
      } else {
        count++;
        collector.add(checkFailure(path, item, 'be a device name or an object { name, nickname }'));
      }
    });
  } else if (isPlainObject(value)) {
    for (const name of Object.keys(value)) {
      const path = `devices[${JSON.stringify(name)}]`;
      const settings = value[name];
      if (settings === null || settings === undefined) add(path, name, undefined);
      else if (isPlainObject(settings) && Object.keys(settings).every((k) => k === "nickname")) add(path, name, settings.nickname);
      else {
        count++;
        collector.add(checkFailure(path, settings, "be an object { nickname }"));
      }
    }
  } else {
    return { devices: {}, failures: [checkFailure("devices", value, "be a list of device names or { name, nickname } objects")] };
  }

  if (count === 0) collector.add(checkFailure("devices", value, "list at least one device"));
  return { devices: unknownName ? UNKNOWN : devices, failures: collector.done() };
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
