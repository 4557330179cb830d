import { getJson } from "./api";
import { cell, tbody } from "./dom";
import type { Overview } from "./types";

/** Edge drivers and their versions with state (released / draft). */
export function renderDrivers(o: Overview): void {
  const b = tbody("drivers-table");
  for (const d of o.drivers) {
    const tr = b.insertRow();
    cell(tr, d.driverName).title = d.driverId;
    cell(tr, d.protocol);
    cell(tr, d.runtime);
    cell(tr, d.cpuArch);
    const td = tr.insertCell();
    for (const v of d.versions) {
      const span = document.createElement("span");
      span.className = `badge ${v.state}`;
      span.textContent = `${v.driverVersion} ${v.state}`;
      span.title = `Link IoT Edge ${v.edgeVersion}`;
      td.append(span);
    }
    if (!d.versions.length) td.textContent = "no versions";
  }
}

interface Invocation {
  at: string;
  productKey: string;
  identifier: string;
  deviceNames: string[];
  args: unknown;
}

export async function loadInvocations(): Promise<void> {
  const r = await getJson<{ invocations: Invocation[] }>("/_emulator/invocations");
  const b = tbody("invocations-table");
  for (const i of r.invocations.slice(-200).reverse()) {
    const tr = b.insertRow();
    cell(tr, i.at.replace("T", " ").slice(0, 19));
    cell(tr, i.productKey);
    cell(tr, i.identifier);
    cell(tr, i.deviceNames.length > 3 ? `${i.deviceNames.slice(0, 3).join(", ")} … (${i.deviceNames.length})` : i.deviceNames.join(", "));
    cell(tr, JSON.stringify(i.args));
  }
}
