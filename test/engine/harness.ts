/**
 * Engine test harness: real Pulumi CLI (scripts/ensure-pulumi), Automation API over a local program
 * directory, this package installed from a packed tarball. The implementation is shared with
 * `npm start` in scripts/lib/pulumiWorkspace.js; this file adds typed helpers for tests.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import type { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from "../../emulator/index";
import { RpcClient } from "../../provider/client/RpcClient";
import { resetConfig } from "../../provider/config";
import { SlidingWindowLimiter } from "../../provider/retry/SlidingWindowLimiter";
import { configureForEmulator } from "../helpers/configureForEmulator";

const execFileAsync = promisify(execFile);

// eslint-disable-next-line @typescript-eslint/no-var-requires
const ws = require("../../scripts/lib/pulumiWorkspace.js") as {
  repoRoot: string;
  ensurePulumi(): string;
  pulumiEnv(): Record<string, string>;
  packPackage(): string;
  programSdkVersion(): string;
  writeProgram(name: string, files: Record<string, string>): string;
  writeProgramFiles(dir: string, name: string, files: Record<string, string>): string;
  installPackages(dir: string, specs: string[]): void;
  openStack(
    dir: string,
    stackName: string,
    config?: Record<string, { value: string; secret?: boolean }>,
    workRoot?: string,
    extraEnv?: Record<string, string>,
  ): Promise<Stack>;
  defaultWorkRoot: string;
  storedState(stack: Stack): string;
};

export const { ensurePulumi, pulumiEnv, packPackage, programSdkVersion, writeProgram, writeProgramFiles, installPackages, openStack, storedState, defaultWorkRoot } = ws;

/** Collects engine output so a failing test can show it; prints nothing on success. */
export class OutputLog {
  readonly lines: string[] = [];
  sink(): (s: string) => void {
    const lines = this.lines;
    return (s: string) => {
      lines.push(s);
    };
  }
  text(): string {
    return this.lines.join("");
  }
}

/**
 * The stack's exported deployment (state) as parsed JSON, secrets DECRYPTED (the Automation API
 * passes --show-secrets). To prove that state holds no plaintext secret, use storedState().
 */
export async function exportState(stack: Stack): Promise<any> {
  const dep = await stack.exportStack();
  return dep.deployment;
}

/** Resources of `type` in the exported state. */
export function resourcesOfType(deployment: any, type: string): any[] {
  return (deployment.resources ?? []).filter((r: any) => r.type === type);
}

/**
 * The lines `preview --diff` prints for the resource of `typeName` (and `name`, when given): its
 * header and everything up to the next resource's header or the summary (the display's "@ …"
 * heartbeat lines, printed wherever the display is when the machine is slow, left out).
 */
