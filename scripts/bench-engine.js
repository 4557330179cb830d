#!/usr/bin/env node
// Benchmark of DeviceBatch under the REAL Pulumi engine (CLI + language host + dynamic-provider
// process) against the emulator. Not a test: it measures and prints a Markdown table
// (docs/performance.md has the latest figures).
//
//   npm run build && node scripts/bench-engine.js --devices 100000 [--batches 1] [--raised-quotas]
//       [--steps up,preview,update,destroy-preview] [--profile DIR] [--tracing] [--json FILE]
//
// Steps, on one fresh stack whose program declares one DeviceBatch, or with `--batches k` a
// DeviceFleet of k batches (names `dev-0000001`…, stable shards):
//   up               `pulumi up --yes --skip-preview` registering every device;
//   preview          a no-op `pulumi preview` (must make no API call);
//   update           `pulumi up --yes --skip-preview` after 1 % of the names changed (0.5 % removed,
//                    0.5 % added);
//   destroy-preview  `pulumi destroy --preview-only`.
// For each step: wall time; for `up`, wall ÷ the quota floor (⌈N/50⌉ QueryPageByApplyId pages at the
// configured QPS); the time before the first and after the last API call (the emulator's call
// counters polled every 50 ms); API calls; peak RSS of the engine (`pulumi`), the program and the
// provider (the node processes under the CLI, from /proc every 100 ms); and the stored state size.
//
// --raised-quotas raises every quota (emulator and provider alike) so that the engine's own overhead
// is what is measured; without it the documented quotas apply. --profile DIR writes CPU and heap
// profiles of the program and the provider (NODE_OPTIONS reaches both: the provider process inherits
// the CLI's environment). --tracing writes the engine's trace (`pulumi --tracing file:…`) into DIR.
// The emulator runs in a child process, so its CPU and memory are not counted.
"use strict";

