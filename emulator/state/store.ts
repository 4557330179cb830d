/**
 * The emulator's state, and the only code that changes it.
 *
 * State never sees HTTP (moto's rule). Every change is a `Mutation` (mutation.ts): a plain JSON
 * value carrying everything needed to apply it, so that applying the same mutations in the same
 * order always rebuilds the same state. `commit()` applies a mutation and hands it to the journal
 * sink (when the emulator has a data dir); start-up replays the journal through the same `apply()`,
 * which hands each mutation to its family's reducer (reducers/).
 *
 * Resources are scoped by account and IoT instance (`scopeKey(account, iotInstanceId)`, scope.ts).
 */

import type { Apply } from "./apply";
import type { Device } from "./device";
import type { Mutation } from "./mutation";
import { reduceApply } from "./reducers/applies";
import { reduceDevice } from "./reducers/devices";
import { reduceDriver } from "./reducers/drivers";
import { reduceProduct } from "./reducers/products";
import { reduceTopology } from "./reducers/topology";
import { Scope } from "./scope";
import { StateError } from "./stateError";

const FIRST_APPLY_ID = 1_000_001;

export class Store {
  readonly scopes = new Map<string, Scope>();
  /** Every batch by ApplyId, across scopes (ApplyIds are global). */
  readonly applies = new Map<number, Apply>();
  /** Batches whose running phase has not ended yet, in creation order. */
  readonly pending = new Set<Apply>();
  nextApplyId = FIRST_APPLY_ID;
  /** Receives every committed mutation (the journal); absent when running in memory. */
  sink: ((m: Mutation) => void) | undefined;
  /** Count of committed mutations since start (for stats). */
  commits = 0;

  scope(key: string): Scope {
    let s = this.scopes.get(key);
    if (!s) {
      s = new Scope(key);
      this.scopes.set(key, s);
    }
    return s;
  }

  /** Applies a mutation and sends it to the journal. */
  commit(m: Mutation): void {
    this.apply(m);
    this.commits++;
    this.sink?.(m);
  }

  /** Applies a mutation without journaling it (replay). */
  apply(m: Mutation): void {
    switch (m.op) {
      case "product.create":
      case "product.delete":
      case "product.update":
        return reduceProduct(this, m);
      case "driver.create":
      case "driver.delete":
      case "version.put":
      case "version.delete":
      case "version.release":
        return reduceDriver(this, m);
      case "apply.create":
      case "apply.checked":
      case "apply.startCreate":
      case "apply.fail":
      case "apply.created":
        return reduceApply(this, m);
      case "device.delete":
      case "device.nicknames":
        return reduceDevice(this, m);
      case "topo.add":
      case "topo.remove":
        return reduceTopology(this, m);
      case "reset":
        this.scopes.clear();
        this.applies.clear();
        this.pending.clear();
        this.nextApplyId = FIRST_APPLY_ID;
        return;
      default: {
        const never: never = m;
        throw new StateError(`unknown mutation ${JSON.stringify(never)}`);
      }
    }
  }

  /** Indexes a batch (globally and in its scope); one whose phase is running is pending. */
  addApply(a: Apply): void {
    this.applies.set(a.rec.applyId, a);
    this.scope(a.rec.scope).applies.set(a.rec.applyId, a);
    if (a.rec.status === "CHECK" || a.rec.status === "CREATE") this.pending.add(a);
  }

  /** Indexes a device in its product and in its scope by IotId. */
  addDevice(d: Device): Device {
    d.product.devices.set(d.name, d);
    d.product.scope.devicesByIotId.set(d.iotId, d);
    return d;
  }

  /** The devices of `productKey` in every scope, in creation order (a white-box read for tests). */
  devicesOf(productKey: string): Device[] {
    const out: Device[] = [];
    for (const s of this.scopes.values()) {
      const p = s.products.get(productKey);
      if (p) for (const d of p.devices.values()) out.push(d);
    }
    return out;
  }

  /** Counts for /_emulator/stats and the benchmark. */
  counts(): { scopes: number; products: number; devices: number; drivers: number; driverVersions: number; applies: number; pendingJobs: number } {
    let products = 0;
    let devices = 0;
    let drivers = 0;
    let driverVersions = 0;
    for (const s of this.scopes.values()) {
      products += s.products.size;
      devices += s.devicesByIotId.size;
      drivers += s.drivers.size;
      for (const d of s.drivers.values()) driverVersions += d.versions.size;
    }
    return { scopes: this.scopes.size, products, devices, drivers, driverVersions, applies: this.applies.size, pendingJobs: this.pending.size };
  }
}
