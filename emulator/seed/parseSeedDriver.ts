import { driverVersionProblems, DriverVersionFields, CPU_ARCHS, DRIVER_NAME_RE, DRIVER_PROTOCOLS, DRIVER_RUNTIMES } from "../rules/edgeDriver";
import type { SeedDriver, SeedDriverVersion } from "./seedSpec";
import { isObj, Obj, Problems, show } from "./seedProblems";

/** A JSON-valued driver-version field may be given as an object (it is stored as its JSON text) or as the text. */
function jsonText(o: Obj, key: string, path: string, p: Problems): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "object") return JSON.stringify(v);
  p.add(`${path}.${key}`, `expected an object or its JSON text, got ${show(v)}`);
  return undefined;
}

/** One `drivers[i]` entry: CreateEdgeDriver's rules, and each version's (rules/edgeDriver). */
export function parseDriver(v: unknown, path: string, p: Problems): SeedDriver | undefined {
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
