#!/usr/bin/env node
import { startEmulator } from "./index";
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET, DEFAULT_CLI_PORT, EmulatorOptions } from "./options";

/**
 * `alicloud-iot-emulator` — runs the emulator on its own (CI, local development).
 * Prints one line containing `listening on http://HOST:PORT` when ready; SIGINT/SIGTERM stop it
 * cleanly (in-flight requests finish, the journal is flushed and snapshotted) with exit code 0.
 * Exit code 2: bad flags or the emulator could not start (e.g. a corrupt data dir); 1: the journal
 * could no longer be written while running.
 */

const HELP = `Usage: alicloud-iot-emulator [options]

Local emulator of the Alibaba Cloud IoT Platform API (Iot 2018-01-20, RPC; signature v1 and V3).

Options:
  --host HOST                  interface to listen on (default 127.0.0.1)
  --port N                     port, 0 = any free port (default ${DEFAULT_CLI_PORT})
  --data-dir DIR               keep state durably in DIR (default: in memory only)
  --access-key-id ID           accepted AccessKeyId (default ${DEFAULT_ACCESS_KEY_ID})
  --access-key-secret SECRET   its secret (default ${DEFAULT_ACCESS_KEY_SECRET})
  --credential ID:SECRET[:ACCOUNT]
                               accept another key (repeatable); keys of one ACCOUNT share quotas and resources
  --check-delay-ms N           duration of the CHECK phase of BatchCheckDeviceNames (default 50)
  --create-delay-ms N          duration of the CREATE phase of batch registration (default 100)
  --qps ACTION=N               override an action's QPS quota (repeatable; ACTION may be * for all; N ≤ 0 = unlimited)
  --throttle-status N          HTTP status of Throttling.User (default 400)
  --edge-throttle-code CODE    Throttling.User (default) or iot.common.HighFrequentDeny for Link IoT Edge actions
  --instance ID                an IoT instance id that exists (repeatable); others get iot.system.InstanceNotFound
  --region ID                  region of the emulated endpoint (default cn-shanghai)
  --timestamp-window-ms N      accepted clock skew of Timestamp / x-acs-date (default 900000)
  --nonce-ttl-ms N             how long nonces are remembered (default 900000)
  --unique-driver-names        reject a DriverName already used
  --compact-after-bytes N      snapshot the journal past N bytes (default 67108864)
  --no-snapshot-on-close       skip the snapshot on a clean stop
  --seed FILE                  create the fleet FILE describes (JSON or YAML) at start-up when missing
  --accept-any-credentials     accept any AccessKeyId: known keys are verified, unknown ones are not (logged once)
  --latency-jitter-ms MIN-MAX  hold each API request a random MIN..MAX ms before it counts as arrived (e.g. 0-80)
  --jitter-seed N              seed of that jitter (default 1)
  --quiet                      log nothing but the listening line and errors
  --help                       show this help

Unsigned test hooks: GET /_emulator/stats, POST /_emulator/reset, POST /_emulator/faults,
GET /_emulator/invocations, POST /_emulator/clock, POST /_emulator/seed (docs/emulator.md).
Web console: http://HOST:PORT/_emulator/ui/
`;

class UsageError extends Error {}

/** What the flags say so far; the repeatable ones are collected and set on `opts` at the end. */
interface Parsed {
  opts: EmulatorOptions;
  qps: Record<string, number>;
  credentials: NonNullable<EmulatorOptions["credentials"]>;
  instances: string[];
  quiet: boolean;
}

function num(flag: string, v: string): number {
  const n = Number(v);
  if (v === "" || !Number.isFinite(n)) throw new UsageError(`${flag} expects a number, got ${JSON.stringify(v)}`);
  return n;
}

/** A flag without a value (a `=value` after it is ignored), or one that takes the next argument (or its `=value`). */
type Flag = { takesValue: false; set(p: Parsed): void } | { takesValue: true; set(p: Parsed, value: string, flag: string): void };
const toggle = (set: (p: Parsed) => void): Flag => ({ takesValue: false, set });
const valued = (set: (p: Parsed, value: string, flag: string) => void): Flag => ({ takesValue: true, set });

