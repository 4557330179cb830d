#!/usr/bin/env node
/*
 * Benchmark of the IoT API emulator (not a test; prints figures for docs/emulator.md).
 *
 *   npx tsc -p tsconfig.json            # or: npx tsc -p tsconfig.json --outDir /tmp/emu-dist
 *   node scripts/bench-emulator.js [--dist DIR] [--seconds 5] [--concurrency 16] [--devices 1000000] [--skip-durable-1m]
 *
 * 1. Throughput: signed requests per second on loopback from several concurrent keep-alive clients
 *    in this process, against the compiled CLI in a child process, with every QPS quota lifted
 *    (`--qps *=0`): v1 reads (QueryProduct, form body), V3 reads, in-memory writes, and durable
 *    writes (--data-dir: fsync before every answer, group commit).
 * 2. Memory: RSS and heapUsed of the emulator process (after a forced GC) once it holds N registered
 *    devices (default 1,000,000), registered through BatchRegisterDevice calls of 10,000.
 * 3. With a data dir: the same million devices, then the clean stop (snapshot) and the restart time.
 * Client and server share the machine's cores, so the figures are a floor for the server alone.
 */
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const http = require("http");
const os = require("os");
const path = require("path");
const { startEmulatorProcess } = require("./lib/emulatorProcess.js");

const argv = process.argv.slice(2);
const arg = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : def;
};
const DIST = path.resolve(arg("--dist", path.join(__dirname, "..", "dist")));
const SECONDS = Number(arg("--seconds", "5"));
const CONCURRENCY = Number(arg("--concurrency", "16"));
const DEVICES = Number(arg("--devices", "1000000"));
const SKIP_DURABLE_1M = argv.includes("--skip-durable-1m");

const CLI = path.join(DIST, "emulator", "cli.js");
if (!fs.existsSync(CLI)) {
  console.error(`no ${CLI}; build first: npx tsc -p tsconfig.json [--outDir DIR] and pass --dist DIR`);
  process.exit(2);
}
const { signRpc } = require(path.join(DIST, "provider", "client", "signRpc.js"));
const { percentEncode } = require(path.join(DIST, "provider", "client", "percentEncode.js"));
const v3 = require(path.join(DIST, "emulator", "auth", "v3.js"));

const KEY_ID = "emulator-key-id";
const SECRET = "emulator-key-secret";

/** The compiled CLI in a child process; `startMs`: from spawn to its listening line. */
async function startEmulator(args, nodeFlags = []) {
  const t0 = Date.now();
  // A restart with a million devices reads its whole snapshot before it listens: a generous limit.
  const emu = await startEmulatorProcess({ cli: CLI, nodeArgs: nodeFlags, args: ["--quiet", ...args], timeoutMs: 10 * 60_000 });
  return { ...emu, startMs: Date.now() - t0 };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

function request(url, { method = "POST", headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        try {
          resolve({ status: res.statusCode, json: JSON.parse(text) });
        } catch (e) {
          reject(new Error(`bad JSON (${res.statusCode}): ${text.slice(0, 200)}`));
        }
      });
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const isoSeconds = () => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

/** v1 signature, every parameter in a form body (the pop-core POST shape). */
function callV1(endpoint, action, params) {
  const all = { Action: action, Version: "2018-01-20", Format: "JSON", AccessKeyId: KEY_ID, SignatureMethod: "HMAC-SHA1", SignatureVersion: "1.0", SignatureNonce: crypto.randomUUID(), Timestamp: isoSeconds(), ...params };
  const { signature } = signRpc({ method: "POST", params: all, accessKeySecret: SECRET });
  all.Signature = signature;
  const body = Object.keys(all).map((k) => `${percentEncode(k)}=${percentEncode(all[k])}`).join("&");
  return request(`${endpoint}/`, { headers: { "content-type": "application/x-www-form-urlencoded" }, body });
}

const EMPTY_SHA = crypto.createHash("sha256").update("").digest("hex");

/** V3 signature (ACS3-HMAC-SHA256), parameters in the query, as the official SDK sends them. */
function callV3(endpoint, action, params) {
  const host = endpoint.replace(/^http:\/\//, "");
  const headers = { host, "x-acs-action": action, "x-acs-version": "2018-01-20", "x-acs-date": isoSeconds(), "x-acs-signature-nonce": crypto.randomUUID(), "x-acs-content-sha256": EMPTY_SHA };
  const names = Object.keys(headers).sort();
  const canonical = v3.v3CanonicalRequest("POST", "/", params, headers, names, EMPTY_SHA);
  const sig = v3.v3Signature(SECRET, v3.v3StringToSign(canonical));
  const qs = Object.keys(params).map((k) => `${k}=${percentEncode(params[k])}`).join("&");
  return request(`${endpoint}/?${qs}`, { headers: { ...headers, accept: "application/json", authorization: `ACS3-HMAC-SHA256 Credential=${KEY_ID},SignedHeaders=${names.join(";")},Signature=${sig}` } });
}

async function loadTest(name, fn) {
  let done = 0;
  let errors = 0;
  const lat = [];
  const end = Date.now() + SECONDS * 1000;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, w) => {
      for (let i = 0; Date.now() < end; i++) {
        const s = process.hrtime.bigint();
        const r = await fn(w, i);
        lat.push(Number(process.hrtime.bigint() - s) / 1e6);
        if (r.status !== 200 || r.json.Success !== true) errors++;
        done++;
      }
    }),
  );
  const secs = (Date.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  const q = (p) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))].toFixed(2);
  const row = { name, requests: done, errors, perSecond: Math.round(done / secs), p50ms: q(0.5), p99ms: q(0.99) };
  console.log(`  ${name}: ${row.perSecond} req/s (${done} in ${secs.toFixed(1)} s, ${errors} errors, p50 ${row.p50ms} ms, p99 ${row.p99ms} ms)`);
  return row;
}

