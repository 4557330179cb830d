import { Driver } from "../driver";
import type { DriverMutation } from "../mutation";
import { StateError } from "../stateError";
import type { Store } from "../store";

/** Edge drivers and their versions: create, delete, put a version, delete it, release it. */
export function reduceDriver(store: Store, m: DriverMutation): void {
  switch (m.op) {
    case "driver.create":
      store.scope(m.scope).drivers.set(m.driver.driverId, new Driver(m.driver));
      return;
    case "driver.delete":
      store.scope(m.scope).drivers.delete(m.driverId);
      return;
    case "version.put": {
      const d = driverOf(store, m.scope, m.driverId);
      d.versions.set(m.version.driverVersion, m.version);
      d.rec = { ...d.rec, gmtModified: Math.max(d.rec.gmtModified, m.version.gmtModified) };
      return;
    }
    case "version.delete":
      driverOf(store, m.scope, m.driverId).versions.delete(m.driverVersion);
      return;
    case "version.release": {
      const d = driverOf(store, m.scope, m.driverId);
      const v = d.versions.get(m.driverVersion);
      if (!v) throw new StateError(`driver version ${m.driverVersion} not found`);
      d.versions.set(m.driverVersion, { ...v, versionState: "1", gmtModified: m.at });
      return;
    }
  }
}

function driverOf(store: Store, scope: string, driverId: string): Driver {
  const d = store.scope(scope).drivers.get(driverId);
  if (!d) throw new StateError(`driver ${driverId} not found`);
  return d;
}