export function resourceBlock(text: string, typeName: string, name?: string): string[] {
  // eslint-disable-next-line no-control-regex
  const lines = text.replace(/\x1b\[[0-9;]*m/g, "").split("\n").filter((l) => !l.startsWith("@ "));
  const isHeader = (l: string) => /^\s*([-+~]|\+-|-\+)?\s*[\w-]+:[\w/-]*:?[\w-]*:? ?\S*: \(/.test(l) || /^Resources:/.test(l) || l.trim() === "";
  const header = new RegExp(`alicloud-iot:${typeName}: \\(`);
  for (let start = 0; start < lines.length; start++) {
    if (!header.test(lines[start])) continue;
    let end = start + 1;
    while (end < lines.length && !isHeader(lines[end])) end++;
    const block = lines.slice(start, end);
    if (name === undefined || block.some((l) => l.includes(`::${name}]`))) return block;
  }
  return [];
}

/** What `pulumi destroy --preview-only --diff` prints for `stack` (the Automation API has no `--diff` for destroy). */
export async function destroyPreviewDiff(stack: Stack, stackName: string): Promise<string> {
  const ws = stack.workspace as LocalWorkspace;
  const { stdout } = await execFileAsync(path.join(ensurePulumi(), "pulumi"), ["destroy", "--preview-only", "--diff", "--color", "never", "--non-interactive", "--stack", stackName], {
    cwd: ws.workDir,
    env: { ...process.env, ...ws.envVars },
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout;
}

export type StackConfig = Record<string, { value: string; secret?: boolean }>;

/** What {@link emulatorStackConfig} adds besides the endpoint and the AccessKey pair. */
export interface EmulatorStackSettings {
  /** Raised quotas: must equal the emulator's `qps` option (the provider paces itself by them). */
  readonly qps?: Record<string, number>;
  /** The stacks' `alicloud-iot:iotInstanceId`. */
  readonly iotInstanceId?: string;
}

/**
 * Stack config pointing the provider at an emulator: endpoint, region, the AccessKey pair as
 * secrets (the engine copies the stack config into state; a pair left out is left out, for tests of
 * the credential chain), `qpsOverrides` and `iotInstanceId` when given. `extra` comes last, so a
 * test may override any key.
 */
export function emulatorStackConfig(
  emu: { endpoint: string; regionId?: string; accessKeyId?: string; accessKeySecret?: string },
  settings: EmulatorStackSettings = {},
  extra: StackConfig = {},
): StackConfig {
  const config: StackConfig = {
    "alicloud-iot:endpoint": { value: emu.endpoint },
    "alicloud-iot:region": { value: emu.regionId ?? "cn-shanghai" },
  };
  if (emu.accessKeyId !== undefined) config["alicloud-iot:accessKeyId"] = { value: emu.accessKeyId, secret: true };
  if (emu.accessKeySecret !== undefined) config["alicloud-iot:accessKeySecret"] = { value: emu.accessKeySecret, secret: true };
  if (settings.qps) config["alicloud-iot:qpsOverrides"] = { value: JSON.stringify(settings.qps) };
  if (settings.iotInstanceId) config["alicloud-iot:iotInstanceId"] = { value: settings.iotInstanceId };
  return { ...config, ...extra };
}

/** The emulator of one `describe` block and what its engine tests do with it (see {@link useEmulator}). */
export interface EmulatorFixture {
  /** The emulator, started in the block's `before` hook. */
  readonly emu: EmulatorHandle;
  /** A client of the emulator with the block's instance and its own limiter. */
  readonly client: RpcClient;
  /** {@link emulatorStackConfig} for this emulator and the block's settings, plus `extra`. */
  stackConfig(extra?: StackConfig, options?: { accessKey?: boolean }): StackConfig;
  /** Opens stack `stackName` of the program in `dir` with `stackConfig(extra)`; `extraEnv` reaches every CLI call. */
  openStack(dir: string, stackName: string, extra?: StackConfig, extraEnv?: Record<string, string>): Promise<Stack>;
  /** Creates a product through the API and returns its ProductKey (NodeType 0 device, 1 gateway). */
  createProduct(productName: string, nodeType?: 0 | 1, authType?: string): Promise<string>;
  /** DeviceName → DeviceSecret of the product's devices in the emulator. */
  deviceSecrets(productKey: string): Map<string, string>;
  /** The sub-devices attached to gateway `productKey`/`deviceName` in the emulator. */
  subDevices(productKey: string, deviceName: string): EmulatedDevice[];
  /** API calls the emulator has answered so far, every action counted. */
  apiCalls(): number;
}

/** A device as the emulator holds it (name, iotId, secret, product, gw, subs): what `devicesOf` returns. */
export type EmulatedDevice = ReturnType<EmulatorHandle["devicesOf"]>[number];

/**
 * Starts an emulator with `options` before the enclosing `describe` block's tests and closes it
 * after. The provider code in this process is pointed at it too (configureForEmulator, with the
 * emulator's raised quotas), for tests that call providers or getClient() directly; its config is
 * reset after. Stacks get the same quotas as `qpsOverrides` and `iotInstanceId`, when given.
 */
export function useEmulator(options: EmulatorOptions = {}, settings: { iotInstanceId?: string } = {}): EmulatorFixture {
  let emu: EmulatorHandle | undefined;
  let client: RpcClient | undefined;
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error("useEmulator: the emulator starts in the describe block's before hook");
    return value;
  };
  before(async () => {
    emu = await startEmulator(options);
    configureForEmulator(emu, options.qps);
    const { endpoint, regionId: region, accessKeyId, accessKeySecret } = emu;
    client = new RpcClient({ endpoint, region, accessKeyId, accessKeySecret, iotInstanceId: settings.iotInstanceId, qpsOverrides: options.qps ?? {} }, { limiter: new SlidingWindowLimiter() });
  });
  after(async () => {
    resetConfig();
    await emu?.close();
  });
  const fixture: EmulatorFixture = {
    get emu() {
      return started(emu);
    },
    get client() {
      return started(client);
    },
    stackConfig(extra = {}, { accessKey = true } = {}) {
      const e = started(emu);
      const target = accessKey ? e : { endpoint: e.endpoint, regionId: e.regionId };
      return emulatorStackConfig(target, { qps: options.qps, iotInstanceId: settings.iotInstanceId }, extra);
    },
    openStack(dir, stackName, extra = {}, extraEnv = {}) {
      return openStack(dir, stackName, fixture.stackConfig(extra), undefined, extraEnv);
    },
    async createProduct(productName, nodeType = 0, authType) {
      const body = await fixture.client.call<{ ProductKey: string }>("CreateProduct", { ProductName: productName, NodeType: nodeType, ...(authType ? { AuthType: authType } : {}) });
      return body.ProductKey;
    },
    deviceSecrets(productKey) {
      return new Map(started(emu).devicesOf(productKey).map((d) => [d.name, d.secret]));
    },
    subDevices(productKey, deviceName) {
      return [...(started(emu).devicesOf(productKey).find((d) => d.name === deviceName)?.subs ?? [])];
    },
    apiCalls() {
      return Object.values(started(emu).stats()).reduce((n, s) => n + s.calls, 0);
    },
  };
  return fixture;
}
