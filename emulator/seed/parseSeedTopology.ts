import type { SeedDeviceRef, SeedTopology } from "./seedSpec";
import { deviceEntries, parseRef } from "./seedDevices";
import { isObj, Problems, show } from "./seedProblems";

/** One `topology[i]` entry: a gateway and its sub-devices, by name or as ranges. */
export function parseTopology(v: unknown, path: string, p: Problems): SeedTopology | undefined {
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
