#!/usr/bin/env node
// Benchmark of the shared quota store (docs/shared-quota.md has the latest figures). Not a test.
//
//   npm run build && node scripts/bench-shared-quota.js [--devices 25000] [--processes 1,2,4] [--modes local,redis] [--kill]
//
// For N = 1, 2, 4: N concurrent `pulumi up` processes, each of its own stack and program, each
// registering --devices devices (a DeviceBatch) against ONE emulator and ONE account (each stack
// signs with its own AccessKeyId, all mapped to the emulator's main account, as RAM users of one
// account are; `alicloud-iot:quotaAccount` names the account). Mode `local`: each process keeps its
// own window (the default). Mode `redis`: every process shares one budget in a redis-server started
// here (`alicloud-iot:quotaStore`).
//
// Reports per run: throttled answers and the busiest 1-s window per action at the emulator, the wall
// time of each `pulumi up` and of all, and the quota-bound part: QueryPageByApplyId pages of all
// stacks at 50 QPS = the floor of the combined work, against the time from the first page to the
// last (sampled every 100 ms from the emulator's counters). Its floor: at most 50 pages arrive in
// any 1-s window, so P pages need ⌈P/50⌉ windows and the last can arrive no sooner than ⌈P/50⌉ − 1
// windows after the first. What comes before the first page (engines, programs, the check and
// create phases) and after the last (state, exit) is not quota-bound and is reported apart: "all"
// = first page + span + the rest.
//
// Fairness: the emulator counts each stack's pages (by its AccessKeyId); for the time all stacks were
// paging at once (from the last stack's first page to the first stack's last page) it reports each
// stack's share of the pages, the smallest share any stack got in any whole second of it, and how far
// apart the stacks' last pages were.
//
// --kill: one more run, 4 stacks with Redis, where one `pulumi up` (its whole process group: CLI,
// language host, program, provider) is killed with SIGKILL once a quarter of the pages are done;
// reports the pages per second the survivors got in each second after the kill.
"use strict";

const { spawn, execFileSync } = require("child_process");
const fs = require("fs");
const net = require("net");
const os = require("os");
const path = require("path");

const repo = path.join(__dirname, "..");
const dist = path.join(repo, "dist");
const { startEmulatorProcess } = require("./lib/emulatorProcess.js");
const ws = require("./lib/pulumiWorkspace.js");
const { ACTION_LIMITS } = require(path.join(dist, "provider", "limits.js"));

const args = process.argv.slice(2);
const arg = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const DEVICES = Number(arg("--devices", "25000"));
const PROCESSES = arg("--processes", "1,2,4").split(",").filter(Boolean).map(Number);
const MODES = arg("--modes", "local,redis").split(",");
const KILL = args.includes("--kill");
const PAGE = ACTION_LIMITS.QueryPageByApplyId.maxPageSize;
const PAGE_QPS = ACTION_LIMITS.QueryPageByApplyId.qps;
const FLOW = ["BatchCheckDeviceNames", "QueryBatchRegisterDeviceStatus", "BatchRegisterDeviceWithApplyId", "QueryPageByApplyId"];
const WORK_ROOT = path.join(ws.defaultWorkRoot, "bench-shared-quota");
const ACCOUNT = "bench-account";

const program = `
const fs = require("fs");
const path = require("path");
const pulumi = require("@pulumi/pulumi");
const { DeviceBatch } = require("pulumi-alicloud-iot");
const spec = JSON.parse(fs.readFileSync(path.join(__dirname, "devices.json"), "utf8"));
const batch = new DeviceBatch("fleet", { productKey: new pulumi.Config().require("productKey"), devices: spec.devices });
exports.deviceCount = batch.deviceCount;
`;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fmt = (n) => n.toLocaleString("en-US");

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts a child (here redis-server) that prints `ready` (a regexp) when it is up. */
function startChild(cmd, argv, ready) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    const onData = (b) => {
      out += b;
      const m = ready.exec(out);
      if (m) resolve({ child, match: m });
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", (code) => reject(new Error(`${cmd} exited with ${code}: ${out.slice(-500)}`)));
  });
}