const FLAGS: Record<string, Flag> = {
  "--host": valued((p, v) => (p.opts.host = v)),
  "--port": valued((p, v, f) => (p.opts.port = num(f, v))),
  "--data-dir": valued((p, v) => (p.opts.dataDir = v)),
  "--access-key-id": valued((p, v) => (p.opts.accessKeyId = v)),
  "--access-key-secret": valued((p, v) => (p.opts.accessKeySecret = v)),
  "--credential": valued((p, v) => {
    const [accessKeyId, accessKeySecret, account] = v.split(":");
    if (!accessKeyId || !accessKeySecret) throw new UsageError("--credential expects ID:SECRET[:ACCOUNT]");
    p.credentials.push({ accessKeyId, accessKeySecret, account });
  }),
  "--check-delay-ms": valued((p, v, f) => (p.opts.checkDelayMs = num(f, v))),
  "--create-delay-ms": valued((p, v, f) => (p.opts.createDelayMs = num(f, v))),
  "--qps": valued((p, v, f) => {
    const k = v.lastIndexOf("=");
    if (k <= 0) throw new UsageError("--qps expects ACTION=N");
    p.qps[v.slice(0, k)] = num(f, v.slice(k + 1));
  }),
  "--throttle-status": valued((p, v, f) => (p.opts.throttleHttpStatus = num(f, v))),
  "--edge-throttle-code": valued((p, v) => {
    if (v !== "Throttling.User" && v !== "iot.common.HighFrequentDeny") throw new UsageError("--edge-throttle-code is Throttling.User or iot.common.HighFrequentDeny");
    p.opts.edgeThrottleCode = v;
  }),
  "--instance": valued((p, v) => p.instances.push(v)),
  "--region": valued((p, v) => (p.opts.region = v)),
  "--timestamp-window-ms": valued((p, v, f) => (p.opts.timestampWindowMs = num(f, v))),
  "--nonce-ttl-ms": valued((p, v, f) => (p.opts.nonceTtlMs = num(f, v))),
  "--unique-driver-names": toggle((p) => (p.opts.uniqueDriverNames = true)),
  "--compact-after-bytes": valued((p, v, f) => (p.opts.compactAfterBytes = num(f, v))),
  "--no-snapshot-on-close": toggle((p) => (p.opts.snapshotOnClose = false)),
  "--seed": valued((p, v) => (p.opts.seed = v)),
  "--accept-any-credentials": toggle((p) => (p.opts.acceptAnyCredentials = true)),
  "--latency-jitter-ms": valued((p, v, f) => {
    const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(v);
    if (!m) throw new UsageError(`${f} expects MIN-MAX in ms, e.g. 0-80`);
    p.opts.latencyJitterMs = [Number(m[1]), Number(m[2])];
  }),
  "--jitter-seed": valued((p, v, f) => (p.opts.jitterSeed = num(f, v))),
  "--quiet": toggle((p) => (p.quiet = true)),
};

/** `--flag value` and `--flag=value`; `--help` / `-h` wins over anything after it. Throws UsageError. */
function parseArgs(argv: string[]): { opts: EmulatorOptions; quiet: boolean } | "help" {
  const p: Parsed = { opts: {}, qps: {}, credentials: [], instances: [], quiet: false };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value: string | undefined;
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (arg === "--help" || arg === "-h") return "help";
    const flag = Object.prototype.hasOwnProperty.call(FLAGS, arg) ? FLAGS[arg] : undefined;
    if (!flag) throw new UsageError(`unknown option ${argv[i]} (see --help)`);
    if (!flag.takesValue) {
      flag.set(p);
      continue;
    }
    if (value === undefined) value = argv[++i];
    if (value === undefined) throw new UsageError(`${arg} needs a value`);
    flag.set(p, value, arg);
  }
  if (Object.keys(p.qps).length) p.opts.qps = p.qps;
  if (p.credentials.length) p.opts.credentials = p.credentials;
  if (p.instances.length) p.opts.instances = p.instances;
  return { opts: p.opts, quiet: p.quiet };
}

async function main(): Promise<void> {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`alicloud-iot-emulator: ${(e as Error).message}\n`);
    process.exit(2);
  }
  if (parsed === "help") {
    process.stdout.write(HELP);
    return;
  }
  const { opts, quiet } = parsed;
  const log = (line: string): void => {
    if (!quiet || /error|fatal|warning/i.test(line)) process.stderr.write(`alicloud-iot-emulator: ${line}\n`);
  };
  let emu;
  try {
    emu = await startEmulator({ port: DEFAULT_CLI_PORT, ...opts, log });
  } catch (e) {
    process.stderr.write(`alicloud-iot-emulator: error: ${(e as Error).message}\n`);
    process.exit(2);
  }
  emu.server.onFatal = (e) => {
    process.stderr.write(`alicloud-iot-emulator: fatal: ${e.message}; exiting\n`);
    process.exit(1);
  };
  const where = opts.dataDir ? `data dir ${opts.dataDir}` : "in memory";
  const keys = opts.acceptAnyCredentials ? `AccessKeyId ${emu.accessKeyId} or any other` : `AccessKeyId ${emu.accessKeyId}`;
  process.stdout.write(`alicloud-iot-emulator listening on ${emu.endpoint} (${keys}, region ${emu.regionId}, ${where})\n`);
  log(`console: ${emu.endpoint}/_emulator/ui/`);

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) {
      process.stderr.write(`alicloud-iot-emulator: ${signal} again, exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    log(`${signal}: stopping`);
    emu.close().then(
      () => process.exit(0),
      (e: Error) => {
        process.stderr.write(`alicloud-iot-emulator: error while stopping: ${e.message}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

void main();
