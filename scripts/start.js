#!/usr/bin/env node
// `npm start`: deploys the demo program (examples/demo) with the real Pulumi CLI.
// Works on a fresh clone: installs dependencies and builds if needed, gets the CLI from
// scripts/ensure-pulumi, runs everything offline with state under .engine-work/ (gitignored).
// Running it again is an idempotent `pulumi up` of the same stack.
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
  const program = fs.readFileSync(path.join(root, "examples", "demo", "index.js"), "utf8");
  const dir = ws.writeProgram("demo", { "index.js": program });
  const stack = await ws.openStack(dir, "dev");
  const up = await stack.up({ onOutput: (s) => process.stdout.write(s) });
  console.log(`\nnpm start: ${up.summary.result}; outputs: ${JSON.stringify(Object.fromEntries(Object.entries(up.outputs).map(([k, v]) => [k, v.secret ? "[secret]" : v.value])))}`);
}

main().catch((err) => {
  console.error(`npm start failed: ${err && err.message ? err.message : err}`);
  process.exit(1);
});