const { spawn, execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const { startEmulatorProcess } = require("./lib/emulatorProcess.js");
const ws = require("./lib/pulumiWorkspace.js");

const dist = path.join(__dirname, "..", "dist");
const { ACTION_LIMITS } = require(path.join(dist, "provider", "limits.js"));

const args = process.argv.slice(2);
const flag = (name, dflt) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const N = Number(flag("--devices", "100000"));
const BATCHES = Number(flag("--batches", "1"));
const RAISED = args.includes("--raised-quotas");
const STEPS = flag("--steps", "up,preview,update,destroy-preview").split(",");
const PROFILE_DIR = flag("--profile", undefined);
const TRACING = args.includes("--tracing");
const JSON_OUT = flag("--json", undefined);
const PROVIDER_HEAP_MB = flag("--max-old-space-size", undefined);
const WORK_ROOT = path.resolve(flag("--work-dir", path.join(ws.repoRoot, ".engine-work", "bench")));

const RAISED_QPS = 100_000;
const PAGE = ACTION_LIMITS.QueryPageByApplyId.maxPageSize;
const PAGE_QPS = RAISED ? RAISED_QPS : ACTION_LIMITS.QueryPageByApplyId.qps;
const fmt = (n) => Math.round(n).toLocaleString("en-US");
const mb = (bytes) => `${fmt(bytes / 2 ** 20)} MB`;
const CLOCK_TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function totalCalls(endpoint) {
  const res = await fetch(`${endpoint}/_emulator/stats`);
  const body = await res.json();
  return Object.values(body.actions).reduce((n, a) => n + a.calls, 0);
}

/** Children of every process, from /proc (Linux). */
function processTable() {
  const table = new Map();
  for (const pid of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
      const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      const cpuS = (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
      const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
      table.set(Number(pid), { ppid, rss, cmd, cpuS });
    } catch {
      // the process ended while being read
    }
  }
  return table;
}

/** What a process under the CLI is: engine, program, provider, or other (emulator, shells). */
function roleOf(cmd) {
  if (/dynamic-provider/.test(cmd)) return /^node /.test(cmd) || /\/node /.test(cmd) ? "provider" : undefined;
  if (/cmd\/run\b|@pulumi\/pulumi\/cmd\/run/.test(cmd)) return "program";
  if (/(^|\/)pulumi (up|preview|destroy|refresh)/.test(cmd)) return "engine";
  return undefined;
}

/** Polls the process tree under `rootPid` every 100 ms; returns peak RSS per role. */
function watchTree(rootPid) {
  const peak = { engine: 0, program: 0, provider: 0 };
  const cpuByPid = new Map();
  const tick = () => {
    const table = processTable();
    const inTree = (pid) => {
      for (let p = pid, i = 0; p > 1 && i < 20; p = table.get(p)?.ppid ?? 0, i++) if (p === rootPid) return true;
      return false;
    };
    for (const [pid, p] of table) {
      if (!inTree(pid)) continue;
      const role = roleOf(p.cmd);
      if (role) {
        peak[role] = Math.max(peak[role], p.rss);
        cpuByPid.set(pid, { role, cpuS: p.cpuS });
      }
    }
  };
  const timer = setInterval(tick, 100);
  const stop = () => {
    clearInterval(timer);
    tick();
    const cpu = { engine: 0, program: 0, provider: 0 };
    for (const { role, cpuS } of cpuByPid.values()) cpu[role] += cpuS;
    return { peak, cpu };
  };
  return { stop };
}

/** Runs one CLI step, measuring wall time, API-call timing and peak RSS. */
async function step(label, cliArgs, dir, env, endpoint) {
  const calls0 = await totalCalls(endpoint);
  let first;
  let last;
  let lastCount = calls0;
  const t0 = Date.now();
  const child = spawn(env.PULUMI_BIN, cliArgs, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  const watch = watchTree(child.pid);
  let out = "";
  child.stdout.on("data", (b) => (out += b));
  child.stderr.on("data", (b) => (out += b));
  let done = false;
  const poller = (async () => {
    while (!done) {
      const now = Date.now();
      const c = await totalCalls(endpoint);
      if (c !== lastCount) {
        if (first === undefined) first = now;
        last = Date.now();
        lastCount = c;
      }
      await sleep(50);
    }
  })();
  const code = await new Promise((resolve) => child.on("exit", resolve));
  const t1 = Date.now();
  done = true;
  await poller;
  const { peak, cpu } = watch.stop();
  const calls = (await totalCalls(endpoint)) - calls0;
  if (code !== 0) throw new Error(`${label} (pulumi ${cliArgs.join(" ")}) exited with ${code} after ${calls} API calls:\n${out.slice(-6000)}`);
  return {
    label,
    wallS: (t1 - t0) / 1000,
    calls,
    beforeFirstCallS: first === undefined ? undefined : (first - t0) / 1000,
    afterLastCallS: last === undefined ? undefined : (t1 - last) / 1000,
    peak,
    cpu,
    output: out,
  };
}

const program = `
const fs = require("fs");
const path = require("path");
const pulumi = require("@pulumi/pulumi");
const { DeviceFleet, DeviceBatch } = require("pulumi-alicloud-iot");
const spec = JSON.parse(fs.readFileSync(path.join(__dirname, "bench.json"), "utf8"));
const names = [];
for (let i = spec.from; i < spec.from + spec.count; i++) names.push("dev-" + String(i).padStart(7, "0"));
const productKey = new pulumi.Config().require("productKey");
const fleet = spec.batches > 1 ? new DeviceFleet("fleet", { productKey, devices: names, shards: spec.batches }) : new DeviceBatch("fleet", { productKey, devices: names });
exports.deviceCount = fleet.deviceCount;
`;

async function createProduct(endpoint) {
  const { configure } = require(path.join(dist, "provider", "config.js"));
  const { getClient } = require(path.join(dist, "provider", "client", "getClient.js"));
  const config = {
    "alicloud-iot:endpoint": endpoint,
    "alicloud-iot:region": "cn-shanghai",
    "alicloud-iot:accessKeyId": "emulator-key-id",
    "alicloud-iot:accessKeySecret": "emulator-key-secret",
  };
  configure({ get: (k) => config[k] });
  return (await getClient().call("CreateProduct", { ProductName: `bench_${Date.now()}`, NodeType: 0 })).ProductKey;
}

function stateFileSize(stackName, project) {
  const dir = path.join(WORK_ROOT, "state", ".pulumi", "stacks", project);
  for (const f of [`${stackName}.json`, `${stackName}.json.gz`]) {
    const p = path.join(dir, f);
    if (fs.existsSync(p)) return fs.statSync(p).size;
  }
  return undefined;
}

async function main() {
  const emu = await startEmulatorProcess({
    nodeArgs: ["--max-old-space-size=4096"],
    args: ["--quiet", ...(RAISED ? ["--qps", `*=${RAISED_QPS}`] : [])],
    forwardStderr: true,
  });
  const { endpoint } = emu;
  const stackName = `bench-${Date.now().toString(36)}`;
  const project = "bench-engine";
  let env;
  let dir;
  try {
    const productKey = await createProduct(endpoint);
    dir = ws.writeProgram(project, { "index.js": program }, WORK_ROOT);
    fs.writeFileSync(path.join(dir, "bench.json"), JSON.stringify({ from: 1, count: N, batches: BATCHES }));
    const bin = ws.ensurePulumi();
    env = { ...process.env, ...ws.pulumiEnv(WORK_ROOT), PULUMI_BIN: path.join(bin, "pulumi") };
    const nodeOptions = [];
    if (PROFILE_DIR) {
      fs.mkdirSync(PROFILE_DIR, { recursive: true });
      nodeOptions.push(`--require=${path.join(__dirname, "lib", "profilePreload.js")}`);
      env.PULUMI_ALICLOUD_IOT_PROFILE_DIR = path.resolve(PROFILE_DIR);
    }
    if (PROVIDER_HEAP_MB) nodeOptions.push(`--max-old-space-size=${PROVIDER_HEAP_MB}`);
    if (nodeOptions.length) env.NODE_OPTIONS = nodeOptions.join(" ");
    fs.mkdirSync(env.PULUMI_HOME, { recursive: true });
    fs.mkdirSync(path.join(WORK_ROOT, "state"), { recursive: true });
    const cli = (...a) => execFileSync(env.PULUMI_BIN, a, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
    cli("stack", "init", stackName);
    const setCfg = (k, v, secret) => cli("config", "set", ...(secret ? ["--secret"] : ["--plaintext"]), k, v);
    setCfg("alicloud-iot:endpoint", endpoint);
    setCfg("alicloud-iot:region", "cn-shanghai");
    setCfg("alicloud-iot:accessKeyId", "emulator-key-id");
    setCfg("alicloud-iot:accessKeySecret", "emulator-key-secret", true);
    setCfg(`${project}:productKey`, productKey);
    if (RAISED) setCfg("alicloud-iot:qpsOverrides", JSON.stringify(Object.fromEntries(Object.keys(ACTION_LIMITS).map((a) => [a, RAISED_QPS]))));

    const trace = (name) => (TRACING && PROFILE_DIR ? [`--tracing=file:${path.resolve(PROFILE_DIR, `${name}.trace`)}`] : []);
    const results = [];
    const floorS = Math.ceil(N / BATCHES / PAGE) * BATCHES / PAGE_QPS;
    for (const s of STEPS) {
      process.stderr.write(`${s}…\n`);
      let r;
      if (s === "up") r = await step(s, ["up", "--yes", "--skip-preview", "--non-interactive", ...trace(s)], dir, env, endpoint);
      else if (s === "preview") r = await step(s, ["preview", "--non-interactive", ...trace(s)], dir, env, endpoint);
      else if (s === "update") {
        // 1 % of the names change: the first 0.5 % are removed, 0.5 % new names are added at the end.
        const churn = Math.max(1, Math.round(N / 200));
        fs.writeFileSync(path.join(dir, "bench.json"), JSON.stringify({ from: 1 + churn, count: N, batches: BATCHES }));
        r = await step(s, ["up", "--yes", "--skip-preview", "--non-interactive", ...trace(s)], dir, env, endpoint);
      } else if (s === "destroy-preview") r = await step(s, ["destroy", "--preview-only", "--non-interactive", ...trace(s)], dir, env, endpoint);
      else throw new Error(`unknown step ${s}`);
      r.stateBytes = stateFileSize(stackName, project);
      if (s === "up" && !RAISED) r.floorS = floorS;
      results.push(r);
      process.stderr.write(
        `  ${r.wallS.toFixed(1)} s, ${fmt(r.calls)} calls, RSS engine ${mb(r.peak.engine)}, program ${mb(r.peak.program)}, provider ${mb(r.peak.provider)}; ` +
          `CPU engine ${r.cpu.engine.toFixed(1)} s, program ${r.cpu.program.toFixed(1)} s, provider ${r.cpu.provider.toFixed(1)} s\n`,
      );
    }

    const opt = (x) => (x === undefined ? "–" : `${x.toFixed(1)} s`);
    const lines = [
      `${fmt(N)} devices in ${BATCHES} DeviceBatch resource(s), ${RAISED ? `quotas raised to ${fmt(RAISED_QPS)} QPS` : "documented quotas"} ` +
        `(Node ${process.version}, ${require("os").cpus().length} cores${PROVIDER_HEAP_MB ? `, --max-old-space-size=${PROVIDER_HEAP_MB}` : ""}).`,
      "",
      "| step | wall | ÷ floor | before 1st call | after last call | API calls | peak RSS engine / program / provider | CPU engine / program / provider | state |",
      "|---|---|---|---|---|---|---|---|---|",
      ...results.map(
        (r) =>
          `| ${r.label} | ${r.wallS.toFixed(1)} s | ${r.floorS ? `${(r.wallS / r.floorS).toFixed(2)} (${r.floorS.toFixed(1)} s)` : "–"} | ` +
          `${opt(r.beforeFirstCallS)} | ${opt(r.afterLastCallS)} | ${fmt(r.calls)} | ${mb(r.peak.engine)} / ${mb(r.peak.program)} / ${mb(r.peak.provider)} | ` +
          `${r.cpu.engine.toFixed(1)} / ${r.cpu.program.toFixed(1)} / ${r.cpu.provider.toFixed(1)} s | ` +
          `${r.stateBytes === undefined ? "–" : mb(r.stateBytes)} |`,
      ),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify({ devices: N, batches: BATCHES, raised: RAISED, results: results.map(({ output, ...r }) => r) }, null, 2));
  } finally {
    if (env && dir) {
      try {
        execFileSync(env.PULUMI_BIN, ["stack", "rm", "--force", "--yes", stackName], { cwd: dir, env, stdio: "ignore" });
      } catch {
        // leave it; the work dir is disposable
      }
    }
    await emu.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
