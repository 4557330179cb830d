import type { EmulatorServer } from "../http/server";
import type { DriverSummary, GatewaySummary, Overview, ProductSummary } from "./consoleTypes";
import type { Product } from "../state/product";

/**
 * GET /_emulator/console/overview: what the console lists — every scope's products (with device
 * counts), edge drivers with their versions and state, and gateways with sub-devices. Sizes are
 * bounded: products and drivers are few; gateways are listed only when they hold sub-devices, at most
 * MAX_GATEWAYS per product (gateway products are walked, device products are not).
 */

export const MAX_GATEWAYS = 500;

export function findProduct(server: EmulatorServer, productKey: string): Product | undefined {
  for (const s of server.store.scopes.values()) {
    const p = s.products.get(productKey);
    if (p) return p;
  }
  return undefined;
}

export function overview(server: EmulatorServer): Overview {
  const products: ProductSummary[] = [];
  const gateways: GatewaySummary[] = [];
  const drivers: DriverSummary[] = [];
  for (const s of server.store.scopes.values()) {
    for (const p of s.products.values()) {
      products.push({
        scope: s.key,
        productKey: p.productKey,
        productName: p.rec.productName,
        nodeType: p.rec.nodeType === 1 ? "gateway" : "device",
        authType: p.rec.authType,
        devices: p.devices.size,
        gmtCreate: new Date(p.rec.gmtCreate).toISOString(),
      });
      if (p.rec.nodeType !== 1) continue;
      let listed = 0;
      for (const d of p.devices.values()) {
        if (!d.subs?.size) continue;
        gateways.push({ scope: s.key, productKey: p.productKey, productName: p.rec.productName, deviceName: d.name, subDevices: d.subs.size });
        if (++listed >= MAX_GATEWAYS) break;
      }
    }
    for (const d of s.drivers.values()) {
      drivers.push({
        scope: s.key,
        driverId: d.rec.driverId,
        driverName: d.rec.driverName,
        protocol: d.rec.driverProtocol,
        runtime: d.rec.runtime,
        cpuArch: d.rec.cpuArch ?? null,
        versions: [...d.versions.values()].map((v) => ({
          driverVersion: v.driverVersion,
          edgeVersion: v.edgeVersion,
          state: v.versionState === "1" ? "released" : "draft",
          description: v.description ?? null,
          gmtModified: new Date(v.gmtModified).toISOString(),
        })),
      });
    }
  }
  return {
    now: new Date(server.clock.now()).toISOString(),
    counts: server.store.counts(),
    settings: { acceptAnyCredentials: server.opts.acceptAnyCredentials, dataDir: server.opts.dataDir ?? null, region: server.opts.region, accessKeyId: server.opts.accessKeyId },
    products,
    drivers,
    gateways,
    invocations: server.invocations.length,
  };
}
