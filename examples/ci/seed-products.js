#!/usr/bin/env node
// Seeds the emulator with the products a products.json declares, and sets each one's ProductKey in
// the stack's config. Usage: node seed-products.js products.json (in the program dir, stack selected).
// The emulator is empty at every CI run, so each product is created once per run.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error("usage: seed-products.js products.json");
  const { products } = JSON.parse(fs.readFileSync(file, "utf8"));
  // The package's own signed client, from the program's node_modules.
  const { getClient } = require(require.resolve("pulumi-alicloud-iot/dist/provider/client", { paths: [process.cwd()] }));
  const client = getClient();
  for (const p of products) {
    const created = await client.call("CreateProduct", { ProductName: p.name, NodeType: p.nodeType ?? 0, AuthType: p.authType ?? "secret" });
    execFileSync("pulumi", ["config", "set", p.config, created.ProductKey], { stdio: "inherit" });
    console.log(`seed-products: ${p.name} → ${p.config} = ${created.ProductKey}`);
  }
}

main().catch((err) => {
  console.error(`seed-products failed: ${err && err.message ? err.message : err}`);
  process.exit(1);
});
