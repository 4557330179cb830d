#!/usr/bin/env node
// Benchmark of DeviceBatch against the emulator at the REAL quotas (limits.ts). Not a test: it
// measures and prints a Markdown table (docs/device-batch.md has the latest one).
//
//   npx tsc -p tsconfig.json && node scripts/bench-device-batch.js [--devices 100000] [--skip-sdk]
//       [--deletes N] [--jitter-ms MIN-MAX] [--jitter-seed S] [--window-ms W]
//
// Measures, for registering N custom-named devices:
//   - DeviceBatch `create`: API calls per action vs the minimum, wall time vs the quota floor
//     (⌈N/50⌉ QueryPageByApplyId pages at 50 QPS; goal ≤ 1.10×), throttled calls and the busiest
//     1-s window per action (never above the quota), peak RSS/heap of this (provider) process;
//   - provider `diff` over N names (goal < 100 ms) and `check` (normalisation) time;
//   - the same registration written naively with the official SDK (@alicloud/iot20180120): one
//     call after another, 1 s status polls, 1 s sleep and retry when throttled.
//   - with --deletes N: an update that removes N of them (DeleteDevice at 50 QPS), timed against its
//     floor N/50 s;
//   - for each bound action, the rate reached while it ran: (calls − 1) / (last start − first start),
//     as a fraction of its quota (the quota floor's throughput), measured at the client.
// With --jitter-ms MIN-MAX the emulator holds each request a seeded random MIN..MAX ms before it counts
// it as arrived (its --latency-jitter-ms flag), as an uneven network would.
// The emulator runs in a child process (dist/emulator/cli.js) so its CPU and memory are not counted
// here; its default async delays apply (CHECK 50 ms, CREATE 100 ms).
"use strict";

const path = require("path");
const { startEmulatorProcess } = require("./lib/emulatorProcess.js");

const dist = path.join(__dirname, "..", "dist");
const { configure } = require(path.join(dist, "provider", "config.js"));
const { getClient } = require(path.join(dist, "provider", "client", "getClient.js"));
const provider = require(path.join(dist, "provider", "resources", "deviceBatchProvider.js"));
const { ACTION_LIMITS } = require(path.join(dist, "provider", "limits.js"));

const args = process.argv.slice(2);
const N = Number(args[args.indexOf("--devices") + 1] || 100_000) || 100_000;
const SKIP_SDK = args.includes("--skip-sdk");
const flag = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const DELETES = Number(flag("--deletes") ?? 0);
const JITTER = flag("--jitter-ms");
if (JITTER !== undefined && !/^\d+-\d+$/.test(JITTER)) throw new Error(`--jitter-ms expects MIN-MAX, got ${JITTER}`);
const JITTER_SEED = flag("--jitter-seed") ?? "1";
// Experiment: run the shared limiter with another window (e.g. 1020 ms, a margin over the server's).
// It must be installed under the key sharedLimiter.ts reads, or the product keeps its own.
const WINDOW_MS = args.includes("--window-ms") ? Number(args[args.indexOf("--window-ms") + 1]) : undefined;
{
  // Installed under the key sharedLimiter.ts reads, or the product would keep its own limiter.
  const { SlidingWindowLimiter } = require(path.join(dist, "provider", "retry", "SlidingWindowLimiter.js"));
  const { SHARED_LIMITER_KEY } = require(path.join(dist, "provider", "retry", "sharedLimiter.js"));
  const inner = new SlidingWindowLimiter(WINDOW_MS === undefined ? {} : { windowMs: WINDOW_MS });
  // Records each call's start per action, to measure the rate reached.
  globalThis.__benchStarts = new Map();
  // Start → answer seen by the client, per call and action: each call holds its quota slot for this plus a window.
  globalThis.__benchRtts = new Map();
  globalThis[SHARED_LIMITER_KEY] = {
    async acquire(bucket, quota) {
      const permit = await inner.acquire(bucket, quota);
      const action = bucket.slice(bucket.indexOf(":") + 1);
      const list = globalThis.__benchStarts.get(action) ?? [];
      const startedAt = Date.now();
      list.push(startedAt);
      globalThis.__benchStarts.set(action, list);
      const rtts = globalThis.__benchRtts.get(action) ?? [];
      globalThis.__benchRtts.set(action, rtts);
      return {
        release(outcome) {
          if (startedAt !== undefined) rtts.push(Date.now() - startedAt);
          permit.release(outcome);
        },
      };
    },
    close: (reason) => inner.close(reason),
  };
}

