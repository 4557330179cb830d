import type { ChildProcess } from "node:child_process";

/** Typed access to scripts/lib/emulatorProcess.js (the emulator CLI as a child process; its contract is there). */

export interface EmulatorProcessOptions {
  /** CLI flags after `--port <port>`. */
  args?: string[];
  port?: number;
  /** The CLI script; default the compiled dist/emulator/cli.js. */
  cli?: string;
  /** Flags for node before the script, e.g. ["-r", "ts-node/register/transpile-only"]. */
  nodeArgs?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  forwardStderr?: boolean;
  timeoutMs?: number;
}

export interface EmulatorProcess {
  endpoint: string;
  port: number;
  child: ChildProcess;
  /** Exit code once the child's output is closed; null when a signal ended it. */
  exited: Promise<number | null>;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  /** Everything the CLI printed so far, stdout and stderr interleaved. */
  output(): string;
}

export interface EmulatorProcessError extends Error {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  output: string;
}

// eslint-disable-next-line @typescript-eslint/no-var-requires
const lib = require("../../scripts/lib/emulatorProcess.js") as {
  startEmulatorProcess(options?: EmulatorProcessOptions): Promise<EmulatorProcess>;
  EmulatorProcessError: new (message: string) => EmulatorProcessError;
  DEFAULT_CLI: string;
};

export const { startEmulatorProcess, EmulatorProcessError, DEFAULT_CLI } = lib;
