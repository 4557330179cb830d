import cytoscape from "cytoscape";
import { getJson } from "./api";
import { $, fmt } from "./dom";
import type { Overview, TopologyView } from "./types";

/**
 * A gateway's sub-devices as a graph (cytoscape): the gateway in the middle, sub-devices on
 * concentric rings, which stays readable at hundreds of sub-devices. The instance is exposed as
 * `window.emulatorConsole.cy` so browser tests can count its nodes.
 */
let cy: cytoscape.Core | undefined;
let selected: string | undefined;

/** Ring of the i-th sub-device: the first ring holds 16, each next one 12 more, so labels keep their room. */
function ringOf(i: number): number {
  let ring = 0;
  let capacity = 16;
  while (i >= capacity) {
    i -= capacity;
    ring++;
    capacity += 12;
  }
  return ring;
}

export function renderGatewayList(o: Overview): void {
  const sel = $("gateway-select") as HTMLSelectElement;
  const keys = o.gateways.map((g) => `${g.productKey}/${g.deviceName}`);
  if (selected === undefined || !keys.includes(selected)) selected = keys[0];
  sel.replaceChildren(
    ...o.gateways.map((g) => {
      const opt = document.createElement("option");
      opt.value = `${g.productKey}/${g.deviceName}`;
      opt.textContent = `${g.productName}/${g.deviceName} — ${fmt(g.subDevices)} sub-devices`;
      return opt;
    }),
  );
  if (selected) sel.value = selected;
  if (!o.gateways.length) $("topology-info").textContent = "No gateway has sub-devices yet.";
}

export async function loadTopology(): Promise<void> {
  if (!selected) return;
  const [productKey, deviceName] = selected.split("/");
  const t = await getJson<TopologyView>(`/_emulator/console/topology?${new URLSearchParams({ productKey, deviceName })}`);
  const elements: cytoscape.ElementDefinition[] = [
    { data: { id: t.gateway.id, label: `${t.gateway.label}\n(gateway)`, kind: "gateway" } },
    ...t.nodes.map((n, i) => ({ data: { id: n.id, label: n.label, kind: "sub", product: n.product, ring: ringOf(i) } })),
    ...t.edges.map((e) => ({ data: { id: `${e.source}-${e.target}`, source: e.source, target: e.target } })),
  ];
  cy?.destroy();
  cy = cytoscape({
    container: $("topology-graph"),
    elements,
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 12, "text-valign": "bottom", "text-margin-y": 3, width: 14, height: 14, "background-color": "#3b7dd8", color: "#1f2933" } },
      { selector: 'node[kind = "gateway"]', style: { width: 44, height: 44, "background-color": "#ff6a00", "font-size": 13, "font-weight": "bold", "text-wrap": "wrap" } },
      { selector: "edge", style: { width: 1, "line-color": "#c4ccd6", "curve-style": "straight" } },
    ],
    // Higher concentric value = nearer the middle: the gateway, then the rings outwards.
    layout: { name: "concentric", concentric: (n: cytoscape.NodeSingular) => (n.data("kind") === "gateway" ? 1000 : 999 - (n.data("ring") as number)), levelWidth: () => 1, minNodeSpacing: 56, animate: false },
  });
  const el = $("topology-graph");
  el.dataset.nodes = String(cy.nodes().length);
  el.dataset.edges = String(cy.edges().length);
  $("topology-info").textContent = `${t.gateway.product}/${t.gateway.label}: ${fmt(t.nodes.length)} sub-devices (scroll to zoom, drag to pan)`;
  (window as unknown as { emulatorConsole: Record<string, unknown> }).emulatorConsole.cy = cy;
}

export function initTopology(): void {
  $("gateway-select").addEventListener("change", (e) => {
    selected = (e.target as HTMLSelectElement).value;
    void loadTopology();
  });
}