/** Calls per second reached by `action` since the last reset, as a fraction of its quota. */
function rateOf(action) {
  const starts = globalThis.__benchStarts.get(action) ?? [];
  if (starts.length < 2) return undefined;
  const perS = ((starts.length - 1) * 1000) / (starts[starts.length - 1] - starts[0]);
  return { perS, ofQuota: perS / ACTION_LIMITS[action].qps };
}
const fmtRate = (action) => {
  const r = rateOf(action);
  if (!r) return "–";
  const rtts = globalThis.__benchRtts.get(action) ?? [];
  const mean = rtts.reduce((a, b) => a + b, 0) / Math.max(1, rtts.length);
  // The limiter's bound: Q slots, each held for a window plus the call's round trip.
  const bound = 1000 / (1000 + mean);
  return `${r.perS.toFixed(1)}/s = ${r.ofQuota.toFixed(3)} of ${ACTION_LIMITS[action].qps} (mean start→answer ${mean.toFixed(0)} ms; bound W/(W+RTT) = ${bound.toFixed(3)})`;
};

const PAGE = ACTION_LIMITS.QueryPageByApplyId.maxPageSize;
const CHUNK = ACTION_LIMITS.BatchCheckDeviceNames.maxItems;
const FLOOR_S = Math.ceil(N / PAGE) / ACTION_LIMITS.QueryPageByApplyId.qps;
const FLOW = ["BatchCheckDeviceNames", "QueryBatchRegisterDeviceStatus", "BatchRegisterDeviceWithApplyId", "QueryPageByApplyId"];

const fmt = (n) => n.toLocaleString("en-US");
const names = (prefix) => Array.from({ length: N }, (_, i) => `${prefix}-${String(i + 1).padStart(6, "0")}`);

async function emulatorStats(endpoint) {
  const res = await fetch(`${endpoint}/_emulator/stats`);
  return (await res.json()).actions;
}

async function resetStats(endpoint) {
  await fetch(`${endpoint}/_emulator/reset?scope=stats`, { method: "POST" });
}

/** Samples peak RSS and heap of this process, and its longest event-loop stall, while `fn` runs. */
async function withPeakMemory(fn) {
  const loop = require("perf_hooks").monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss);
    heap = Math.max(heap, m.heapUsed);
  };
  const timer = setInterval(sample, 50);
  try {
    const result = await fn();
    sample();
    return { result, rssMB: rss / 2 ** 20, heapMB: heap / 2 ** 20, stallMs: loop.max / 1e6 };
  } finally {
    loop.disable();
    clearInterval(timer);
  }
}

async function timed(fn) {
  const t = process.hrtime.bigint();
  const result = await fn();
  return { result, s: Number(process.hrtime.bigint() - t) / 1e9 };
}

function minimumCalls(n) {
  const chunks = Math.ceil(n / CHUNK);
  // per chunk: one check, one status query per phase (check and create), one registration; plus the pages.
  return { BatchCheckDeviceNames: chunks, QueryBatchRegisterDeviceStatus: 2 * chunks, BatchRegisterDeviceWithApplyId: chunks, QueryPageByApplyId: Math.ceil(n / PAGE) };
}

async function benchDeviceBatch(endpoint, productKey) {
  const devices = names("lamp");
  const checkRun = await timed(() => provider.check({}, { productKey, devices }));
  const inputs = { ...checkRun.result.inputs, __provider: "bench" };
  await resetStats(endpoint);
  globalThis.__benchStarts.clear();
  globalThis.__benchRtts.clear();
  const origLog = console.log;
  console.log = () => undefined; // progress lines
  let run;
  try {
    run = await withPeakMemory(() => timed(() => provider.create(inputs)));
  } finally {
    console.log = origLog;
  }
  const outs = run.result.result.outs;
  if (outs.deviceCount !== N) throw new Error(`registered ${outs.deviceCount} of ${N}`);
  const stats = await emulatorStats(endpoint);
  const pageRate = fmtRate("QueryPageByApplyId");

  let deletion;
  if (DELETES > 0) {
    const kept = { ...inputs, devices: Object.fromEntries(Object.keys(inputs.devices).slice(DELETES).map((n) => [n, {}])) };
    await resetStats(endpoint);
    globalThis.__benchStarts.clear();
    globalThis.__benchRtts.clear();
    console.log = () => undefined;
    let del;
    try {
      del = await timed(() => provider.update("id", outs, kept));
    } finally {
      console.log = origLog;
    }
    if (del.result.outs.deviceCount !== N - DELETES) throw new Error(`kept ${del.result.outs.deviceCount} of ${N - DELETES}`);
    deletion = { wallS: del.s, stats: await emulatorStats(endpoint), rate: fmtRate("DeleteDevice") };
  }

  // diff: same devices in reverse order (no change), and with 3 added / 2 removed.
  const reordered = { ...inputs, devices: Object.fromEntries(Object.keys(inputs.devices).reverse().map((n) => [n, {}])) };
  const diffTimes = [];
  for (let i = 0; i < 7; i++) diffTimes.push((await timed(() => provider.diff("id", outs, reordered))).s * 1000);
  diffTimes.sort((a, b) => a - b);
  return { wallS: run.result.s, rssMB: run.rssMB, heapMB: run.heapMB, stallMs: run.stallMs, stats, pageRate, deletion, checkMs: checkRun.s * 1000, diffMs: diffTimes[3], diffMaxMs: diffTimes[6] };
}

