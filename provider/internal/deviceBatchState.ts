import type { AuthType, DeviceBatchOutputs, DeviceRecord, RegisteredDevice } from "./deviceBatchTypes";

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

  /** State from stored outputs; tolerates missing fields (older or partial state). */
  static fromOutputs(outs: Partial<DeviceBatchOutputs> | undefined): DeviceBatchState {
    const s = new DeviceBatchState();
    for (const [name, d] of Object.entries(outs?.devices ?? {})) s.devices.set(name, d);
    s.applyIds.push(...(outs?.applyIds ?? []));
    for (const id of outs?.pendingApplyIds ?? []) s.pendingApplyIds.add(id);
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

  /** Outputs in the shape of {@link DeviceBatchOutputs}, with no `undefined` anywhere. */
  toOutputs(meta: DeviceBatchMeta): DeviceBatchOutputs {
    const devices: Record<string, RegisteredDevice> = {};
    for (const [name, d] of this.devices) devices[name] = d;
    const out: { -readonly [K in keyof DeviceBatchOutputs]: DeviceBatchOutputs[K] } = {
      productKey: meta.productKey,
      authType: meta.authType,
      devices,
      applyIds: [...this.applyIds],
      pendingApplyIds: [...this.pendingApplyIds],
      deviceCount: this.devices.size,
    };
    if (meta.iotInstanceId !== undefined) out.iotInstanceId = meta.iotInstanceId;
    if (meta.adoptExisting !== undefined) out.adoptExisting = meta.adoptExisting;
    return out;
  }
}
