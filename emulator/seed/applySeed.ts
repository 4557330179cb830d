import { newDeviceSecret, newDriverId, newIotId, newProductKey, newProductSecret } from "../state/ids";
import { limitsFor } from "../../provider/limits";
import type { DeviceTuple } from "../state/apply";
import type { DriverRecord, DriverVersionRecord } from "../state/driver";
import type { ProductRecord } from "../state/product";
import type { Scope } from "../state/scope";
import type { Store } from "../state/store";
import { thingModelToTsl } from "../../provider/thingModel/thingModelWire";
import { checkSeed, productNamed } from "./checkSeed";
import type { SeedDriver, SeedProduct, SeedSpec, SeedTopology } from "./seedSpec";

/**
 * Creates what a seed describes and is missing in one scope of the store, through the same journaled
 * mutations as the API (so `--data-dir` keeps it and a replay rebuilds it). Idempotent: products and
 * drivers are found by name, devices by name in their product, driver versions by version; what
 * exists is left as it is (never changed or deleted), so applying a seed again after a restart on the
 * same data dir creates nothing. Two monotonic exceptions: a version the seed marks `released` is
 * released, and a sub-device is attached to the seed's gateway (moving it, as BatchAddThingTopo does).
 *
 * Everything is checked against the current state before the first change: a seed that does not fit
 * (a product of the wrong node type, a sub-device under two gateways, more than 2,000 sub-devices on
 * a gateway) changes nothing and throws SeedError.
 */

export interface SeedCounts {
  created: number;
  existing: number;
}

export interface SeedResult {
  scope: string;
  products: SeedCounts;
  devices: SeedCounts;
  drivers: SeedCounts;
  driverVersions: SeedCounts;
  released: number;
  /** Thing models published because the product had none or another one. */
  thingModels: number;
  topology: { attached: number; unchanged: number };
}

/** Devices per journaled batch: the API's BatchCheckDeviceNames limit, so journal lines stay the size the API makes them. */
const CHUNK = limitsFor("BatchCheckDeviceNames").maxItems ?? 10_000;

export function applySeed(store: Store, scopeKey: string, spec: SeedSpec, now: number): SeedResult {
  const scope = store.scope(scopeKey);
  checkSeed(store, scope, spec);
  const result: SeedResult = {
    scope: scopeKey,
    products: { created: 0, existing: 0 },
    devices: { created: 0, existing: 0 },
    drivers: { created: 0, existing: 0 },
    driverVersions: { created: 0, existing: 0 },
    released: 0,
    thingModels: 0,
    topology: { attached: 0, unchanged: 0 },
  };
  const seeding: Seeding = { store, scope, scopeKey, now, result };
  for (const sp of spec.products) seedProduct(seeding, sp);
  for (const sd of spec.drivers) seedDriver(seeding, sd);
  seedTopology(seeding, spec.topology);
  return result;
}

/** One seed being applied: where, when, and the counts so far. */
interface Seeding {
  store: Store;
  scope: Scope;
  scopeKey: string;
  now: number;
  result: SeedResult;
}

