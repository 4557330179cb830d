import type { Device } from "../device";
import type { DeviceMutation } from "../mutation";
import { deviceIn, type Scope } from "../scope";
import type { Store } from "../store";
import { detachAll } from "./topology";

/** Devices: delete one, set nicknames. (Devices are created by batches: reducers/applies.) */
export function reduceDevice(store: Store, m: DeviceMutation): void {
  const s = store.scope(m.scope);
  switch (m.op) {
    case "device.delete":
      removeDevice(s, deviceIn(s, m.iotId));
      return;
    case "device.nicknames":
      for (const [iotId, nickname] of m.items) deviceIn(s, iotId).nickname = nickname ?? undefined;
      return;
  }
}

/** Removes a device from its product, its scope's index and the topology (as gateway and as sub-device). */
export function removeDevice(s: Scope, d: Device): void {
  detachAll(d);
  d.product.devices.delete(d.name);
  s.devicesByIotId.delete(d.iotId);
}
