import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { ENGINE_WATCH } from "../../provider/limits";
import { ensurePulumi, pulumiEnv, useEmulator, writeProgram } from "./harness";

/*
 * `kill -9` of the Pulumi CLI in the middle of a big DeviceBatch create: the dynamic-provider process
 * (started by the CLI through a shell script, so not its direct child) must stop calling the API.
 * QueryPageByApplyId runs at 5 QPS here (both sides), so the listing would go on for ~80 s; the test
 * asserts on the emulator's own counters: after the CLI is killed, calls stop within a grace period
 * of a few probe intervals and none arrive over the following seconds.
 */

const SLOW_QPS = { QueryPageByApplyId: 5 };
const DEVICES = 20_000; // 400 pages at 5 QPS
const GRACE_MS = 4 * ENGINE_WATCH.intervalMs + 4_000; // generous on a loaded machine
const QUIET_MS = 3_000;

const program = `
const pulumi = require("@pulumi/pulumi");
const { DeviceBatch } = require("pulumi-alicloud-iot");
const n = ${DEVICES};
const devices = Array.from({ length: n }, (_, i) => "lamp-" + String(i + 1).padStart(6, "0"));
new DeviceBatch("big", { productKey: new pulumi.Config().require("productKey"), devices });
`;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("a killed Pulumi CLI (real engine)", function () {
  this.timeout(5 * 60_000);

  const cloud = useEmulator({ qps: SLOW_QPS, checkDelayMs: 20, createDelayMs: 50 });

  it("stops the provider's API calls shortly after kill -9 of the CLI", async () => {
    const productKey = await cloud.createProduct("killed_cli");
    const dir = writeProgram("killed-cli", { "index.js": program });
    const stackName = `killed-${Date.now()}`;
    const stack = await cloud.openStack(dir, stackName, {
      "killed-cli:productKey": { value: productKey },
    });
    const pages = (): number => cloud.emu.stats().QueryPageByApplyId?.calls ?? 0;

    const cli = spawn(path.join(ensurePulumi(), "pulumi"), ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", stackName], { cwd: dir, env: { ...process.env, ...pulumiEnv() }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    cli.stdout.on("data", (b) => (output += b));
    cli.stderr.on("data", (b) => (output += b));
    const exited = new Promise<void>((resolve) => cli.once("exit", () => resolve()));
    let spawnError: Error | undefined;
    cli.once("error", (e) => (spawnError = e));
    try {
      // Wait (on the emulator's counter, not a clock) until the listing is under way.
      for (let i = 0; pages() < 10; i++) {
        if (spawnError) throw spawnError;
        if (cli.exitCode !== null) assert.fail(`pulumi up ended before the listing started:\n${output}`);
        await sleep(100);
      }
      cli.kill("SIGKILL");
      await exited;
      const atKill = pages();
      await sleep(GRACE_MS);
      const afterGrace = pages();
      await sleep(QUIET_MS);
      const afterQuiet = pages();
      assert.equal(afterQuiet, afterGrace, `QueryPageByApplyId went on after the CLI died: ${atKill} at the kill, ${afterGrace} after ${GRACE_MS} ms, ${afterQuiet} ${QUIET_MS} ms later`);
      assert.ok(afterGrace < DEVICES / 50, `${afterGrace} of ${DEVICES / 50} pages were listed: the provider did not stop`);
    } finally {
      if (cli.exitCode === null) cli.kill("SIGKILL");
      await stack.workspace.removeStack(stackName, { force: true }).catch(() => undefined);
    }
  });
});
