import { spawn, type ChildProcess } from "node:child_process";
import * as net from "node:net";

/** A redis-server started for a test: loopback only, no persistence. */
export interface TestRedis {
  readonly port: number;
  /** `redis://127.0.0.1:<port>` (no password in it). */
  readonly url: string;
  readonly process: ChildProcess;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/** A port free on loopback right now (the server binds it a moment later; a clash is retried). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts Debian's `redis-server` (installed by .ci/run) on a free loopback port with persistence
 * off, optionally with `requirepass` or on a given port (a restart). Resolves once it accepts connections.
 */
export async function startRedis(options: { password?: string; port?: number } = {}): Promise<TestRedis> {
  let lastOutput = "";
  for (let attempt = 0; attempt < 5; attempt++) {
    const port = options.port ?? (await freePort());
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes", "--loglevel", "notice"];
    if (options.password !== undefined) args.push("--requirepass", options.password);
    const child = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    const started = await new Promise<boolean>((resolve, reject) => {
      let out = "";
      const onData = (b: Buffer): void => {
        out += b.toString();
        if (/Ready to accept connections/.test(out)) resolve(true);
      };
      child.stdout?.on("data", onData);
      child.stderr?.on("data", onData);
      child.once("error", (err) => reject(new Error(`could not start redis-server (install it: apt-get install -y redis-server): ${err.message}`)));
      child.once("exit", () => {
        lastOutput = out;
        resolve(false);
      });
    });
    if (!started) continue; // most likely the port was taken meanwhile
    child.stdout?.removeAllListeners("data");
    child.stderr?.removeAllListeners("data");
    child.stdout?.resume();
    child.stderr?.resume();
    return {
      port,
      url: `redis://127.0.0.1:${port}`,
      process: child,
      stop: () => stopChild(child),
    };
  }
  throw new Error(`redis-server did not start: ${lastOutput.slice(-500)}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
