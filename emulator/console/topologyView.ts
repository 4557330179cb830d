import type { EmulatorServer } from "../http/server";
import type { TopologyView } from "./consoleTypes";
import { findProduct } from "./overview";

/**
 * GET /_emulator/console/topology?productKey=&deviceName=: one gateway and its sub-devices (≤ 2,000,
 * the emulator's cap) as graph nodes and edges for the console's picture.
 */

export function topologyView(server: EmulatorServer, productKey: string, deviceName: string): TopologyView | undefined {
  const gw = findProduct(server, productKey)?.devices.get(deviceName);
  if (!gw) return undefined;
  const nodes: TopologyView["nodes"] = [];
  const edges: TopologyView["edges"] = [];
  for (const s of gw.subs ?? []) {
    nodes.push({ id: s.iotId, label: s.name, product: s.product.rec.productName, nickname: s.nickname ?? null });
    edges.push({ source: gw.iotId, target: s.iotId });
  }
  nodes.sort((a, b) => a.label.localeCompare(b.label));
  return { gateway: { id: gw.iotId, label: gw.name, product: gw.product.rec.productName }, nodes, edges };
}
