/**
 * The emulator's state, and the only code that changes it.
 *
 * State never sees HTTP (moto's rule). Every change is a `Mutation`: a plain JSON value carrying
 * everything needed to apply it — generated ids, secrets and timestamps included — so that applying
 * the same mutations in the same order always rebuilds the same state. `commit()` applies a mutation
 * and hands it to the journal sink (when the emulator has a data dir); start-up replays the journal
 * through the same `apply()`.
 *
 * Resources are scoped by account and IoT instance (`scopeKey(account, iotInstanceId)`, IoT Platform API reference: `IotInstanceId` parameter);
 * ApplyIds and IotIds are globally unique but only visible inside their scope.
 *
 * Device records are kept compact (one small object per device, strings shared with the indexes)
 * so a million devices fit in a few hundred MB (docs/emulator.md has the measured figure).
 */

import type { DriverVersionFields } from "../rules/edgeDriver";

export type NodeType = 0 | 1;

export interface ProductRecord {
  productKey: string;
  productName: string;
  nodeType: NodeType;
  authType: string;
  dataFormat: number;
  productSecret: string;
  gmtCreate: number;
  description?: string;
  protocolType?: string;
  netType?: string;
  categoryKey?: string;
  validateType?: number;
  id2?: boolean;
  aliyunCommodityCode: string;
  /** Draft thing model (ImportThingModelTsl), a TSL JSON text. Absent: the empty default model. */
  tslDraft?: string;
  /** Published thing model (PublishThingModel), a TSL JSON text; what InvokeThingsService checks against. */
  tslPublished?: string;
  /** `ModelVersion` of the published model. */
  modelVersion?: string;
  gmtModified?: number;
}

export class Product {
  readonly devices = new Map<string, Device>();
  constructor(
    readonly scope: Scope,
    readonly rec: ProductRecord,
  ) {}
  get productKey(): string {
    return this.rec.productKey;
  }
}

/** One device. Kept small on purpose: see the module comment. */
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

export interface DriverRecord {
  driverId: string;
  driverName: string;
  driverProtocol: string;
  runtime: string;
  cpuArch?: string;
  isBuiltIn: boolean;
  type: number;
  gmtCreate: number;
  gmtModified: number;
}

/** A stored driver version: the API's fields (as validated by rules/edgeDriver) plus server state. */
export interface DriverVersionRecord extends DriverVersionFields {
  /** "0" unpublished, "1" published (a string, as in the SDK model; IoT Platform API reference: GetEdgeDriverVersion). */
  versionState: "0" | "1";
  gmtCreate: number;
  gmtModified: number;
}

export class Driver {
  readonly versions = new Map<string, DriverVersionRecord>();
  constructor(public rec: DriverRecord) {}
}

export type ApplyStatus = "CHECK" | "CHECK_SUCCESS" | "CHECK_FAILED" | "CREATE" | "CREATE_SUCCESS" | "CREATE_FAILED";

/** A failed name in an async batch and why it failed. */
export type InvalidEntry = [name: string, reason: string];

export interface ApplyRecord {
  applyId: number;
  scope: string;
  productKey: string;
  /** "names": BatchCheckDeviceNames (+ BatchRegisterDeviceWithApplyId); "count": BatchRegisterDevice. */
  kind: "names" | "count";
  names?: string[];
  nicknames?: (string | null)[];
  count?: number;
  status: ApplyStatus;
  createdAt: number;
  /** When the running phase (CHECK or CREATE) ends. */
  dueAt: number;
  /** An injected fault: the running phase fails for these names (`true` = all). */
  fail?: true | string[];
  valid?: string[];
  invalid?: InvalidEntry[];
}

export class Apply {
  /** Devices created by this batch (rebuilt from Device.applyId on load). */
  devices: Device[] = [];
  constructor(public rec: ApplyRecord) {}
}

export class Scope {
  readonly products = new Map<string, Product>();
  readonly devicesByIotId = new Map<string, Device>();
  readonly drivers = new Map<string, Driver>();
  readonly applies = new Map<number, Apply>();
  constructor(readonly key: string) {}
}

/** [name, iotId, secret, nickname | null, gmtCreate] of a device a batch created. */
export type DeviceTuple = [name: string, iotId: string, secret: string, nickname: string | null, gmtCreate: number];