async function stats(endpoint, gc = false) {
  return (await request(`${endpoint}/_emulator/stats${gc ? "?gc=1" : ""}`, { method: "GET" })).json;
}

async function registerDevices(endpoint, productKey, total) {
  const perCall = 10_000;
  const calls = Math.ceil(total / perCall);
  const t0 = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < calls) {
        const n = Math.min(perCall, total - next * perCall);
        next++;
        const r = await callV1(endpoint, "BatchRegisterDevice", { ProductKey: productKey, Count: String(n) });
        if (r.json.Success !== true) throw new Error(JSON.stringify(r.json));
        // Poll until the batch is created (the job runs on the next request after its deadline).
        for (;;) {
          const s = await callV1(endpoint, "QueryBatchRegisterDeviceStatus", { ProductKey: productKey, ApplyId: String(r.json.Data.ApplyId) });
          if (s.json.Data.Status === "CREATE_SUCCESS") break;
          if (s.json.Data.Status === "CREATE_FAILED") throw new Error("batch failed");
          await new Promise((res) => setTimeout(res, 5));
        }
      }
    }),
  );
  return (Date.now() - t0) / 1000;
}

const mb = (b) => `${(b / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  const results = { machine: { cpus: os.cpus().length, cpu: os.cpus()[0]?.model, node: process.version, concurrency: CONCURRENCY, seconds: SECONDS }, throughput: [], memory: {} };
  console.log(`emulator benchmark — ${results.machine.cpus} CPUs (${results.machine.cpu}), node ${process.version}, ${CONCURRENCY} keep-alive clients, ${SECONDS} s per run`);

  console.log("\n1. Throughput (all quotas lifted)");
  const mem = await startEmulator(["--qps", "*=0"]);
  const p = await callV1(mem.endpoint, "CreateProduct", { ProductName: "bench_prod", NodeType: "0" });
  const pk = p.json.ProductKey;
  results.throughput.push(await loadTest("v1 reads (QueryProduct, form body)", () => callV1(mem.endpoint, "QueryProduct", { ProductKey: pk })));
  results.throughput.push(await loadTest("V3 reads (QueryProduct, ACS3-HMAC-SHA256)", () => callV3(mem.endpoint, "QueryProduct", { ProductKey: pk })));
  results.throughput.push(await loadTest("v1 writes in memory (CreateEdgeDriver)", (w, i) => callV1(mem.endpoint, "CreateEdgeDriver", { DriverName: `M${w}_${i}`, DriverProtocol: "modbus", Runtime: "c" })));
  await mem.stop();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-bench-"));
  const dur = await startEmulator(["--qps", "*=0", "--data-dir", dir]);
  const row = await loadTest("v1 durable writes (CreateEdgeDriver, --data-dir, fsync before answer)", (w, i) => callV1(dur.endpoint, "CreateEdgeDriver", { DriverName: `D${w}_${i}`, DriverProtocol: "modbus", Runtime: "c" }));
  const ps = (await stats(dur.endpoint)).persistence;
  row.fsyncs = ps.fsyncs;
  row.writesPerFsync = +(ps.seq / ps.fsyncs).toFixed(1);
  console.log(`    group commit: ${ps.seq} journal records in ${ps.fsyncs} fdatasyncs (${row.writesPerFsync} per fsync)`);
  results.throughput.push(row);
  await dur.stop();
  fs.rmSync(dir, { recursive: true, force: true });

  console.log(`\n2. Memory at ${DEVICES.toLocaleString("en")} registered devices (in memory, after a forced GC)`);
  const big = await startEmulator(["--qps", "*=0", "--create-delay-ms", "0"], ["--expose-gc"]);
  const bp = (await callV1(big.endpoint, "CreateProduct", { ProductName: "mem_prod", NodeType: "0" })).json.ProductKey;
  const before = (await stats(big.endpoint, true)).memory;
  const regSecs = await registerDevices(big.endpoint, bp, DEVICES);
  const after = await stats(big.endpoint, true);
  results.memory.inMemory = { devices: after.store.devices, registerSeconds: regSecs, rssBefore: before.rss, heapUsedBefore: before.heapUsed, rss: after.memory.rss, heapUsed: after.memory.heapUsed, bytesPerDevice: Math.round((after.memory.heapUsed - before.heapUsed) / after.store.devices) };
  console.log(`  ${after.store.devices} devices registered in ${regSecs.toFixed(1)} s; RSS ${mb(before.rss)} → ${mb(after.memory.rss)}, heapUsed ${mb(before.heapUsed)} → ${mb(after.memory.heapUsed)} (${results.memory.inMemory.bytesPerDevice} B/device of heap)`);
  const q = await callV1(big.endpoint, "BatchQueryDeviceDetail", { ProductKey: bp, "DeviceName.1": "nosuchdevice" });
  if (q.json.Success !== true) throw new Error("query failed");
  await big.stop();

  if (!SKIP_DURABLE_1M) {
    console.log(`\n3. ${DEVICES.toLocaleString("en")} devices with --data-dir: stop (snapshot) and restart`);
    const ddir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-bench-"));
    const d1 = await startEmulator(["--qps", "*=0", "--create-delay-ms", "0", "--data-dir", ddir], ["--expose-gc"]);
    const dp = (await callV1(d1.endpoint, "CreateProduct", { ProductName: "durable_mem", NodeType: "0" })).json.ProductKey;
    const dsecs = await registerDevices(d1.endpoint, dp, DEVICES);
    const ds = await stats(d1.endpoint, true);
    const journalBytes = fs.readdirSync(ddir).filter((f) => f.startsWith("journal-")).reduce((n, f) => n + fs.statSync(path.join(ddir, f)).size, 0);
    const t0 = Date.now();
    const code = await d1.stop();
    const stopSecs = (Date.now() - t0) / 1000;
    const snapBytes = fs.statSync(path.join(ddir, "snapshot.jsonl")).size;
    const d2 = await startEmulator(["--qps", "*=0", "--data-dir", ddir], ["--expose-gc"]);
    const rs = await stats(d2.endpoint, true);
    results.memory.durable = { devices: rs.store.devices, registerSeconds: dsecs, rss: ds.memory.rss, heapUsed: ds.memory.heapUsed, journalBytes, compactions: ds.persistence.compactions, stopSeconds: stopSecs, stopExitCode: code, snapshotBytes: snapBytes, restartSeconds: d2.startMs / 1000, rssAfterRestart: rs.memory.rss, heapUsedAfterRestart: rs.memory.heapUsed };
    console.log(`  registered in ${dsecs.toFixed(1)} s (RSS ${mb(ds.memory.rss)}, heapUsed ${mb(ds.memory.heapUsed)}; ${ds.persistence.compactions} compactions, live journal ${mb(journalBytes)})`);
    console.log(`  clean stop with snapshot: ${stopSecs.toFixed(1)} s (exit ${code}), snapshot ${mb(snapBytes)}; restart to listening: ${(d2.startMs / 1000).toFixed(1)} s; ${rs.store.devices} devices back, RSS ${mb(rs.memory.rss)}, heapUsed ${mb(rs.memory.heapUsed)}`);
    await d2.stop();
    fs.rmSync(ddir, { recursive: true, force: true });
  }

  console.log("\nJSON:", JSON.stringify(results));
  agent.destroy();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
