import type { StoredDeviceBatchOutputs } from "./deviceBatchTypes";

/** A registered device as diffDeviceSets compares it. */
type RegisteredSettings = { readonly nickname?: string };
import { decodeDeviceValues } from "./deviceValues";
import { isLegacyOutputs } from "./deviceBatchState";

const NO_NICKNAME: RegisteredSettings = Object.freeze({});

/**
 * The registered devices of stored outputs (either shape) as `diffDeviceSets` reads them: name →
 * `{ nickname? }`. Decodes only the IotId and nickname texts (no secrets) and shares one object for
 * every device without a nickname, so a diff over 100,000 devices stays a few milliseconds.
 */
export function registeredDeviceSet(olds: Partial<StoredDeviceBatchOutputs> | undefined): Record<string, RegisteredSettings> {
  const o = (olds ?? {}) as Record<string, unknown>;
  if (isLegacyOutputs(olds)) return (o.devices ?? {}) as Record<string, RegisteredSettings>;
  const nicknames = decodeDeviceValues(o.nicknames as string | undefined);
  const out: Record<string, RegisteredSettings> = Object.create(null);
  for (const name of decodeDeviceValues(o.iotIds as string | undefined).keys()) {
    const nickname = nicknames.get(name);
    out[name] = nickname ? { nickname } : NO_NICKNAME;
  }
  return out;
}
