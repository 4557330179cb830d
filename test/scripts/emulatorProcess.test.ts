import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { httpRequest } from "../emulator/helpers";
import { EmulatorProcessError, startEmulatorProcess } from "../helpers/emulatorProcess";

/** scripts/lib/emulatorProcess.js against the real compiled CLI (npm run build first). */

describe("startEmulatorProcess (scripts/lib/emulatorProcess.js)", () => {
  it("resolves with the endpoint of the CLI's listening line; the emulator answers there; stop() waits for a clean exit", async () => {
    const emu = await startEmulatorProcess({ args: ["--quiet"] });
    try {
      assert.match(emu.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(emu.port > 0);
      assert.equal(emu.endpoint, `http://127.0.0.1:${emu.port}`);
      assert.match(emu.output(), /alicloud-iot-emulator listening on http:\/\/127\.0\.0\.1:\d+ \(/);
      const stats = await httpRequest(`${emu.endpoint}/_emulator/stats`);
      assert.equal(stats.status, 200);
      assert.equal(typeof stats.json.actions, "object");
    } finally {
      assert.equal(await emu.stop(), 0, "SIGTERM stops the CLI cleanly");
    }
    assert.equal(await emu.stop(), 0, "a second stop() resolves with the same exit code");
    assert.notEqual(emu.child.exitCode, null);
  });

  it("rejects with the CLI's exit code and message when it exits before listening (a bad flag)", async () => {
    await assert.rejects(startEmulatorProcess({ args: ["--no-such-flag"] }), (e: Error) => {
      assert.ok(e instanceof EmulatorProcessError, String(e));
      assert.equal(e.exitCode, 2);
      assert.equal(e.signal, null);
      assert.match(e.output, /alicloud-iot-emulator: unknown option --no-such-flag \(see --help\)/);
      assert.match(e.message, /emulator exited with 2 before listening:\nalicloud-iot-emulator: unknown option --no-such-flag/);
      return true;
    });
  });

  it("rejects and kills the child when no listening line comes within timeoutMs", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "emu-process-"));
    const silent = path.join(dir, "silent.js");
    // Prints something else and never listens; records its pid so the test can see it was killed.
    fs.writeFileSync(silent, `require("fs").writeFileSync(${JSON.stringify(path.join(dir, "pid"))}, String(process.pid)); console.log("starting"); setInterval(() => {}, 1000);`);
    let pid: number | undefined;
    try {
      await assert.rejects(startEmulatorProcess({ cli: silent, timeoutMs: 1_000 }), (e: Error) => {
        assert.ok(e instanceof EmulatorProcessError, String(e));
        assert.match(e.message, /did not print its listening line within 1000 ms:\nstarting/);
        return true;
      });
      pid = Number(fs.readFileSync(path.join(dir, "pid"), "utf8"));
      const deadline = Date.now() + 5_000;
      while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.equal(isAlive(pid), false, "the child is killed");
    } finally {
      if (pid !== undefined && isAlive(pid)) process.kill(pid, "SIGKILL"); // so a failure here does not leave mocha waiting
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
