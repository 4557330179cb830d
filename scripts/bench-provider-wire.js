#!/usr/bin/env node
// What one DeviceBatch of N devices costs the dynamic-provider process in a no-op preview, stage by
// stage, without the engine: the CheckRequest and DiffRequest the engine sends are built here as
// protobuf bytes, then decoded, converted and answered exactly as @pulumi/pulumi's dynamic-provider
// server does (Struct.toJavaScript → our check/diff → Struct.fromJavaScript → serializeBinary).
// Prints each stage's time and the live heap after it (measured after a forced GC), and the peak RSS.
// Not a test; docs/performance.md has the figures.
//
//   npm run build && node --expose-gc scripts/bench-provider-wire.js [--devices 100000]
"use strict";

const path = require("path");
const structproto = require("google-protobuf/google/protobuf/struct_pb");
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const provider = require(path.join(__dirname, "..", "dist", "provider", "deviceBatch", "deviceBatchProvider.js"));

const args = process.argv.slice(2);
const N = Number(args.includes("--devices") ? args[args.indexOf("--devices") + 1] : 100_000);
if (typeof global.gc !== "function") {
  console.error("run with node --expose-gc (the live heap is measured after a forced GC)");
  process.exit(2);
}
const mb = (b) => `${Math.round(b / 2 ** 20)} MB`;
const names = Array.from({ length: N }, (_, i) => `dev-${String(i + 1).padStart(7, "0")}`);
const PROVIDER_TEXT = "x".repeat(4000); // stands in for the serialized __provider

/** The requests of a no-op preview, as bytes: stored inputs (the checked map) vs the program's list. */
function requests() {
  const stored = { productKey: "a1BenchProd", devices: Object.fromEntries(names.map((n) => [n, ""])), summary: "s", __provider: PROVIDER_TEXT };
  const check = new provproto.CheckRequest();
  check.setOlds(structproto.Struct.fromJavaScript(stored));
  check.setNews(structproto.Struct.fromJavaScript({ productKey: "a1BenchProd", devices: names, __provider: PROVIDER_TEXT }));
  const outputs = {
    productKey: "a1BenchProd",
    authType: "secret",
    iotIds: JSON.stringify(Object.fromEntries(names.map((n) => [n, `q0Vb${n}000100`]))),
    nicknames: "{}",
    applyIds: [1],
    pendingApplyIds: [],
    deviceCount: N,
    __provider: PROVIDER_TEXT,
  };
  const diff = new provproto.DiffRequest();
  diff.setId("a1BenchProd:0");
  diff.setOlds(structproto.Struct.fromJavaScript(outputs));
  diff.setNews(structproto.Struct.fromJavaScript(stored));
  return { check: check.serializeBinary(), diff: diff.serializeBinary() };
}

async function main() {
  const bytes = requests();
  global.gc();
  const base = process.memoryUsage().heapUsed;
  let peak = 0;
  const rows = [];
  let t = process.hrtime.bigint();
  const stage = (name) => {
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    peak = Math.max(peak, process.memoryUsage().rss);
    global.gc();
    rows.push(`| ${name} | ${Math.round(ms)} ms | ${mb(process.memoryUsage().heapUsed - base)} |`);
    t = process.hrtime.bigint();
  };
  const req = provproto.CheckRequest.deserializeBinary(bytes.check);
  stage("CheckRequest decoded");
  const olds = req.getOlds().toJavaScript();
  const news = req.getNews().toJavaScript();
  stage("olds and news to JavaScript");
  const result = await provider.check(olds, news);
  stage("the package's check");
  const resp = new provproto.CheckResponse();
  resp.setInputs(structproto.Struct.fromJavaScript(result.inputs));
  stage("checked inputs to Struct");
  const out = resp.serializeBinary();
  stage(`CheckResponse encoded (${mb(out.length)})`);
  const dreq = provproto.DiffRequest.deserializeBinary(bytes.diff);
  const dOlds = dreq.getOlds().toJavaScript();
  const dNews = dreq.getNews().toJavaScript();
  stage("DiffRequest decoded, to JavaScript");
  const d = await provider.diff(dreq.getId(), dOlds, dNews);
  stage(`the package's diff (changes: ${d.changes})`);
  console.log(`${N.toLocaleString("en-US")} devices, Node ${process.version}; live heap is cumulative (everything still referenced, as in the server's handler)\n`);
  console.log("| stage | time | live heap after it |\n|---|---|---|");
  console.log(rows.join("\n"));
  console.log(`\nRSS at the end of a stage, at most: ${mb(peak)} (before the forced GC; a server without them peaks higher)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
