import type { CheckFailure } from "../dynamic/checkFailure";
import { checkFailure } from "../dynamic/checkFailure";
import { DEVICE_NAME_RULE, isValidDeviceName } from "../rules/deviceNameRules";
import { deviceSetLine } from "./deviceSetLine";
import { ARGS_RULE, SERVICE_IDENTIFIER_PATTERN, SERVICE_IDENTIFIER_RULE, TOKEN_PATTERN } from "./thingsServiceInvocationRules";
import { checkDeclaredThingModel } from "./thingsServiceInvocationModelCheck";
import type { DeviceSet, ThingsServiceInvocationInputs } from "./thingsServiceInvocationTypes";
import { deviceNames, deviceSetOf } from "./thingsServiceInvocationTypes";
import { containsUnknown, isUnknown, UNKNOWN } from "../dynamic/unknown";
import { type KeyShape, unknownKeyFailures } from "../dynamic/unknownKeys";
import { isValidProductKey, PRODUCT_KEY_RULE } from "../rules/productKey";

/** At most this many per-device failures are listed; the rest are counted in one more failure. */
export const MAX_DEVICE_FAILURES = 20;

/**
 * Keys `check` accepts (`args` and `triggers` hold the program's own JSON, so any key inside;
 * `thingModel` is checked by its own rules in thingsServiceInvocationModelCheck.ts).
 */
const INPUT_SHAPE: KeyShape = { productKey: true, identifier: true, args: true, devices: true, iotInstanceId: true, triggers: true, thingModel: true };

/** What {@link checkThingsServiceInvocation} returns: the normalised inputs and every failure. */
export interface CheckedInvocation {
  readonly inputs: ThingsServiceInvocationInputs;
  readonly failures: CheckFailure[];
}

/**
 * Validates raw inputs and normalises them; no API call. Each failure names the field, the rule and
 * the value (checkFailure.ts). Normal form: the device list becomes `__devices`, a set keyed by name
 * (duplicates are a failure, not silently dropped: they usually mean a mistake in the program), and
 * `devices` one line for reviewers (deviceSetLine.ts), naming what changed since `olds` (the previous
 * inputs, of this version or 0.1.0) when given; empty `iotInstanceId` and null/empty `triggers`
 * removed; `__urn` kept. Already-checked inputs check to themselves. Preview placeholders are kept as
 * they are and not validated (the same call is repeated with real values on `up`); a placeholder
 * inside the list makes the whole set unknown, since it cannot be keyed.
 */
export function checkThingsServiceInvocation(raw: Record<string, unknown>, olds?: Record<string, unknown>): CheckedInvocation {
  const failures: CheckFailure[] = unknownKeyFailures(raw, INPUT_SHAPE, "ThingsServiceInvocation");

  const { productKey, identifier } = raw;
  if (!isUnknown(productKey) && !isValidProductKey(productKey)) {
    failures.push(checkFailure("productKey", productKey, PRODUCT_KEY_RULE));
  }
  if (!isUnknown(identifier) && (typeof identifier !== "string" || !SERVICE_IDENTIFIER_PATTERN.test(identifier))) {
    failures.push(checkFailure("identifier", identifier, SERVICE_IDENTIFIER_RULE));
  }

  const args = raw.args === undefined || raw.args === null ? {} : raw.args;
  if (!isUnknown(args)) failures.push(...jsonFailures("args", args, true));

  const iotInstanceId = raw.iotInstanceId === "" || raw.iotInstanceId === null ? undefined : raw.iotInstanceId;
  if (iotInstanceId !== undefined && !isUnknown(iotInstanceId) && (typeof iotInstanceId !== "string" || !TOKEN_PATTERN.test(iotInstanceId))) {
    failures.push(checkFailure("iotInstanceId", iotInstanceId, "be an IoT instance id such as iot-cn-0pp1n8t****"));
  }

  const triggers = raw.triggers === null || (Array.isArray(raw.triggers) && raw.triggers.length === 0) ? undefined : raw.triggers;
  if (triggers !== undefined && !isUnknown(triggers)) {
    if (!Array.isArray(triggers)) failures.push(checkFailure("triggers", triggers, "be a list of values whose change re-invokes the service"));
    else if (!containsUnknown(triggers)) failures.push(...jsonFailures("triggers", triggers, false));
  }

  // Checked inputs handed back (a re-check in create/update) carry the set in `__devices`.
  const set = normalizeDevices(raw.__devices !== undefined && typeof raw.devices === "string" ? raw.__devices : raw.devices, failures);
  const previous = olds === undefined ? undefined : previousDevices(olds);
  const devices = isUnknown(set) ? UNKNOWN : deviceSetLine(deviceNames(set), previous);
  const declared = checkDeclaredThingModel({ ...raw, args });
  failures.push(...declared.failures);
  const inputs: Record<string, unknown> = { productKey, identifier, args, devices, __devices: set };
  if (declared.thingModel !== undefined) inputs.thingModel = declared.thingModel;
  if (iotInstanceId !== undefined) inputs.iotInstanceId = iotInstanceId;
  if (triggers !== undefined) inputs.triggers = triggers;
  if (typeof raw.__urn === "string") inputs.__urn = raw.__urn;
  return { inputs: inputs as unknown as ThingsServiceInvocationInputs, failures };
}

