#!/usr/bin/env node
// `npm start`: the main job. Starts the local IoT emulator (durable, under .engine-work/demo/),
// makes sure the demo products (lights, gateways) exist, and runs `pulumi up` of the demo program (examples/demo)
// with the real Pulumi CLI against it. Running it again is an idempotent `pulumi up` of the same
// stack against the same emulator state, so the second run reports no changes.
//
// Works on a fresh clone: installs dependencies and builds if needed, gets the CLI from
// scripts/ensure-pulumi, runs offline with state under .engine-work/ (gitignored).
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: "inherit" });

/** Returns the demo products' keys ({ lights, gateways }), creating the products on first use. */
async function ensureDemoProducts(client, file) {
  if (fs.existsSync(file)) {
    const keys = JSON.parse(fs.readFileSync(file, "utf8"));
    try {
      for (const key of Object.values(keys)) await client.call("QueryProduct", { ProductKey: key });
      if (keys.lights && keys.gateways) return keys;
    } catch {
      /* the emulator state was reset: create them again */
    }
  }
  const suffix = Date.now().toString(36);
  const create = async (name, nodeType) => (await client.call("CreateProduct", { ProductName: `${name}_${suffix}`, NodeType: nodeType, AuthType: "secret" })).ProductKey;
  const keys = { lights: await create("demo_lights", 0), gateways: await create("demo_gateways", 1) };
  fs.writeFileSync(file, JSON.stringify(keys));
  return keys;
}

async function main() {
  if (!fs.existsSync(path.join(root, "node_modules", "@pulumi", "pulumi"))) run("npm", ["ci", "--no-audit", "--no-fund"]);
  run("npm", ["run", "--silent", "build"]);
  const ws = require("./lib/pulumiWorkspace");
  const { startEmulator } = require("../dist/emulator");
  const { RpcClient } = require("../dist/provider/client/RpcClient");

  const demoDir = path.join(ws.defaultWorkRoot, "demo");
  fs.mkdirSync(demoDir, { recursive: true });
  const emu = await startEmulator({ dataDir: path.join(demoDir, "emulator-data") });
  console.log(`npm start: IoT emulator at ${emu.endpoint} (state in ${path.relative(root, demoDir)}/emulator-data)`);
  try {
    const client = new RpcClient({
      endpoint: emu.endpoint, region: emu.regionId, accessKeyId: emu.accessKeyId,
      accessKeySecret: emu.accessKeySecret, qpsOverrides: {},
    });
    const products = await ensureDemoProducts(client, path.join(demoDir, "products.json"));

    const program = fs.readFileSync(path.join(root, "examples", "demo", "index.js"), "utf8");
    const dir = ws.writeProgram("demo", { "index.js": program });
    const stack = await ws.openStack(dir, "dev", {
      "alicloud-iot:endpoint": { value: emu.endpoint },
      "alicloud-iot:region": { value: emu.regionId },
      "alicloud-iot:accessKeyId": { value: emu.accessKeyId },
      "alicloud-iot:accessKeySecret": { value: emu.accessKeySecret, secret: true },
      "demo:productKey": { value: products.lights },
      "demo:gatewayProductKey": { value: products.gateways },
    });
    const up = await stack.up({ onOutput: (s) => process.stdout.write(s) });
    const outputs = Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.secret ? "[secret]" : v.value]));
    const calls = Object.entries(emu.stats()).filter(([, s]) => s.calls > 0).map(([a, s]) => `${a} ${s.calls}`);
    console.log(`\nnpm start: ${up.summary.result}; changes ${JSON.stringify(up.summary.resourceChanges)}`);
    console.log(`npm start: outputs ${JSON.stringify(outputs)}`);
    console.log(`npm start: API calls this run: ${calls.join(", ") || "none"}`);
  } finally {
    await emu.close();
  }
}

main().catch((err) => {
  console.error(`npm start failed: ${err && err.message ? err.message : err}`);
  process.exit(1);
});
