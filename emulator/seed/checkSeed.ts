import { MAX_SUBDEVICES_PER_GATEWAY } from "../../provider/limits";
import type { Product } from "../state/product";
import type { Scope } from "../state/scope";
import type { Store } from "../state/store";
import { SeedError } from "./seedError";
import type { SeedProduct, SeedSpec, SeedTopology } from "./seedSpec";

/** A product of the scope by ProductName (names are unique in a scope). */
export function productNamed(scope: Scope, name: string): Product | undefined {
  return [...scope.products.values()].find((p) => p.rec.productName === name);
}

/** Per product name, in the seed or the scope: its node type and the device names the seed adds. */
type ProductsByName = Map<string, { nodeType: 0 | 1; devices: Set<string> }>;

/**
 * Checks a seed against the current state of `scope` before anything is changed: a product that
 * exists differently (node type, ProductKey, auth type), a ProductKey another product has, topology
 * naming what does not exist or is of the wrong node type, a sub-device under two gateways, a gateway
 * over MAX_SUBDEVICES_PER_GATEWAY. Throws SeedError with every problem found.
 */
export function checkSeed(store: Store, scope: Scope, spec: SeedSpec): void {
  const problems: string[] = [];
  const byName = checkProducts(store, scope, spec.products, problems);
  const subsPerGateway = checkTopology(scope, spec.topology, byName, problems);
  for (const [gw, subs] of subsPerGateway) {
    // Sub-devices already attached to this gateway and not moved count too.
    const [pn, dn] = gw.split("/");
    const existingGw = productNamed(scope, pn)?.devices.get(dn);
    let total = subs.size;
    if (existingGw?.subs) for (const s of existingGw.subs) if (!subs.has(`${s.product.rec.productName}/${s.name}`)) total++;
    if (total > MAX_SUBDEVICES_PER_GATEWAY) problems.push(`topology: gateway ${gw} would have ${total} sub-devices; at most ${MAX_SUBDEVICES_PER_GATEWAY}`);
  }
  if (problems.length) throw new SeedError(problems);
}

/** ProductKeys are unique across accounts and instances. */
function productKeyTaken(store: Store, productKey: string): boolean {
  for (const s of store.scopes.values()) if (s.products.has(productKey)) return true;
  return false;
}

function checkProducts(store: Store, scope: Scope, products: SeedProduct[], problems: string[]): ProductsByName {
  const byName: ProductsByName = new Map();
  for (const p of scope.products.values()) byName.set(p.rec.productName, { nodeType: p.rec.nodeType, devices: new Set() });
  products.forEach((sp, i) => {
    const existing = productNamed(scope, sp.name);
    if (existing && existing.rec.nodeType !== sp.nodeType) problems.push(`products[${i}]: product ${JSON.stringify(sp.name)} exists with nodeType ${existing.rec.nodeType}, the seed says ${sp.nodeType}`);
    if (existing && sp.productKey !== undefined && existing.productKey !== sp.productKey) problems.push(`products[${i}]: product ${JSON.stringify(sp.name)} exists with ProductKey ${existing.productKey}, the seed says ${sp.productKey}`);
    if (!existing && sp.productKey !== undefined && productKeyTaken(store, sp.productKey)) problems.push(`products[${i}]: ProductKey ${sp.productKey} belongs to another product`);
    if (existing && existing.rec.authType !== sp.authType) problems.push(`products[${i}]: product ${JSON.stringify(sp.name)} exists with authType ${existing.rec.authType}, the seed says ${sp.authType}`);
    const entry = byName.get(sp.name) ?? { nodeType: sp.nodeType, devices: new Set<string>() };
    for (const d of sp.devices) entry.devices.add(d.name);
    byName.set(sp.name, entry);
  });
  return byName;
}

/** The topology's problems; returns each gateway's (`product/device`) sub-devices in the seed. */
function checkTopology(scope: Scope, topology: SeedTopology[], byName: ProductsByName, problems: string[]): Map<string, Set<string>> {
  const deviceExists = (product: string, device: string): boolean => (byName.get(product)?.devices.has(device) ?? false) || (productNamed(scope, product)?.devices.has(device) ?? false);
  const subOwner = new Map<string, string>();
  const subsPerGateway = new Map<string, Set<string>>();
  topology.forEach((t, i) => {
    const gwLabel = `${t.gateway.product}/${t.gateway.device}`;
    const gwProduct = byName.get(t.gateway.product);
    if (!gwProduct) problems.push(`topology[${i}].gateway: no product ${JSON.stringify(t.gateway.product)} in the seed or the emulator`);
    else if (gwProduct.nodeType !== 1) problems.push(`topology[${i}].gateway: product ${JSON.stringify(t.gateway.product)} is not a gateway product (nodeType 1)`);
    else if (!deviceExists(t.gateway.product, t.gateway.device)) problems.push(`topology[${i}].gateway: no device ${JSON.stringify(gwLabel)}`);
    const subs = subsPerGateway.get(gwLabel) ?? new Set<string>();
    subsPerGateway.set(gwLabel, subs);
    for (const s of t.subDevices) {
      const label = `${s.product}/${s.device}`;
      const sp = byName.get(s.product);
      if (!sp) problems.push(`topology[${i}].subDevices: no product ${JSON.stringify(s.product)} in the seed or the emulator`);
      else if (sp.nodeType !== 0) problems.push(`topology[${i}].subDevices: ${label} is in a gateway product and cannot be a sub-device`);
      else if (!deviceExists(s.product, s.device)) problems.push(`topology[${i}].subDevices: no device ${JSON.stringify(label)}`);
      const owner = subOwner.get(label);
      if (owner !== undefined && owner !== gwLabel) problems.push(`topology[${i}].subDevices: ${label} is listed under both ${owner} and ${gwLabel}`);
      subOwner.set(label, gwLabel);
      subs.add(label);
      if (problems.length > 50) break;
    }
  });
  return subsPerGateway;
}
