import { isValidProductKey, PRODUCT_KEY_RULE } from "../../provider/rules/productKey";
import { isValidProductName } from "../../provider/rules/productNameRules";
import { normalizeThingModel } from "../../provider/thingModel/thingModelRules";
import type { ThingModelDefinition } from "../../provider/thingModel/thingModelTypes";
import { deviceEntries } from "./seedDevices";
import { SeedError } from "./seedError";
import { isObj, Problems, show } from "./seedProblems";
import type { SeedDevice, SeedDriver, SeedProduct, SeedSpec, SeedTopology } from "./seedSpec";
import { parseDriver } from "./parseSeedDriver";
import { parseTopology } from "./parseSeedTopology";

/** Validation of the seed format (seedSpec.ts describes it): every problem at once, each with its path. */

function parseProduct(v: unknown, path: string, p: Problems): SeedProduct | undefined {
  if (!isObj(v)) {
    p.add(path, `expected an object, got ${show(v)}`);
    return undefined;
  }
  p.keys(v, path, ["name", "productKey", "nodeType", "authType", "dataFormat", "description", "thingModel", "devices"]);
  const name = p.str(v, "name", path, true);
  const productKey = p.str(v, "productKey", path, false);
  if (productKey !== undefined && !isValidProductKey(productKey)) p.add(`${path}.productKey`, `${show(productKey)} is not a ProductKey: it must ${PRODUCT_KEY_RULE}`);
  if (name !== undefined && !isValidProductName(name)) p.add(`${path}.name`, `${show(name)} is not a ProductName (4–30 of Chinese, letters, Japanese, digits, _ - @ ( ); CJK counts 2)`);
  const nt = v.nodeType ?? "device";
  const nodeType = nt === "gateway" || nt === 1 ? 1 : nt === "device" || nt === 0 ? 0 : undefined;
  if (nodeType === undefined) p.add(`${path}.nodeType`, `expected gateway, device, 1 or 0, got ${show(nt)}`);
  const authType = (p.str(v, "authType", path, false) ?? "secret").toLowerCase();
  if (!["secret", "id2", "x509"].includes(authType)) p.add(`${path}.authType`, `expected secret, id2 or x509, got ${show(v.authType)}`);
  const dataFormat = p.int(v, "dataFormat", path, 0, 1) ?? 1;
  const description = p.str(v, "description", path, false);
  if (description !== undefined && description.length > 100) p.add(`${path}.description`, `at most 100 characters, got ${description.length}`);
  let thingModel: ThingModelDefinition | undefined;
  if (v.thingModel !== undefined) {
    if (!isObj(v.thingModel)) p.add(`${path}.thingModel`, `expected an object of properties, services and events, got ${show(v.thingModel)}`);
    else {
      p.keys(v.thingModel, `${path}.thingModel`, ["properties", "services", "events"]);
      const normalized = normalizeThingModel(v.thingModel);
      for (const f of normalized.failures) p.add(`${path}.thingModel`, f.reason);
      if (normalized.failures.length === 0) thingModel = normalized.definition;
    }
  }
  const devices: SeedDevice[] = [];
  p.list_(v, "devices", path).forEach((d, i) => {
    for (const x of deviceEntries(d, `${path}.devices[${i}]`, p)) devices.push(x);
  });
  if (name === undefined || nodeType === undefined) return undefined;
  return { name, productKey, nodeType, authType: authType as SeedProduct["authType"], dataFormat: dataFormat as 0 | 1, description, thingModel, devices };
}

/** Validates a parsed JSON/YAML document against the seed format; throws SeedError listing every problem. */
export function parseSeed(doc: unknown): SeedSpec {
  const p = new Problems();
  if (!isObj(doc)) throw new SeedError([`the seed must be an object with products, drivers and topology, got ${show(doc)}`]);
  p.keys(doc, "seed", ["account", "iotInstanceId", "products", "drivers", "topology"]);
  const account = p.str(doc, "account", "seed", false);
  const iotInstanceId = p.str(doc, "iotInstanceId", "seed", false);
  const products = p.list_(doc, "products", "seed").map((x, i) => parseProduct(x, `products[${i}]`, p));
  const drivers = p.list_(doc, "drivers", "seed").map((x, i) => parseDriver(x, `drivers[${i}]`, p));
  const topology = p.list_(doc, "topology", "seed").map((x, i) => parseTopology(x, `topology[${i}]`, p));

  const productNames = new Set<string>();
  const productKeys = new Set<string>();
  products.forEach((prod, i) => {
    if (!prod) return;
    if (productNames.has(prod.name)) p.add(`products[${i}].name`, `${show(prod.name)} is repeated`);
    productNames.add(prod.name);
    if (prod.productKey !== undefined && productKeys.has(prod.productKey)) p.add(`products[${i}].productKey`, `${show(prod.productKey)} is repeated`);
    if (prod.productKey !== undefined) productKeys.add(prod.productKey);
    const names = new Set<string>();
    for (const d of prod.devices) {
      if (names.has(d.name)) {
        p.add(`products[${i}].devices`, `${show(d.name)} is repeated`);
        break;
      }
      names.add(d.name);
    }
  });
  const driverNames = new Set<string>();
  drivers.forEach((d, i) => {
    if (!d) return;
    if (driverNames.has(d.name)) p.add(`drivers[${i}].name`, `${show(d.name)} is repeated (the seed finds drivers by name)`);
    driverNames.add(d.name);
  });
  if (p.list.length) throw new SeedError(p.list);
  return {
    account,
    iotInstanceId,
    products: products as SeedProduct[],
    drivers: drivers as SeedDriver[],
    topology: topology as SeedTopology[],
  };
}
