#!/usr/bin/env node
// Bundles the emulator's web console (emulator/ui/) into dist/emulator/ui/: one script with
// cytoscape and uPlot inside, one stylesheet, the page. Run by `npm run build`; the package ships
// the result, so the console works offline and needs no CDN.
"use strict";
const fs = require("fs");
const path = require("path");
const esbuild = require("esbuild");

const root = path.join(__dirname, "..");
const src = path.join(root, "emulator", "ui");
const out = path.join(root, "dist", "emulator", "ui");

async function main() {
  fs.mkdirSync(out, { recursive: true });
  await esbuild.build({
    entryPoints: [path.join(src, "src", "main.ts")],
    outfile: path.join(out, "console.js"),
    bundle: true,
    minify: true,
    format: "iife",
    target: ["chrome110", "firefox110", "safari16"],
    legalComments: "linked",
    logLevel: "warning",
  });
  const css = [require.resolve("uplot/dist/uPlot.min.css"), path.join(src, "console.css")].map((f) => fs.readFileSync(f, "utf8")).join("\n");
  fs.writeFileSync(path.join(out, "console.css"), css);
  fs.copyFileSync(path.join(src, "index.html"), path.join(out, "index.html"));
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
