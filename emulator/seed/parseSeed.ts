import { driverVersionProblems, DriverVersionFields, CPU_ARCHS, DRIVER_NAME_RE, DRIVER_PROTOCOLS, DRIVER_RUNTIMES } from "../rules/edgeDriver";
import { isValidCheckNickname, isValidDeviceName, isValidProductName } from "../../provider/rules/names";
import { normalizeThingModel } from "../../provider/thingModel/thingModelRules";
import type { ThingModelDefinition } from "../../provider/thingModel/thingModelTypes";

/**
 * The seed format (`--seed FILE`, `POST /_emulator/seed`): the fixtures of a fleet that the emulator
 * creates at start-up, before it accepts requests. Validated as a whole before anything is created;
 * every problem names its path in the document (`products[1].devices[3]`), the value and the rule.
 *
 *   account: default                 # optional: the account whose resources these are
 *   iotInstanceId: iot-cn-…          # optional: an instance given with --instance
 *   products:
 *     - name: fleet-gateways         # ProductName rule of CreateProduct
 *       productKey: a1FleetGw01      # optional: a fixed ProductKey (11 letters/digits); else generated
 *       nodeType: gateway            # gateway | device (or 1 | 0)
 *       authType: secret             # secret (default) | id2 | x509
 *       thingModel:                  # optional: published as the product's thing model (ThingModel's shape)
 *         services: [ { identifier: TimeReset, inputData: [ { identifier: zone, dataType: { type: text, specs: { length: 16 } } } ] } ]
 *       devices:
 *         - gw-0001                                   # a name
 *         - { name: gw-0002, nickname: Hall_B }       # a name and nickname
 *         - { prefix: gw-, start: 3, count: 8, digits: 4 }   # gw-0003 … gw-0010
 *   drivers:
 *     - name: ModbusDriver           # CreateEdgeDriver rules
 *       protocol: modbus
 *       runtime: nodejs8
 *       versions:
 *         - { version: "1.0.0", edgeVersion: "2.4.0", released: true, containerConfig: { privileged: 1 } }
 *   topology:
 *     - gateway: fleet-gateways/gw-0001
 *       subDevices: [ fleet-sensors/sensor-0001, { product: fleet-sensors, prefix: sensor-, start: 2, count: 119, digits: 4 } ]
 */

export interface SeedDevice {
  name: string;
  nickname?: string;
}

export interface SeedProduct {
  name: string;
  /** A fixed ProductKey (so a program's config can name it); generated when absent. */
  productKey?: string;
  nodeType: 0 | 1;
  authType: "secret" | "id2" | "x509";
  dataFormat: 0 | 1;
  description?: string;
  /** Published as the product's thing model (the ThingModel resource's rules). */
  thingModel?: ThingModelDefinition;
  devices: SeedDevice[];
}

export interface SeedDriverVersion {
  fields: DriverVersionFields;
  released: boolean;
}

export interface SeedDriver {
  name: string;
  protocol: string;
  runtime: string;
  cpuArch?: string;
  versions: SeedDriverVersion[];
}

export interface SeedDeviceRef {
  product: string;
  device: string;
}

export interface SeedTopology {
  gateway: SeedDeviceRef;
  subDevices: SeedDeviceRef[];
}

export interface SeedSpec {
  account?: string;
  iotInstanceId?: string;
  products: SeedProduct[];
  drivers: SeedDriver[];
  topology: SeedTopology[];
}

/** A seed that does not follow the format or does not fit the emulator's state; `problems` lists each one. */
export class SeedError extends Error {
  override readonly name = "SeedError";
  readonly code = "SeedInvalid";
  constructor(readonly problems: string[]) {
    super(`seed rejected: ${problems.slice(0, 20).join("; ")}${problems.length > 20 ? `; … and ${problems.length - 20} more` : ""}`);
  }
}

/** The shape of the ProductKeys the service generates (`a1` + 9 alphanumerics); a seed may fix any 11 alphanumerics. */
export const PRODUCT_KEY_RE = /^[A-Za-z0-9]{11}$/;

/** Largest `count` of one device range (a million-device fleet is ten thousand lines shorter this way). */
export const MAX_RANGE_COUNT = 5_000_000;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const show = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v))).slice(0, 80);

class Problems {
  readonly list: string[] = [];
  add(path: string, msg: string): void {
    this.list.push(`${path}: ${msg}`);
  }
  keys(o: Obj, path: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.add(`${path}.${k}`, `unknown field; allowed: ${allowed.join(", ")}`);
  }
  str(o: Obj, key: string, path: string, required: boolean): string | undefined {
    const v = o[key];
    if (v === undefined || v === null) {
      if (required) this.add(`${path}.${key}`, "is required");
      return undefined;
    }
    if (typeof v !== "string") {
      this.add(`${path}.${key}`, `expected a string, got ${show(v)}`);
      return undefined;
    }
    return v;
  }
  int(o: Obj, key: string, path: string, min: number, max: number): number | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
      this.add(`${path}.${key}`, `expected an integer ${min}–${max}, got ${show(v)}`);
      return undefined;
    }
    return v;
  }
  list_(o: Obj, key: string, path: string): unknown[] {
    const v = o[key];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) {
      this.add(`${path}.${key}`, `expected a list, got ${show(v)}`);
      return [];
    }
    return v;
  }
}

