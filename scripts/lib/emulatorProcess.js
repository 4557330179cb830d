// Starts the emulator CLI as a child process, for benchmarks and tests that need it out of their own
// process (its CPU and memory apart, a real kill -9, a restart on the same data dir). Contract:
//   - runs `node [nodeArgs] <cli> --port <port> [args]`; `cli` defaults to the compiled
//     dist/emulator/cli.js, `port` to 0 (any free port);
//   - resolves once the CLI prints its `listening on http://HOST:PORT` line, with { endpoint (from
//     that line), port, child, exited, stop, output };
//   - rejects with an EmulatorProcessError (exit code or signal, and everything the CLI printed) when
//     it exits before that line, or when the line has not come within `timeoutMs` (default 60 s; the
//     child is then killed with SIGKILL);
//   - stdout and stderr are always read (a full pipe would stall the child) and kept, interleaved as
//     they arrive, for output(); the listening line is looked for in stdout only;
//     with `forwardStderr` the child's stderr is also written to this process's stderr as it comes;
//   - stop(signal = "SIGTERM") signals the child unless it has already exited, and resolves with its
//     exit code (null when a signal ended it) once its output is closed; it may be called again.
"use strict";
const { spawn } = require("child_process");
const path = require("path");

const DEFAULT_CLI = path.join(__dirname, "..", "..", "dist", "emulator", "cli.js");
// The whole line (up to its newline), so that an endpoint split across two reads is never cut short.
const LISTENING = /listening on (http:\/\/\S+)[^\n]*\n/;

/** The CLI exited, or did not listen in time; `exitCode`/`signal` say how, `output` what it printed. */
class EmulatorProcessError extends Error {
  constructor(message, { exitCode = null, signal = null, output = "" } = {}) {
    super(output ? `${message}:\n${output}` : message);
    this.name = "EmulatorProcessError";
    this.exitCode = exitCode;
    this.signal = signal;
    this.output = output;
  }
}

/**
 * @param {{ args?: string[], port?: number, cli?: string, nodeArgs?: string[], env?: NodeJS.ProcessEnv,
 *           cwd?: string, forwardStderr?: boolean, timeoutMs?: number }} [options]
 */
function startEmulatorProcess(options = {}) {
  const { args = [], port = 0, cli = DEFAULT_CLI, nodeArgs = [], env, cwd, forwardStderr = false, timeoutMs = 60_000 } = options;
  const child = spawn(process.execPath, [...nodeArgs, cli, "--port", String(port), ...args], { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let beforeListening = ""; // stdout until the listening line
  let listening = false;
  child.stdout.on("data", (b) => {
    output += b;
    if (!listening) beforeListening += b;
  });
  child.stderr.on("data", (b) => {
    output += b;
    if (forwardStderr) process.stderr.write(b);
  });
  // "close", not "exit": by then every line the CLI wrote has been read.
  const closed = new Promise((resolve) => child.on("close", (exitCode, signal) => resolve({ exitCode, signal })));
  const exited = closed.then(({ exitCode }) => exitCode);
  const stop = (signal = "SIGTERM") => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new EmulatorProcessError(`emulator did not print its listening line within ${timeoutMs} ms`, { output }));
    }, timeoutMs);
    const onData = () => {
      const m = LISTENING.exec(beforeListening);
      if (!m) return;
      listening = true;
      clearTimeout(timer);
      child.stdout.off("data", onData);
      const endpoint = m[1];
      resolve({ endpoint, port: Number(new URL(endpoint).port), child, exited, stop, output: () => output });
    };
    child.stdout.on("data", onData);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new EmulatorProcessError(`emulator could not be started: ${e.message}`, { output }));
    });
    void closed.then(({ exitCode, signal }) => {
      clearTimeout(timer);
      // After the listening line this is a no-op: the promise is already resolved.
      reject(new EmulatorProcessError(`emulator exited with ${signal ?? exitCode} before listening`, { exitCode, signal, output }));
    });
  });
}

module.exports = { startEmulatorProcess, EmulatorProcessError, DEFAULT_CLI };
