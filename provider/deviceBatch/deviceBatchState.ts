import type { AuthType, DeviceBatchOutputs, DeviceRecord, RegisteredDevice, StoredDeviceBatchOutputs } from "./deviceBatchTypes";
import { decodeDeviceValues, encodeDeviceValues } from "./deviceValues";

/** The non-device fields of the outputs, taken from the inputs in force. */
export interface DeviceBatchMeta {
  readonly productKey: string;
  readonly authType: AuthType;
  readonly iotInstanceId?: string;
  readonly adoptExisting?: boolean;
}

/**
 * The mutable view of a batch's state while an operation runs: what exists remotely, by DeviceName.
 * Every operation starts from the previous outputs, records each device as soon as the API confirms
 * it, and renders outputs from here, both on success and for a partial-failure error.
 *
 * DeviceSecrets are not kept: outputs travel to the program in the engine's answer, which
 * `pulumi up --debug` prints whole (secret or not), so a program asks getDeviceSecrets instead.
 * `deviceSecrets` of state written by 0.1.0 is dropped when read.
 */
export class DeviceBatchState {
  readonly devices = new Map<string, RegisteredDevice>();
  readonly applyIds: number[] = [];
  readonly pendingApplyIds = new Set<number>();

  /** State from stored outputs of either shape (0.1.0 objects or compact strings); tolerates missing fields. */
  static fromOutputs(outs: Partial<StoredDeviceBatchOutputs> | undefined): DeviceBatchState {
    const s = new DeviceBatchState();
    const o = (outs ?? {}) as Record<string, unknown>;
    if (isLegacyOutputs(outs)) {
      for (const [name, d] of Object.entries((o.devices ?? {}) as Record<string, RegisteredDevice>)) {
        s.devices.set(name, d.nickname ? { iotId: d.iotId, nickname: d.nickname } : { iotId: d.iotId });
      }
    } else {
      const nicknames = decodeDeviceValues(o.nicknames as string | undefined);
      for (const [name, iotId] of decodeDeviceValues(o.iotIds as string | undefined)) {
        const nickname = nicknames.get(name);
        s.devices.set(name, nickname ? { iotId, nickname } : { iotId });
      }
    }
    s.applyIds.push(...((o.applyIds as number[] | undefined) ?? []));
    for (const id of (o.pendingApplyIds as number[] | undefined) ?? []) s.pendingApplyIds.add(id);
    return s;
  }

  /** Records a device the API reported (registered, adopted or read). */
  add(rec: DeviceRecord): void {
    this.devices.set(rec.name, rec.nickname ? { iotId: rec.iotId, nickname: rec.nickname } : { iotId: rec.iotId });
  }

  remove(name: string): void {
    this.devices.delete(name);
  }

  setNickname(name: string, nickname: string | undefined): void {
    const d = this.devices.get(name);
    if (d) this.devices.set(name, nickname ? { iotId: d.iotId, nickname } : { iotId: d.iotId });
  }

  /** Marks ApplyIds as fully recorded. */
  settle(applyIds: readonly number[]): void {
    for (const id of applyIds) {
      this.pendingApplyIds.delete(id);
      if (!this.applyIds.includes(id)) this.applyIds.push(id);
    }
  }

  /** Outputs in the compact shape of {@link DeviceBatchOutputs}, with no `undefined` anywhere. */
  toOutputs(meta: DeviceBatchMeta): DeviceBatchOutputs {
    const nicknames: [string, string][] = [];
    for (const [name, d] of this.devices) if (d.nickname) nicknames.push([name, d.nickname]);
    const out: { -readonly [K in keyof DeviceBatchOutputs]: DeviceBatchOutputs[K] } = {
      productKey: meta.productKey,
      authType: meta.authType,
      iotIds: encodeDeviceValues(mapValues(this.devices, (d) => d.iotId)),
      nicknames: encodeDeviceValues(nicknames),
      applyIds: [...this.applyIds],
      pendingApplyIds: [...this.pendingApplyIds],
      deviceCount: this.devices.size,
    };
    if (meta.iotInstanceId !== undefined) out.iotInstanceId = meta.iotInstanceId;
    if (meta.adoptExisting !== undefined) out.adoptExisting = meta.adoptExisting;
    return out;
  }
}

/**
 * True for outputs in the 0.1.0 shape (`devices` and `deviceSecrets` as objects keyed by name), which
 * every operation still reads and rewrites in the compact shape.
 */
export function isLegacyOutputs(outs: Partial<StoredDeviceBatchOutputs> | undefined): boolean {
  const o = (outs ?? {}) as Record<string, unknown>;
  return typeof o.iotIds !== "string" && (typeof o.devices === "object" || typeof o.deviceSecrets === "object");
}

function* mapValues<V>(m: ReadonlyMap<string, V>, f: (v: V) => string): Iterable<[string, string]> {
  for (const [k, v] of m) yield [k, f(v)];
}
