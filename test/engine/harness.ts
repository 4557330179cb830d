/**
 * Engine test harness: real Pulumi CLI (scripts/ensure-pulumi), Automation API over a local program
 * directory, this package installed from a packed tarball. The implementation is shared with
 * `npm start` in scripts/lib/pulumiWorkspace.js; this file adds typed helpers for tests.
 */
import { execFile } from "node:child_process";
import * as path from "node:path";
import { promisify } from "node:util";
import type { LocalWorkspace, Stack } from "@pulumi/pulumi/automation";

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

/** Stack config pointing the provider at `emu`, credentials as secrets (the engine copies config into state). */
export function emulatorStackConfig(emu: { endpoint: string; accessKeyId: string; accessKeySecret: string }): Record<string, { value: string; secret?: boolean }> {
  return {
    "alicloud-iot:endpoint": { value: emu.endpoint },
    "alicloud-iot:region": { value: "cn-shanghai" },
    "alicloud-iot:accessKeyId": { value: emu.accessKeyId, secret: true },
    "alicloud-iot:accessKeySecret": { value: emu.accessKeySecret, secret: true },
  };
}