/** Expands one device entry: a name, `{name, nickname}`, or a range `{prefix, count, start?, digits?, nicknamePrefix?}`. */
function deviceEntries(entry: unknown, path: string, p: Problems): SeedDevice[] {
  if (typeof entry === "string") {
    if (!isValidDeviceName(entry)) p.add(path, `${show(entry)} is not a DeviceName (4–32 of A–Z a–z 0–9 _ - @ . :)`);
    return [{ name: entry }];
  }
  if (!isObj(entry)) {
    p.add(path, `expected a device name, {name, nickname} or {prefix, count}, got ${show(entry)}`);
    return [];
  }
  if (entry.prefix !== undefined || entry.count !== undefined) {
    p.keys(entry, path, ["prefix", "count", "start", "digits", "nicknamePrefix"]);
    const prefix = p.str(entry, "prefix", path, true) ?? "";
    const count = p.int(entry, "count", path, 1, MAX_RANGE_COUNT);
    const start = p.int(entry, "start", path, 0, Number.MAX_SAFE_INTEGER) ?? 1;
    const nickPrefix = p.str(entry, "nicknamePrefix", path, false);
    if (count === undefined) {
      if (entry.count === undefined) p.add(`${path}.count`, "is required");
      return [];
    }
    const digits = p.int(entry, "digits", path, 1, 28) ?? String(start + count - 1).length;
    const at = (i: number): string => String(start + i).padStart(digits, "0");
    // Check the first and last names (the rest differ only in digits of the same width or fewer).
    for (const i of count > 1 ? [0, count - 1] : [0]) {
      const name = prefix + at(i);
      if (!isValidDeviceName(name)) {
        p.add(path, `range makes ${show(name)}, which is not a DeviceName (4–32 of A–Z a–z 0–9 _ - @ . :)`);
        return [];
      }
      if (nickPrefix !== undefined && !isValidCheckNickname(nickPrefix + at(i))) {
        p.add(`${path}.nicknamePrefix`, `makes ${show(nickPrefix + at(i))}, which is not a nickname (4–64 of Chinese, letters, Japanese, digits, _)`);
        return [];
      }
    }
    const out: SeedDevice[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = nickPrefix === undefined ? { name: prefix + at(i) } : { name: prefix + at(i), nickname: nickPrefix + at(i) };
    return out;
  }
  p.keys(entry, path, ["name", "nickname"]);
  const name = p.str(entry, "name", path, true);
  const nickname = p.str(entry, "nickname", path, false);
  if (name === undefined) return [];
  if (!isValidDeviceName(name)) p.add(`${path}.name`, `${show(name)} is not a DeviceName (4–32 of A–Z a–z 0–9 _ - @ . :)`);
  if (nickname !== undefined && !isValidCheckNickname(nickname)) p.add(`${path}.nickname`, `${show(nickname)} is not a nickname (4–64 of Chinese, letters, Japanese, digits, _)`);
  return [nickname === undefined ? { name } : { name, nickname }];
}

function parseRef(v: unknown, path: string, p: Problems): SeedDeviceRef | undefined {
  if (typeof v !== "string" || v.split("/").length !== 2) {
    p.add(path, `expected "ProductName/DeviceName", got ${show(v)}`);
    return undefined;
  }
  const [product, device] = v.split("/");
  return { product, device };
}

function parseProduct(v: unknown, path: string, p: Problems): SeedProduct | undefined {
  if (!isObj(v)) {
    p.add(path, `expected an object, got ${show(v)}`);
    return undefined;
  }
  p.keys(v, path, ["name", "productKey", "nodeType", "authType", "dataFormat", "description", "thingModel", "devices"]);
  const name = p.str(v, "name", path, true);
  const productKey = p.str(v, "productKey", path, false);
  if (productKey !== undefined && !PRODUCT_KEY_RE.test(productKey)) p.add(`${path}.productKey`, `${show(productKey)} is not a ProductKey (11 letters and digits, like a1BwAGV6xyz)`);
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

/** A JSON-valued driver-version field may be given as an object (it is stored as its JSON text) or as the text. */
function jsonText(o: Obj, key: string, path: string, p: Problems): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "object") return JSON.stringify(v);
  p.add(`${path}.${key}`, `expected an object or its JSON text, got ${show(v)}`);
  return undefined;
}

