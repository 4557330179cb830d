#!/usr/bin/env node
// `npm start`: the main job. Starts the local IoT emulator (durable, under .engine-work/demo/)
// and runs `pulumi up` of the demo program (examples/demo) with the real Pulumi CLI against it. The
// program declares everything, its products and thing model included. Running it again is an
// idempotent `pulumi up` of the same stack against the same emulator state, so the second run
// reports no changes.
//
// Works on a fresh clone: installs dependencies and builds if needed, gets the CLI from
// scripts/ensure-pulumi, runs offline with state under .engine-work/ (gitignored).
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, stdio: "inherit" });

async function main() {
  if (!fs.existsSync(path.join(root, "node_modules", "@pulumi", "pulumi"))) run("npm", ["ci", "--no-audit", "--no-fund"]);
  run("npm", ["run", "--silent", "build"]);
  const ws = require("./lib/pulumiWorkspace");
  const { startEmulator } = require("../dist/emulator");

  const demoDir = path.join(ws.defaultWorkRoot, "demo");
  fs.mkdirSync(demoDir, { recursive: true });
  const emu = await startEmulator({ dataDir: path.join(demoDir, "emulator-data") });
  console.log(`npm start: IoT emulator at ${emu.endpoint} (state in ${path.relative(root, demoDir)}/emulator-data)`);
  try {
    const program = fs.readFileSync(path.join(root, "examples", "demo", "index.js"), "utf8");
    const dir = ws.writeProgram("demo", { "index.js": program });
    const stack = await ws.openStack(dir, "dev", {
      "alicloud-iot:endpoint": { value: emu.endpoint },
      "alicloud-iot:region": { value: emu.regionId },
      "alicloud-iot:accessKeyId": { value: emu.accessKeyId },
      "alicloud-iot:accessKeySecret": { value: emu.accessKeySecret, secret: true },
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