async function benchNaiveSdk(endpoint, productKey, accessKeyId, accessKeySecret) {
  const Client = require("@alicloud/iot20180120").default;
  const $Iot = require("@alicloud/iot20180120");
  const $OpenApi = require("@alicloud/openapi-client");
  const url = new URL(endpoint);
  const client = new Client(new $OpenApi.Config({ accessKeyId, accessKeySecret, endpoint: url.host, protocol: "http", regionId: "cn-shanghai" }));
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  let retries = 0;
  // The naive way: call, and when throttled wait a second and call again.
  const call = async (fn) => {
    for (;;) {
      try {
        return await fn();
      } catch (e) {
        if (!/Throttling/.test(String(e.code || e.message))) throw e;
        retries++;
        await sleep(1000);
      }
    }
  };
  const all = names("naive");
  await resetStats(endpoint);
  const secrets = new Map();
  const run = await timed(async () => {
    for (let i = 0; i < all.length; i += CHUNK) {
      const chunk = all.slice(i, i + CHUNK);
      const check = await call(() => client.batchCheckDeviceNames(new $Iot.BatchCheckDeviceNamesRequest({ productKey, deviceName: chunk })));
      const applyId = check.body.data.applyId;
      const waitFor = async (done) => {
        for (;;) {
          await sleep(1000);
          const s = await call(() => client.queryBatchRegisterDeviceStatus(new $Iot.QueryBatchRegisterDeviceStatusRequest({ productKey, applyId })));
          if (done(s.body.data.status)) return s.body.data.status;
        }
      };
      if ((await waitFor((s) => s !== "CHECK")) !== "CHECK_SUCCESS") throw new Error("check failed");
      await call(() => client.batchRegisterDeviceWithApplyId(new $Iot.BatchRegisterDeviceWithApplyIdRequest({ productKey, applyId })));
      if ((await waitFor((s) => s === "CREATE_SUCCESS" || s === "CREATE_FAILED")) !== "CREATE_SUCCESS") throw new Error("create failed");
      for (let page = 1; page <= Math.ceil(chunk.length / PAGE); page++) {
        const p = await call(() => client.queryPageByApplyId(new $Iot.QueryPageByApplyIdRequest({ applyId, currentPage: page, pageSize: PAGE })));
        for (const d of p.body.applyDeviceList.applyDeviceInfo) secrets.set(d.deviceName, d.deviceSecret);
      }
    }
  });
  if (secrets.size !== N) throw new Error(`SDK script registered ${secrets.size} of ${N}`);
  return { wallS: run.s, stats: await emulatorStats(endpoint), retries };
}

function callRow(label, stats, min) {
  const cells = FLOW.map((a) => `${fmt(stats[a]?.calls ?? 0)} / ${fmt(min[a])}`);
  const total = FLOW.reduce((n, a) => n + (stats[a]?.calls ?? 0), 0);
  const minTotal = FLOW.reduce((n, a) => n + min[a], 0);
  const throttled = FLOW.reduce((n, a) => n + (stats[a]?.throttled ?? 0), 0);
  return `| ${label} | ${cells.join(" | ")} | ${fmt(total)} / ${fmt(minTotal)} | ${fmt(throttled)} |`;
}

