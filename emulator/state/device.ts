import type { Product } from "./product";

/**
 * One device. Kept small on purpose (one small object per device, strings shared with the
 * indexes) so a million devices fit in a few hundred MB (docs/emulator.md has the measured figure).
 * `gw` is its gateway, `subs` its sub-devices (both maintained by reducers/topology).
 */
export class Device {
  gw: Device | undefined = undefined;
  subs: Set<Device> | undefined = undefined;
  constructor(
    readonly product: Product,
    readonly name: string,
    readonly iotId: string,
    readonly secret: string,
    public nickname: string | undefined,
    readonly gmtCreate: number,
    readonly applyId: number,
  ) {}
}
