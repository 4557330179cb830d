// Preload (`NODE_OPTIONS=--require …/profilePreload.js`) that writes a CPU profile (.cpuprofile) and a
// sampling heap profile (.heapprofile) of the process when it stops, into PULUMI_ALICLOUD_IOT_PROFILE_DIR.
// Node refuses --cpu-prof / --heap-prof in NODE_OPTIONS, and the engine starts the program and the
// dynamic-provider process itself, so this is how scripts/bench-engine.js profiles both. The engine
// stops plugins with SIGINT (then SIGKILL), so the profiles are written on SIGINT/SIGTERM and on exit.
"use strict";
const dir = process.env.PULUMI_ALICLOUD_IOT_PROFILE_DIR;
if (dir) {
  const fs = require("fs");
  const path = require("path");
  const inspector = require("inspector");
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable");
  session.post("Profiler.setSamplingInterval", { interval: 1000 });
  session.post("Profiler.start");
  session.post("HeapProfiler.enable");
  session.post("HeapProfiler.startSampling", { samplingInterval: 256 * 1024 });
  const role = process.argv.some((a) => /dynamic-provider/.test(a)) ? "provider" : process.argv.some((a) => /cmd[/\\]run/.test(a)) ? "program" : "node";
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    fs.mkdirSync(dir, { recursive: true });
    const base = path.join(dir, `${role}-${process.pid}`);
    session.post("Profiler.stop", (err, res) => {
      if (!err) fs.writeFileSync(`${base}.cpuprofile`, JSON.stringify(res.profile));
    });
    session.post("HeapProfiler.stopSampling", (err, res) => {
      if (!err) fs.writeFileSync(`${base}.heapprofile`, JSON.stringify(res.profile));
    });
  };
  process.on("exit", write);
  for (const sig of ["SIGINT", "SIGTERM"]) {
    process.once(sig, () => {
      write();
      process.exit(128 + (sig === "SIGINT" ? 2 : 15));
    });
  }
}