async function startRedis() {
  const port = await freePort();
  const { child } = await startChild("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], /Ready to accept connections/);
  return { child, url: `redis://127.0.0.1:${port}` };
}

/** An emulator that accepts one key per stack, every key in the main account. */
async function startEmulator(stacks) {
  const creds = stacks.flatMap((_, i) => ["--credential", `bench-key-${i}:bench-secret-${i}`]);
  return startEmulatorProcess({ args: ["--quiet", ...creds] });
}

async function emulatorStats(endpoint) {
  return (await (await fetch(`${endpoint}/_emulator/stats`)).json()).actions;
}

/** A signed call as stack `i` would make it (to create its product). */
async function createProduct(endpoint, name) {
  const { RpcClient } = require(path.join(dist, "provider", "client", "RpcClient.js"));
  const client = new RpcClient({ endpoint, region: "cn-shanghai", accessKeyId: "emulator-key-id", accessKeySecret: "emulator-key-secret", qpsOverrides: {} });
  return (await client.call("CreateProduct", { ProductName: name, NodeType: 0 })).ProductKey;
}

/** Runs `pulumi up` of one stack in its own process group; resolves with its wall time. */
function pulumiUp(dir, stackName, env) {
  const started = process.hrtime.bigint();
  const child = spawn("pulumi", ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", stackName], {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let out = "";
  child.stdout.on("data", (b) => (out += b));
  child.stderr.on("data", (b) => (out += b));
  const done = new Promise((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal, s: Number(process.hrtime.bigint() - started) / 1e9, out }));
  });
  return { child, done };
}

