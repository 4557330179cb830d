import type * as http from "http";
import { SeedError } from "../seed/seedError";
import { parseSeedText } from "../seed/loadSeedFile";
import { seedServer } from "../seed/seedServer";
import type { EmulatorServer } from "../http/server";
import { devicePage, DeviceQueryError, parseDeviceQuery } from "./devicePage";
import { findProduct, overview } from "./overview";
import { quotaView } from "./quotaView";
import { HISTORY_SECONDS } from "./rateHistory";
import { consoleFile } from "./staticFiles";
import { topologyView } from "./topologyView";

/**
 * The web console and the seed endpoint (unsigned, like the rest of /_emulator/):
 *
 *   GET  /                                 a browser (Accept: text/html, no Action) is redirected to the console
 *   GET  /_emulator/ui/                    the console (static files)
 *   GET  /_emulator/console/overview       products, drivers and versions, gateways, counts
 *   GET  /_emulator/console/devices        ?productKey=&name=&nickname=&status=&page=&pageSize= (≤ 200)
 *   GET  /_emulator/console/topology       ?productKey=&deviceName=  a gateway's sub-devices
 *   GET  /_emulator/console/quota          ?seconds=N  per-action quota, counters and per-second series
 *   POST /_emulator/seed                   a seed document (JSON, or YAML with a yaml content type)
 *
 * The console only reads; it changes state only through the existing admin endpoints (reset,
 * faults), behind buttons that say what they do. Returns false for paths it does not own.
 */

export const CONSOLE_PATH = "/_emulator/ui/";

/** Sends a JSON answer; returns true (the request was handled). */
function json(res: http.ServerResponse, status: number, body: unknown): true {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json;charset=utf-8", "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
  res.end(text);
  return true;
}

/** A browser navigating to `/`: GET, wants HTML, and carries no API request. */
export function isBrowserAtRoot(req: http.IncomingMessage, pathname: string, rawQuery: string): boolean {
  if (pathname !== "/" || (req.method ?? "GET").toUpperCase() !== "GET") return false;
  if (!/\btext\/html\b/.test(req.headers.accept ?? "") || req.headers.authorization || req.headers["x-acs-action"]) return false;
  return !new URLSearchParams(rawQuery).has("Action");
}

export async function handleConsoleRequest(server: EmulatorServer, req: http.IncomingMessage, res: http.ServerResponse, pathname: string, rawQuery: string, body: Buffer): Promise<boolean> {
  const method = (req.method ?? "GET").toUpperCase();
  if (isBrowserAtRoot(req, pathname, rawQuery) || pathname === "/_emulator/ui") {
    res.writeHead(302, { location: CONSOLE_PATH, "content-length": 0 });
    res.end();
    return true;
  }
  if (pathname.startsWith(CONSOLE_PATH)) {
    const file = consoleFile(pathname.slice(CONSOLE_PATH.length) || "index.html");
    if (method !== "GET" || !file) return json(res, 404, { error: file ? `${method} not allowed` : `no console file ${pathname}${consoleFile("index.html") ? "" : " (the console is not built: run npm run build)"}` });
    res.writeHead(200, { "content-type": file.type, "content-length": file.body.length, "cache-control": "no-cache" });
    res.end(file.body);
    return true;
  }
  if (pathname === "/_emulator/seed") {
    if (method !== "POST") return json(res, 405, { error: "POST a seed document (JSON, or YAML with content-type application/yaml)" });
    try {
      const yaml = /yaml/i.test(req.headers["content-type"] ?? "");
      const spec = parseSeedText(body.toString("utf8"), yaml ? "yaml" : "json", "body");
      return json(res, 200, await seedServer(server, spec));
    } catch (e) {
      if (!(e instanceof SeedError)) throw e;
      return json(res, 400, { error: e.message, problems: e.problems });
    }
  }
  if (!pathname.startsWith("/_emulator/console/")) return false;
  if (method !== "GET") return json(res, 405, { error: `${method} not allowed: the console API only reads` });
  const q = new URLSearchParams(rawQuery);
  await server.durable();
  switch (pathname) {
    case "/_emulator/console/overview":
      return json(res, 200, overview(server));
    case "/_emulator/console/devices": {
      const productKey = q.get("productKey") ?? "";
      const product = findProduct(server, productKey);
      if (!product) return json(res, 404, { error: `no product ${JSON.stringify(productKey)}` });
      try {
        return json(res, 200, devicePage(product, parseDeviceQuery(q)));
      } catch (e) {
        if (!(e instanceof DeviceQueryError)) throw e;
        return json(res, 400, { error: e.message });
      }
    }
    case "/_emulator/console/topology": {
      const view = topologyView(server, q.get("productKey") ?? "", q.get("deviceName") ?? "");
      if (!view) return json(res, 404, { error: "no such gateway device" });
      return json(res, 200, view);
    }
    case "/_emulator/console/quota": {
      const s = Number(q.get("seconds") ?? 120);
      if (!Number.isInteger(s) || s < 1 || s > HISTORY_SECONDS) return json(res, 400, { error: `seconds must be an integer 1–${HISTORY_SECONDS}` });
      return json(res, 200, quotaView(server, s));
    }
    default:
      return json(res, 404, { error: `no console route ${pathname}` });
  }
}