export type Mutation =
  | { op: "product.create"; scope: string; product: ProductRecord }
  | { op: "product.delete"; scope: string; productKey: string }
  | { op: "product.update"; scope: string; productKey: string; fields: Partial<ProductRecord> }
  | { op: "driver.create"; scope: string; driver: DriverRecord }
  | { op: "driver.delete"; scope: string; driverId: string }
  | { op: "version.put"; scope: string; driverId: string; version: DriverVersionRecord }
  | { op: "version.delete"; scope: string; driverId: string; driverVersion: string }
  | { op: "version.release"; scope: string; driverId: string; driverVersion: string; at: number }
  | { op: "apply.create"; apply: ApplyRecord }
  | { op: "apply.checked"; applyId: number; invalid: InvalidEntry[]; valid: string[] }
  | { op: "apply.startCreate"; applyId: number; dueAt: number; fail?: true | string[] }
  | { op: "apply.fail"; applyId: number; dueAt: number; fail: true | string[] }
  | { op: "apply.created"; applyId: number; devices: DeviceTuple[]; invalid: InvalidEntry[]; valid: string[] }
  | { op: "device.delete"; scope: string; iotId: string }
  | { op: "device.nicknames"; scope: string; items: [iotId: string, nickname: string | null][] }
  | { op: "topo.add"; scope: string; gw: string; subs: string[] }
  | { op: "topo.remove"; scope: string; iotId: string }
  | { op: "reset" };

export const scopeKey = (account: string, iotInstanceId: string | undefined): string => `${account}/${iotInstanceId ?? ""}`;

/** Raised when a mutation does not fit the state (a bug, or a journal that does not match its snapshot). */
export class StateError extends Error {
  override readonly name = "StateError";
}