function parseDriver(v: unknown, path: string, p: Problems): SeedDriver | undefined {
  if (!isObj(v)) {
    p.add(path, `expected an object, got ${show(v)}`);
    return undefined;
  }
  p.keys(v, path, ["name", "protocol", "runtime", "cpuArch", "versions"]);
  const name = p.str(v, "name", path, true);
  const protocol = p.str(v, "protocol", path, true);
  const runtime = p.str(v, "runtime", path, true);
  const cpuArch = p.str(v, "cpuArch", path, false);
  if (name !== undefined && !DRIVER_NAME_RE.test(name)) p.add(`${path}.name`, `${show(name)} must start with a letter and be at most 20 letters, digits or _`);
  if (protocol !== undefined && !(DRIVER_PROTOCOLS as readonly string[]).includes(protocol)) p.add(`${path}.protocol`, `expected one of ${DRIVER_PROTOCOLS.join(", ")}, got ${show(protocol)}`);
  if (runtime !== undefined && !(DRIVER_RUNTIMES as readonly string[]).includes(runtime)) p.add(`${path}.runtime`, `expected one of ${DRIVER_RUNTIMES.join(", ")}, got ${show(runtime)}`);
  if (cpuArch !== undefined && !(CPU_ARCHS as readonly string[]).includes(cpuArch)) p.add(`${path}.cpuArch`, `expected one of ${CPU_ARCHS.join(", ")}, got ${show(cpuArch)}`);
  const versions: SeedDriverVersion[] = [];
  const seen = new Set<string>();
  p.list_(v, "versions", path).forEach((x, i) => {
    const vp = `${path}.versions[${i}]`;
    if (!isObj(x)) return p.add(vp, `expected an object, got ${show(x)}`);
    p.keys(x, vp, ["version", "edgeVersion", "description", "argument", "sourceConfig", "driverConfig", "configCheckRule", "containerConfig", "released"]);
    const driverVersion = p.str(x, "version", vp, true);
    const edgeVersion = p.str(x, "edgeVersion", vp, true);
    if (x.released !== undefined && typeof x.released !== "boolean") p.add(`${vp}.released`, `expected true or false, got ${show(x.released)}`);
    if (driverVersion === undefined || edgeVersion === undefined) return;
    if (seen.has(driverVersion)) p.add(`${vp}.version`, `${show(driverVersion)} is repeated in this driver`);
    seen.add(driverVersion);
    const fields: DriverVersionFields = {
      driverVersion,
      edgeVersion,
      description: p.str(x, "description", vp, false),
      argument: p.str(x, "argument", vp, false),
      sourceConfig: jsonText(x, "sourceConfig", vp, p),
      driverConfig: jsonText(x, "driverConfig", vp, p),
      configCheckRule: jsonText(x, "configCheckRule", vp, p),
      containerConfig: jsonText(x, "containerConfig", vp, p),
    };
    for (const k of Object.keys(fields) as (keyof DriverVersionFields)[]) if (fields[k] === undefined) delete fields[k];
    for (const problem of driverVersionProblems(fields)) p.add(vp, problem);
    versions.push({ fields, released: x.released === true });
  });
  if (name === undefined || protocol === undefined || runtime === undefined) return undefined;
  return { name, protocol, runtime, cpuArch, versions };
}

function parseTopology(v: unknown, path: string, p: Problems): SeedTopology | undefined {
  if (!isObj(v)) {
    p.add(path, `expected an object, got ${show(v)}`);
    return undefined;
  }
  p.keys(v, path, ["gateway", "subDevices"]);
  const gateway = parseRef(v.gateway, `${path}.gateway`, p);
  const subDevices: SeedDeviceRef[] = [];
  p.list_(v, "subDevices", path).forEach((s, i) => {
    const sp = `${path}.subDevices[${i}]`;
    if (typeof s === "string") {
      const r = parseRef(s, sp, p);
      if (r) subDevices.push(r);
      return;
    }
    if (!isObj(s) || typeof s.product !== "string") return p.add(sp, `expected "ProductName/DeviceName" or {product, prefix, count} / {product, devices}, got ${show(s)}`);
    const { product, devices, ...range } = s;
    if (devices !== undefined) {
      if (Object.keys(range).length) p.add(sp, "give either devices or a range (prefix, count), not both");
      if (!Array.isArray(devices)) return p.add(`${sp}.devices`, `expected a list, got ${show(devices)}`);
      devices.forEach((d, j) => {
        for (const x of deviceEntries(d, `${sp}.devices[${j}]`, p)) subDevices.push({ product, device: x.name });
      });
    } else {
      for (const x of deviceEntries(range, sp, p)) subDevices.push({ product, device: x.name });
    }
  });
  if (!gateway) return undefined;
  return { gateway, subDevices };
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
