import type { Device } from "../device";
import type { DeviceMutation } from "../mutation";
import type { Scope } from "../scope";
import { StateError } from "../stateError";
import type { Store } from "../store";
import { detachAll } from "./topology";

/** Devices: delete one, set nicknames. (Devices are created by batches: reducers/applies.) */
export function reduceDevice(store: Store, m: DeviceMutation): void {
  const s = store.scope(m.scope);
  switch (m.op) {
    case "device.delete": {
      const d = s.devicesByIotId.get(m.iotId);
      if (!d) throw new StateError(`device ${m.iotId} not found`);
      removeDevice(s, d);
      return;
    }
    case "device.nicknames":
      for (const [iotId, nickname] of m.items) {
        const d = s.devicesByIotId.get(iotId);
        if (!d) throw new StateError(`device ${iotId} not found`);
        d.nickname = nickname ?? undefined;
      }
      return;
  }
}

/** Removes a device from its product, its scope's index and the topology (as gateway and as sub-device). */
export function removeDevice(s: Scope, d: Device): void {
  detachAll(d);
  d.product.devices.delete(d.name);
  s.devicesByIotId.delete(d.iotId);
}