/** The device names of previous inputs (`__devices`, or 0.1.0's `devices`); undefined when there are none. */
function previousDevices(olds: Record<string, unknown>): string[] | undefined {
  const set = olds.__devices !== undefined ? olds.__devices : olds.devices;
  if (set === undefined || set === null || isUnknown(set) || typeof set !== "object") return undefined;
  return deviceNames(set);
}

/** The DeviceNames as a set keyed by name, or UNKNOWN; appends one failure per offending entry (capped). */
function normalizeDevices(value: unknown, failures: CheckFailure[]): DeviceSet | typeof UNKNOWN {
  if (isUnknown(value)) return UNKNOWN;
  // Already normal (a checked input handed back, e.g. by the provider re-checking): the keys are the list.
  if (isDeviceSet(value)) value = Object.keys(value);
  if (!Array.isArray(value)) {
    failures.push(checkFailure("devices", value, "be a list of device names"));
    return {};
  }
  if (value.length === 0) {
    failures.push(checkFailure("devices", value, "list at least one device"));
    return {};
  }
  const deviceFailures: CheckFailure[] = [];
  const firstSeenAt = new Map<string, number>();
  let unknown = false;
  value.forEach((name: unknown, i) => {
    const path = `devices[${i}]`;
    if (isUnknown(name)) unknown = true;
    else if (typeof name !== "string" || !isValidDeviceName(name)) deviceFailures.push(checkFailure(path, name, DEVICE_NAME_RULE));
    else if (firstSeenAt.has(name)) deviceFailures.push(checkFailure(path, name, `name a device only once (devices[${firstSeenAt.get(name)}] has the same name)`));
    else firstSeenAt.set(name, i);
  });
  if (deviceFailures.length > MAX_DEVICE_FAILURES) {
    const rest = deviceFailures.length - MAX_DEVICE_FAILURES;
    deviceFailures.splice(MAX_DEVICE_FAILURES, rest, { property: "devices", reason: `… and ${rest} more invalid devices` });
  }
  failures.push(...deviceFailures);
  if (unknown) return UNKNOWN;
  return deviceSetOf(firstSeenAt.keys());
}

/** Whether `value` is a DeviceSet (values `{}`), or 0.1.0's form of one (values `true`). */
function isDeviceSet(value: unknown): value is DeviceSet {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => v === true || (typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 0))
  );
}

/**
 * Failures of a value that must travel as JSON: only strings, finite numbers, booleans, null, lists
 * and plain objects. With `object`, the top level must be a plain object (the API's `Args`).
 * Placeholders inside are allowed (preview).
 */
function jsonFailures(property: string, value: unknown, object: boolean): CheckFailure[] {
  if (object && (typeof value !== "object" || value === null || Array.isArray(value))) return [checkFailure(property, value, ARGS_RULE)];
  const bad = firstNonJson(value, property, new Set());
  return bad === undefined ? [] : [checkFailure(bad.path, bad.value, "be a JSON value (string, finite number, boolean, null, list or object)")];
}

function firstNonJson(value: unknown, path: string, seen: Set<object>): { path: string; value: unknown } | undefined {
  if (value === null || typeof value === "string" || typeof value === "boolean") return undefined;
  if (typeof value === "number") return Number.isFinite(value) ? undefined : { path, value: String(value) };
  if (typeof value !== "object") return { path, value: typeof value };
  if (seen.has(value)) return { path, value: "a cycle" };
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return { path, value: `an instance of ${proto?.constructor?.name ?? "a class"}` };
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const bad = firstNonJson(value[i], `${path}[${i}]`, seen);
        if (bad) return bad;
      }
    } else {
      for (const [k, v] of Object.entries(value)) {
        const bad = firstNonJson(v, /^[A-Za-z_$][\w$]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`, seen);
        if (bad) return bad;
      }
    }
  } finally {
    seen.delete(value);
  }
  return undefined;
}
