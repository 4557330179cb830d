#!/usr/bin/env node
// Benchmark of the console's device page at a large fleet: seeds N devices (default 1,000,000) into
// one product through the seed path, then times GET /_emulator/console/devices over HTTP on loopback
// (answer fully received) for the page shapes the console asks for. Run after `npm run build`:
//   node scripts/bench-console.js [devices] [runs]
"use strict";
const http = require("http");
const path = require("path");
const { startEmulator } = require(path.join(__dirname, "..", "dist", "emulator", "index.js"));

const N = Number(process.argv[2] ?? 1_000_000);
const RUNS = Number(process.argv[3] ?? 20);
const agent = new http.Agent({ keepAlive: true });

function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
    }).on("error", reject);
  });
}

const pct = (xs, p) => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

async function main() {
  const digits = String(N).length;
  const t0 = process.hrtime.bigint();
  const emu = await startEmulator({
    seed: { products: [{ name: "bench-fleet", productKey: "a1BenchFlt1", devices: [{ prefix: "dev-", count: N, digits, nicknamePrefix: "unit_" }] }] },
  });
  const seedMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const mid = String(Math.floor(N / 2)).padStart(digits, "0");
  const lastPage = Math.ceil(N / 50);
  const cases = [
    ["first page, no filter", "page=1"],
    [`last page (${lastPage.toLocaleString("en-US")}), no filter`, `page=${lastPage}`],
    [`name contains "dev-${mid}" (1 match)`, `name=dev-${mid}`],
    [`name contains "${mid.slice(0, digits - 3)}" (1,000 matches), page 2`, `name=${mid.slice(0, digits - 3)}&page=2`],
    [`nickname contains "unit_${mid}"`, `nickname=unit_${mid}`],
    ["status UNACTIVE (every device), last page", `status=UNACTIVE&page=${lastPage}`],
    ["status ONLINE (no match)", "status=ONLINE"],
    ["name contains \"nothing\" (no match)", "name=nothing"],
  ];
  console.log(`bench-console: ${N.toLocaleString("en-US")} devices seeded in ${(seedMs / 1000).toFixed(1)} s; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB; ${RUNS} runs per case, page size 50, node ${process.version}`);
  console.log("| query | matched | median ms | p95 ms | max ms |");
  console.log("|---|---:|---:|---:|---:|");
  for (const [label, q] of cases) {
    const times = [];
    let matched = 0;
    for (let i = 0; i < RUNS + 2; i++) {
      const s = process.hrtime.bigint();
      const r = await get(`${emu.endpoint}/_emulator/console/devices?productKey=a1BenchFlt1&pageSize=50&${q}`);
      const ms = Number(process.hrtime.bigint() - s) / 1e6;
      if (r.status !== 200) throw new Error(`${q}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
      matched = r.body.matched;
      if (i >= 2) times.push(ms); // two warm-up runs
    }
    times.sort((a, b) => a - b);
    console.log(`| ${label} | ${matched.toLocaleString("en-US")} | ${pct(times, 50).toFixed(1)} | ${pct(times, 95).toFixed(1)} | ${times[times.length - 1].toFixed(1)} |`);
  }
  const ov = process.hrtime.bigint();
  await get(`${emu.endpoint}/_emulator/console/overview`);
  console.log(`overview: ${(Number(process.hrtime.bigint() - ov) / 1e6).toFixed(1)} ms`);
  await emu.close();
  agent.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