export class Store {
  readonly scopes = new Map<string, Scope>();
  /** Every batch by ApplyId, across scopes (ApplyIds are global). */
  readonly applies = new Map<number, Apply>();
  /** Batches whose running phase has not ended yet, in creation order. */
  readonly pending = new Set<Apply>();
  nextApplyId = 1_000_001;
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
      case "product.create": {
        const s = this.scope(m.scope);
        s.products.set(m.product.productKey, new Product(s, m.product));
        return;
      }
      case "product.delete": {
        const s = this.scope(m.scope);
        const p = s.products.get(m.productKey);
        if (!p) throw new StateError(`product ${m.productKey} not found`);
        for (const d of [...p.devices.values()]) this.removeDevice(s, d);
        s.products.delete(m.productKey);
        return;
      }
      case "product.update": {
        const p = this.scope(m.scope).products.get(m.productKey);
        if (!p) throw new StateError(`product ${m.productKey} not found`);
        Object.assign(p.rec, m.fields);
        return;
      }
      case "driver.create":
        this.scope(m.scope).drivers.set(m.driver.driverId, new Driver(m.driver));
        return;
      case "driver.delete":
        this.scope(m.scope).drivers.delete(m.driverId);
        return;
      case "version.put": {
        const d = this.driver(m.scope, m.driverId);
        d.versions.set(m.version.driverVersion, m.version);
        d.rec = { ...d.rec, gmtModified: Math.max(d.rec.gmtModified, m.version.gmtModified) };
        return;
      }
      case "version.delete":
        this.driver(m.scope, m.driverId).versions.delete(m.driverVersion);
        return;
      case "version.release": {
        const d = this.driver(m.scope, m.driverId);
        const v = d.versions.get(m.driverVersion);
        if (!v) throw new StateError(`driver version ${m.driverVersion} not found`);
        d.versions.set(m.driverVersion, { ...v, versionState: "1", gmtModified: m.at });
        return;
      }
      case "apply.create": {
        const a = new Apply({ ...m.apply });
        this.applies.set(a.rec.applyId, a);
        this.scope(a.rec.scope).applies.set(a.rec.applyId, a);
        if (a.rec.status === "CHECK" || a.rec.status === "CREATE") this.pending.add(a);
        this.nextApplyId = Math.max(this.nextApplyId, a.rec.applyId + 1);
        return;
      }
      case "apply.checked": {
        const a = this.apply_(m.applyId);
        a.rec.status = m.invalid.length ? "CHECK_FAILED" : "CHECK_SUCCESS";
        a.rec.invalid = m.invalid;
        a.rec.valid = m.valid;
        a.rec.fail = undefined;
        this.pending.delete(a);
        return;
      }
      case "apply.startCreate": {
        const a = this.apply_(m.applyId);
        a.rec.status = "CREATE";
        a.rec.dueAt = m.dueAt;
        a.rec.fail = m.fail;
        a.rec.valid = undefined;
        a.rec.invalid = undefined;
        this.pending.add(a);
        return;
      }
      case "apply.fail": {
        const a = this.apply_(m.applyId);
        a.rec.fail = m.fail;
        a.rec.dueAt = m.dueAt;
        return;
      }
      case "apply.created": {
        const a = this.apply_(m.applyId);
        const s = this.scope(a.rec.scope);
        const p = s.products.get(a.rec.productKey);
        if (p) {
          for (const [name, iotId, secret, nickname, gmtCreate] of m.devices) {
            const d = new Device(p, name, iotId, secret, nickname ?? undefined, gmtCreate, a.rec.applyId);
            p.devices.set(name, d);
            s.devicesByIotId.set(iotId, d);
            a.devices.push(d);
          }
        }
        a.rec.status = m.invalid.length ? "CREATE_FAILED" : "CREATE_SUCCESS";
        a.rec.invalid = m.invalid;
        a.rec.valid = m.invalid.length ? m.valid : [];
        a.rec.fail = undefined;
        // The names are only needed to report failures; drop them once the batch succeeded.
        if (!m.invalid.length) {
          a.rec.names = undefined;
          a.rec.nicknames = undefined;
        }
        this.pending.delete(a);
        return;
      }
      case "device.delete": {
        const s = this.scope(m.scope);
        const d = s.devicesByIotId.get(m.iotId);
        if (!d) throw new StateError(`device ${m.iotId} not found`);
        this.removeDevice(s, d);
        return;
      }
      case "device.nicknames": {
        const s = this.scope(m.scope);
        for (const [iotId, nickname] of m.items) {
          const d = s.devicesByIotId.get(iotId);
          if (!d) throw new StateError(`device ${iotId} not found`);
          d.nickname = nickname ?? undefined;
        }
        return;
      }
      case "topo.add": {
        const s = this.scope(m.scope);
        const gw = s.devicesByIotId.get(m.gw);
        if (!gw) throw new StateError(`gateway ${m.gw} not found`);
        for (const id of m.subs) {
          const sub = s.devicesByIotId.get(id);
          if (!sub) throw new StateError(`sub-device ${id} not found`);
          this.attach(gw, sub);
        }
        return;
      }
      case "topo.remove": {
        const s = this.scope(m.scope);
        const d = s.devicesByIotId.get(m.iotId);
        if (!d) throw new StateError(`device ${m.iotId} not found`);
        if (d.subs) for (const sub of [...d.subs]) this.detach(sub);
        if (d.gw) this.detach(d);
        return;
      }
      case "reset":
        this.scopes.clear();
        this.applies.clear();
        this.pending.clear();
        this.nextApplyId = 1_000_001;
        return;
      default: {
        const never: never = m;
        throw new StateError(`unknown mutation ${JSON.stringify(never)}`);
      }
    }
  }

  /** Sub-device attach with "steal" semantics: a sub already under another gateway moves (IoT Platform API reference: BatchAddThingTopo). */
  attach(gw: Device, sub: Device): void {
    if (sub.gw === gw) return;
    if (sub.gw) this.detach(sub);
    sub.gw = gw;
    (gw.subs ??= new Set()).add(sub);
  }

  detach(sub: Device): void {
    const gw = sub.gw;
    if (!gw) return;
    gw.subs?.delete(sub);
    if (gw.subs && gw.subs.size === 0) gw.subs = undefined;
    sub.gw = undefined;
  }

  private removeDevice(s: Scope, d: Device): void {
    if (d.subs) for (const sub of [...d.subs]) this.detach(sub);
    if (d.gw) this.detach(d);
    d.product.devices.delete(d.name);
    s.devicesByIotId.delete(d.iotId);
  }

  private driver(scope: string, driverId: string): Driver {
    const d = this.scope(scope).drivers.get(driverId);
    if (!d) throw new StateError(`driver ${driverId} not found`);
    return d;
  }

  private apply_(applyId: number): Apply {
    const a = this.applies.get(applyId);
    if (!a) throw new StateError(`apply ${applyId} not found`);
    return a;
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
