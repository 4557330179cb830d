#!/usr/bin/env node
// Throughput model of the shared limiter (provider/retry/SlidingWindowLimiter.ts) on a virtual clock:
// no machine load, no wall time. N calls at Q QPS, each request delayed a seeded random 0..UP ms on
// its way to the server and 0..DOWN ms on the way back (+2 ms each way). Prints the rate reached as a
// fraction of Q (N calls over the time to the last answer), with the default spacing tolerance
// (SPACING_TOLERANCE_MS) and with none (every start a full window/Q after the last), the bound
// W/(W + mean round trip) of a design that counts a call until one window after its answer, and the
// busiest server window (must never exceed Q).
//
//   npx tsc -p tsconfig.json && node scripts/bench-limiter-model.js [--calls 10000] [--qps 50]
"use strict";

const path = require("path");
const { SlidingWindowLimiter } = require(path.join(__dirname, "..", "dist", "provider", "retry", "SlidingWindowLimiter.js"));
const { seededRandom } = require(path.join(__dirname, "..", "dist", "emulator", "http", "seededRandom.js"));

const args = process.argv.slice(2);
const flag = (name, d) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const N = flag("--calls", 10000);
const Q = flag("--qps", 50);
const W = 1000;

/** A clock that moves only when every waiter sleeps. */
class VirtualClock {
  constructor() {
    this.t = 0;
    this.timers = [];
    this.seq = 0;
  }
  now() {
    return this.t;
  }
  sleep(ms, signal) {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const timer = { at: this.t + Math.max(0, ms), seq: this.seq++, resolve };
      this.timers.push(timer);
      signal?.addEventListener("abort", () => ((this.timers = this.timers.filter((x) => x !== timer)), resolve()), { once: true });
    });
  }
  async run(promise) {
    let done = false;
    promise.then(() => (done = true), () => (done = true));
    for (;;) {
      await new Promise((r) => setImmediate(r));
      if (done) return promise;
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers.shift();
      this.t = Math.max(this.t, next.at);
      next.resolve();
    }
  }
}

function busiest(times) {
  times.sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[j] <= times[i] - W) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

/** Runs the N calls through a limiter with `options`; returns the rate, the mean round trip and the busiest window. */
async function simulate(up, down, options) {
  const clock = new VirtualClock();
  const limiter = new SlidingWindowLimiter({ clock, ...options });
  const random = seededRandom(3);
  const arrivals = [];
  let rttSum = 0;
  await clock.run(
    Promise.all(
      Array.from({ length: N }, async () => {
        const permit = await limiter.acquire("k", Q);
        const start = clock.now();
        await clock.sleep(2 + Math.round(random() * up));
        arrivals.push(clock.now());
        await clock.sleep(2 + Math.round(random() * down));
        rttSum += clock.now() - start;
        permit.release();
      }),
    ),
  );
  return { rate: (N / clock.now()) * (W / Q), rtt: rttSum / N, busiest: busiest(arrivals) };
}

(async () => {
  const rows = [
    "| delay to server / back (ms) | rate / quota | rate / quota, no tolerance | bound W/(W+RTT) | busiest window / quota |",
    "|---|---|---|---|---|",
  ];
  for (const [up, down] of [[0, 0], [80, 0], [40, 40], [80, 80]]) {
    const run = await simulate(up, down, {});
    const strict = await simulate(up, down, { spacingToleranceMs: 0 });
    rows.push(`| 0–${up} / 0–${down} | ${run.rate.toFixed(3)} | ${strict.rate.toFixed(3)} | ${(W / (W + run.rtt)).toFixed(3)} | ${run.busiest} / ${Q} |`);
  }
  process.stdout.write(`${N} calls at ${Q} QPS on a virtual clock:\n\n${rows.join("\n")}\n`);
})();
