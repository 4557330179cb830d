import type { Device } from "../device";
import type { TopologyMutation } from "../mutation";
import { deviceIn } from "../scope";
import type { Store } from "../store";

/** Gateway topology: attach sub-devices to a gateway, remove a device's relations. */
export function reduceTopology(store: Store, m: TopologyMutation): void {
  const s = store.scope(m.scope);
  switch (m.op) {
    case "topo.add": {
      const gw = deviceIn(s, m.gw, "gateway");
      for (const id of m.subs) attach(gw, deviceIn(s, id, "sub-device"));
      return;
    }
    case "topo.remove":
      detachAll(deviceIn(s, m.iotId));
      return;
  }
}

/** Sub-device attach with "steal" semantics: a sub already under another gateway moves (IoT Platform API reference: BatchAddThingTopo). */
export function attach(gw: Device, sub: Device): void {
  if (sub.gw === gw) return;
  if (sub.gw) detach(sub);
  sub.gw = gw;
  (gw.subs ??= new Set()).add(sub);
}

export function detach(sub: Device): void {
  const gw = sub.gw;
  if (!gw) return;
  gw.subs?.delete(sub);
  if (gw.subs && gw.subs.size === 0) gw.subs = undefined;
  sub.gw = undefined;
}

/** Detaches a device's sub-devices, and the device from its gateway. */
export function detachAll(d: Device): void {
  if (d.subs) for (const sub of [...d.subs]) detach(sub);
  if (d.gw) detach(d);
}