async function main() {
  const jitter = JITTER === undefined ? [] : ["--latency-jitter-ms", JITTER, "--jitter-seed", JITTER_SEED];
  const emu = await startEmulatorProcess({ args: ["--quiet", ...jitter], forwardStderr: true });
  const { endpoint } = emu;
  try {
    const accessKeyId = "emulator-key-id";
    const accessKeySecret = "emulator-key-secret";
    const config = {
      "alicloud-iot:endpoint": endpoint,
      "alicloud-iot:region": "cn-shanghai",
      "alicloud-iot:accessKeyId": accessKeyId,
      "alicloud-iot:accessKeySecret": accessKeySecret,
    };
    configure({ get: (k) => config[k] });
    const product = async (name) => (await getClient().call("CreateProduct", { ProductName: name, NodeType: 0 })).ProductKey;

    process.stderr.write(`registering ${fmt(N)} devices with DeviceBatch (floor ${FLOOR_S.toFixed(1)} s)…\n`);
    const ours = await benchDeviceBatch(endpoint, await product("bench_devicebatch"));
    let sdk;
    if (!SKIP_SDK) {
      process.stderr.write(`registering ${fmt(N)} devices with the naive SDK script…\n`);
      sdk = await benchNaiveSdk(endpoint, await product("bench_naive_sdk"), accessKeyId, accessKeySecret);
    }

    const min = minimumCalls(N);
    const lines = [
      `Registering ${fmt(N)} devices against the emulator at the documented quotas (Node ${process.version}, ${require("os").cpus().length} cores; ` +
        `shared limiter window ${WINDOW_MS ?? "1000 (default)"} ms; ` +
        `${JITTER === undefined ? "no added latency" : `each request held ${JITTER} ms (seed ${JITTER_SEED}) before the emulator counts it`}).`,
      "",
      `| | wall time | × floor (${FLOOR_S.toFixed(1)} s) | peak RSS / heap (provider process) | longest event-loop stall |`,
      "|---|---|---|---|---|",
      `| DeviceBatch create | ${ours.wallS.toFixed(1)} s | ${(ours.wallS / FLOOR_S).toFixed(3)} | ${ours.rssMB.toFixed(0)} MB / ${ours.heapMB.toFixed(0)} MB | ${ours.stallMs.toFixed(0)} ms |`,
      sdk ? `| naive SDK script | ${sdk.wallS.toFixed(1)} s | ${(sdk.wallS / FLOOR_S).toFixed(3)} | – | – |` : "",
      "",
      `| calls (made / minimum) | ${FLOW.join(" | ")} | total | throttled |`,
      `|---|${FLOW.map(() => "---").join("|")}|---|---|`,
      callRow("DeviceBatch create", ours.stats, min),
      sdk ? callRow(`naive SDK script (${fmt(sdk.retries)} throttled retries)`, sdk.stats, min) : "",
      "",
      `| busiest 1-s window / quota | ${FLOW.join(" | ")} |`,
      `|---|${FLOW.map(() => "---").join("|")}|`,
      `| DeviceBatch create | ${FLOW.map((a) => `${ours.stats[a]?.maxCallsInAnyOneSecondWindow ?? 0} / ${ACTION_LIMITS[a].qps}`).join(" | ")} |`,
      "",
      `QueryPageByApplyId rate while listing (client starts): ${ours.pageRate}.`,
      "",
      ...(ours.deletion
        ? [
            `| deleting ${fmt(DELETES)} of them (update) | wall time | × floor (${(DELETES / ACTION_LIMITS.DeleteDevice.qps).toFixed(1)} s) | DeleteDevice calls | throttled | busiest 1-s window / quota | rate (client starts) |`,
            "|---|---|---|---|---|---|---|",
            `| DeviceBatch update | ${ours.deletion.wallS.toFixed(1)} s | ${(ours.deletion.wallS / (DELETES / ACTION_LIMITS.DeleteDevice.qps)).toFixed(3)} | ${fmt(ours.deletion.stats.DeleteDevice?.calls ?? 0)} | ${fmt(ours.deletion.stats.DeleteDevice?.throttled ?? 0)} | ${ours.deletion.stats.DeleteDevice?.maxCallsInAnyOneSecondWindow ?? 0} / ${ACTION_LIMITS.DeleteDevice.qps} | ${ours.deletion.rate} |`,
            "",
          ]
        : []),
      `| provider operation on ${fmt(N)} names | time |`,
      "|---|---|",
      `| diff (no change; median of 7, max) | ${ours.diffMs.toFixed(1)} ms (max ${ours.diffMaxMs.toFixed(1)} ms) |`,
      `| check (validate + normalise the list) | ${ours.checkMs.toFixed(0)} ms |`,
    ].filter((l, i, a) => l !== "" || a[i - 1] !== "");
    process.stdout.write(`${lines.join("\n")}\n`);
  } finally {
    await emu.stop();
  }
}

main().catch((e) => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
