import * as fs from "fs";
import * as path from "path";

/**
 * The console's files, bundled at build time by scripts/build-console.js into dist/emulator/ui/
 * (cytoscape and uPlot included: served offline, no CDN). Only these names are served.
 */

const TYPES: Record<string, string> = {
  "index.html": "text/html; charset=utf-8",
  "console.js": "text/javascript; charset=utf-8",
  "console.css": "text/css; charset=utf-8",
};

/** dist/emulator/ui beside the compiled module; from the sources (ts-node), the built copy in dist/. */
function uiDir(): string | undefined {
  const candidates = [path.join(__dirname, "..", "ui"), path.join(__dirname, "..", "..", "dist", "emulator", "ui")];
  return candidates.find((d) => fs.existsSync(path.join(d, "console.js")));
}

const cache = new Map<string, Buffer>();

export function consoleFile(name: string): { body: Buffer; type: string } | undefined {
  const type = TYPES[name];
  if (!type) return undefined;
  let body = cache.get(name);
  if (!body) {
    const dir = uiDir();
    if (!dir) return undefined;
    body = fs.readFileSync(path.join(dir, name));
    cache.set(name, body);
  }
  return { body, type };
}