async function run(n, mode, { kill = false } = {}) {
  const label = `${n} × ${fmt(DEVICES)} devices, ${mode === "redis" ? "Redis store" : "per-process window"}${kill ? ", one killed" : ""}`;
  process.stderr.write(`bench: ${label}…\n`);
  const stacks = Array.from({ length: n }, (_, i) => i);
  const emu = await startEmulator(stacks);
  const redis = mode === "redis" ? await startRedis() : undefined;
  const env = ws.pulumiEnv(WORK_ROOT);
  const procs = [];
  try {
    const dirs = [];
    for (const i of stacks) {
      const name = `sq-${mode}-${n}-${i}${kill ? "-k" : ""}`;
      const dir = ws.writeProgram(name, { "index.js": program, "devices.json": JSON.stringify({ devices: Array.from({ length: DEVICES }, (_, d) => `s${i}-dev-${String(d).padStart(6, "0")}`) }) }, WORK_ROOT);
      const productKey = await createProduct(emu.endpoint, `bench_sq_${i}`);
      const config = {
        "alicloud-iot:endpoint": { value: emu.endpoint },
        "alicloud-iot:region": { value: "cn-shanghai" },
        "alicloud-iot:accessKeyId": { value: `bench-key-${i}` },
        "alicloud-iot:accessKeySecret": { value: `bench-secret-${i}`, secret: true },
        "alicloud-iot:quotaAccount": { value: ACCOUNT },
        [`${name}:productKey`]: { value: productKey },
      };
      if (redis) config["alicloud-iot:quotaStore"] = { value: redis.url };
      const stack = await ws.openStack(dir, "bench", config, WORK_ROOT);
      dirs.push({ dir, stack });
    }
    await fetch(`${emu.endpoint}/_emulator/reset?scope=stats`, { method: "POST" });

    // Sample the page counter every 100 ms: first and last page, and the pages per second after a kill.
    const samples = [];
    let sampling = true;
    const t0 = Date.now();
    const sampler = (async () => {
      while (sampling) {
        const s = await emulatorStats(emu.endpoint);
        const byKey = s.QueryPageByApplyId?.callsByAccessKeyId ?? {};
        samples.push({ t: Date.now() - t0, pages: s.QueryPageByApplyId?.calls ?? 0, each: stacks.map((i) => byKey[`bench-key-${i}`] ?? 0) });
        await sleep(100);
      }
    })();

    const started = process.hrtime.bigint();
    for (const { dir } of dirs) procs.push(pulumiUp(dir, "bench", env));
    let killedAt;
    if (kill) {
      const quarter = Math.ceil((n * Math.ceil(DEVICES / PAGE)) / 4);
      while ((samples[samples.length - 1]?.pages ?? 0) < quarter) await sleep(50);
      killedAt = Date.now() - t0;
      process.kill(-procs[0].child.pid, "SIGKILL");
    }
    const results = await Promise.all(procs.map((p) => p.done));
    const allS = Number(process.hrtime.bigint() - started) / 1e9;
    sampling = false;
    await sampler;
    const stats = await emulatorStats(emu.endpoint);
    results.forEach((r, i) => {
      if (kill && i === 0) return;
      if (r.code !== 0) throw new Error(`stack ${i} failed (${r.code}):\n${r.out.slice(-3000)}`);
    });

    const pages = stats.QueryPageByApplyId?.calls ?? 0;
    const first = samples.find((s) => s.pages > 0)?.t ?? 0;
    const last = samples.find((s) => s.pages >= pages)?.t ?? 0;
    let afterKill;
    let beforeKill;
    if (killedAt !== undefined) {
      afterKill = [];
      beforeKill = [];
      const at = (t) => [...samples].reverse().find((s) => s.t <= t)?.pages ?? 0;
      for (let sec = 0; killedAt + (sec + 1) * 1000 <= last && sec < 6; sec++) afterKill.push(at(killedAt + (sec + 1) * 1000) - at(killedAt + sec * 1000));
      afterKill.sum = at(killedAt + afterKill.length * 1000) - at(killedAt);
      const stackAt = (t, i) => [...samples].reverse().find((s) => s.t <= t)?.each[i] ?? 0;
      afterKill.byStack = stacks.map((i) => afterKill.map((_, sec) => stackAt(killedAt + (sec + 1) * 1000, i) - stackAt(killedAt + sec * 1000, i)));
      for (let sec = 3; sec >= 1; sec--) if (killedAt - sec * 1000 >= first) beforeKill.push(at(killedAt - (sec - 1) * 1000) - at(killedAt - sec * 1000));
    }
    const fairness = fairnessOf(samples, stacks, kill);
    // At Q pages per window, P pages need ⌈P/Q⌉ windows: the last can arrive no sooner than ⌈P/Q⌉ − 1 windows after the first.
    const spanFloorS = Math.ceil(pages / PAGE_QPS) - 1;
    return { label, n, mode, kill, eachS: results.map((r) => r.s), allS, stats, pages, spanS: (last - first) / 1000, firstS: first / 1000, spanFloorS, floorS: (n * Math.ceil(DEVICES / PAGE)) / PAGE_QPS, afterKill, beforeKill, fairness };
  } finally {
    for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) {
      try {
        process.kill(-p.child.pid, "SIGKILL");
      } catch {
        /* gone */
      }
    }
    await emu.stop();
    redis?.child.kill("SIGTERM");
  }
}

/**
 * Each stack's share of the pages while all of them were paging (a killed stack is left out), the
 * smallest share of any stack in any whole second of that time, and the spread of their last pages.
 */