function seedProduct({ store, scope, scopeKey, now, result }: Seeding, sp: SeedProduct): void {
  let product = productNamed(scope, sp.name);
  if (product) result.products.existing++;
  else {
    const rec: ProductRecord = {
      productKey: sp.productKey ?? newProductKey(),
      productName: sp.name,
      nodeType: sp.nodeType,
      authType: sp.authType,
      dataFormat: sp.dataFormat,
      productSecret: newProductSecret(),
      gmtCreate: now,
      description: sp.description,
      aliyunCommodityCode: "iothub_senior",
    };
    store.commit({ op: "product.create", scope: scopeKey, product: rec });
    product = scope.products.get(rec.productKey);
    result.products.created++;
  }
  if (!product) throw new Error(`seeding: product ${sp.name} missing after create`);
  if (sp.thingModel !== undefined) {
    // Draft and published alike, as ImportThingModelTsl + PublishThingModel leave it; unchanged: nothing written.
    const tsl = thingModelToTsl(product.productKey, sp.thingModel);
    if (product.rec.tslPublished !== tsl || product.rec.tslDraft !== tsl) {
      store.commit({ op: "product.update", scope: scopeKey, productKey: product.productKey, fields: { tslDraft: tsl, tslPublished: tsl, modelVersion: String(now), gmtModified: now } });
      result.thingModels++;
    }
  }
  const existing = product;
  const missing = sp.devices.filter((d) => !existing.devices.has(d.name));
  result.devices.existing += sp.devices.length - missing.length;
  for (let i = 0; i < missing.length; i += CHUNK) {
    const chunk = missing.slice(i, i + CHUNK);
    const applyId = store.nextApplyId;
    const names = chunk.map((d) => d.name);
    const nicknames = chunk.some((d) => d.nickname !== undefined) ? chunk.map((d) => d.nickname ?? null) : undefined;
    store.commit({ op: "apply.create", apply: { applyId, scope: scopeKey, productKey: product.productKey, kind: "names", names, nicknames, status: "CREATE", createdAt: now, dueAt: now } });
    const tuples: DeviceTuple[] = chunk.map((d) => [d.name, newIotId(), newDeviceSecret(), d.nickname ?? null, now]);
    store.commit({ op: "apply.created", applyId, devices: tuples, invalid: [], valid: [] });
    result.devices.created += chunk.length;
  }
}

function seedDriver({ store, scope, scopeKey, now, result }: Seeding, sd: SeedDriver): void {
  let driver = [...scope.drivers.values()].find((d) => d.rec.driverName === sd.name);
  if (driver) result.drivers.existing++;
  else {
    const rec: DriverRecord = { driverId: newDriverId(), driverName: sd.name, driverProtocol: sd.protocol, runtime: sd.runtime, cpuArch: sd.cpuArch, isBuiltIn: false, type: 1, gmtCreate: now, gmtModified: now };
    store.commit({ op: "driver.create", scope: scopeKey, driver: rec });
    driver = scope.drivers.get(rec.driverId);
    result.drivers.created++;
  }
  if (!driver) throw new Error(`seeding: driver ${sd.name} missing after create`);
  const driverId = driver.rec.driverId;
  for (const sv of sd.versions) {
    const existing = driver.versions.get(sv.fields.driverVersion);
    if (existing) result.driverVersions.existing++;
    else {
      const rec: DriverVersionRecord = { ...sv.fields, versionState: "0", gmtCreate: now, gmtModified: now };
      store.commit({ op: "version.put", scope: scopeKey, driverId, version: rec });
      result.driverVersions.created++;
    }
    if (sv.released && driver.versions.get(sv.fields.driverVersion)?.versionState !== "1") {
      store.commit({ op: "version.release", scope: scopeKey, driverId, driverVersion: sv.fields.driverVersion, at: now });
      result.released++;
    }
  }
}

function seedTopology({ store, scope, scopeKey, result }: Seeding, topology: SeedTopology[]): void {
  const productByName = new Map([...scope.products.values()].map((p) => [p.rec.productName, p]));
  for (const t of topology) {
    const gw = productByName.get(t.gateway.product)?.devices.get(t.gateway.device);
    if (!gw) throw new Error(`seeding: gateway ${t.gateway.product}/${t.gateway.device} missing`);
    const subs: string[] = [];
    for (const s of t.subDevices) {
      const sub = productByName.get(s.product)?.devices.get(s.device);
      if (!sub) throw new Error(`seeding: sub-device ${s.product}/${s.device} missing`);
      if (sub.gw === gw) result.topology.unchanged++;
      else subs.push(sub.iotId);
    }
    for (let i = 0; i < subs.length; i += CHUNK) {
      store.commit({ op: "topo.add", scope: scopeKey, gw: gw.iotId, subs: subs.slice(i, i + CHUNK) });
    }
    result.topology.attached += subs.length;
  }
}