function fairnessOf(samples, stacks, kill) {
  const live = stacks.filter((i) => !(kill && i === 0));
  if (live.length < 2) return undefined;
  const total = (i) => samples[samples.length - 1].each[i];
  const firstAt = (i) => samples.find((s) => s.each[i] > 0)?.t ?? 0;
  const lastAt = (i) => samples.find((s) => s.each[i] >= total(i))?.t ?? 0;
  const from = Math.max(...live.map(firstAt));
  const to = Math.min(...live.map(lastAt));
  const at = (t) => [...samples].reverse().find((s) => s.t <= t) ?? samples[0];
  const pagesIn = (a, b) => live.map((i) => at(b).each[i] - at(a).each[i]);
  const whole = pagesIn(from, to);
  const sum = whole.reduce((x, y) => x + y, 0);
  let minSecond = 1;
  for (let t = from; t + 1000 <= to; t += 1000) {
    const sec = pagesIn(t, t + 1000);
    const n = sec.reduce((x, y) => x + y, 0);
    if (n > 0) minSecond = Math.min(minSecond, ...sec.map((p) => p / n));
  }
  const lasts = live.map(lastAt);
  return {
    seconds: (to - from) / 1000,
    shares: whole.map((p) => (sum > 0 ? p / sum : 0)),
    minSecond,
    lastSpreadS: (Math.max(...lasts) - Math.min(...lasts)) / 1000,
    ideal: 1 / live.length,
  };
}

function table(rows) {
  const lines = [
    `| run | throttled (${FLOW.map((a) => a.replace(/^(Batch|Query)/, "")).join(" / ")}) | busiest 1-s window / quota: ${FLOW.join(" / ")} | wall time of each \`pulumi up\` | all (pages ÷ 50 QPS) | first page at | first → last page (its floor) |`,
    "|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const throttled = FLOW.map((a) => fmt(r.stats[a]?.throttled ?? 0)).join(" / ");
    const busiest = FLOW.map((a) => `${r.stats[a]?.maxCallsInAnyOneSecondWindow ?? 0}/${ACTION_LIMITS[a].qps}`).join(" · ");
    const each = r.eachS.map((s, i) => (r.kill && i === 0 ? "killed" : `${s.toFixed(1)} s`)).join(", ");
    lines.push(`| ${r.label} | ${throttled} | ${busiest} | ${each} | ${r.allS.toFixed(1)} s (${r.floorS.toFixed(0)} s) | ${r.firstS.toFixed(1)} s | ${r.spanS.toFixed(1)} s (${r.spanFloorS} s) = ${(r.spanS / r.spanFloorS).toFixed(3)}× |`);
  }
  return lines.join("\n");
}

async function main() {
  ws.ensurePulumi();
  process.env.PATH = `${ws.ensurePulumi()}${path.delimiter}${process.env.PATH}`;
  fs.rmSync(path.join(WORK_ROOT, "state"), { recursive: true, force: true });
  const rows = [];
  for (const n of PROCESSES) for (const mode of MODES) rows.push(await run(n, mode));
  if (KILL) rows.push(await run(4, "redis", { kill: true }));
  const cpu = os.cpus();
  process.stdout.write(
    `${fmt(DEVICES)} devices per stack, ${os.cpus().length} cores (${cpu[0]?.model ?? "?"}), Node ${process.version}, load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}.\n\n${table(rows)}\n`,
  );
  for (const r of rows) {
    const f = r.fairness;
    if (f) {
      const pct = (x) => `${(100 * x).toFixed(1)} %`;
      process.stdout.write(
        `\nFairness (${r.label}): over the ${f.seconds.toFixed(1)} s all stacks were paging, each stack's share of the pages ${f.shares.map(pct).join(", ")} (fair: ${pct(f.ideal)}); smallest share of any stack in any whole second ${pct(f.minSecond)}; last pages ${f.lastSpreadS.toFixed(1)} s apart.\n`,
      );
    }
  }
  for (const r of rows) {
    if (r.afterKill) {
      const k = r.afterKill;
      process.stdout.write(
        `\nPages per second (${r.label}; from 100-ms samples, so ±3): ${r.beforeKill.join(", ")} in the seconds before the kill; ${k.join(", ")} after it; ${k.sum} in the ${k.length} s after it (quota ${PAGE_QPS}: ${k.length * PAGE_QPS}). Each stack's, the killed one first: ${k.byStack.map((p) => p.join(" ")).join(" | ")}.\n`,
      );
    }
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
