/**
 * Engine test harness: real Pulumi CLI (scripts/ensure-pulumi), Automation API over a local program
 * directory, this package installed from a packed tarball. The implementation is shared with
 * `npm start` in scripts/lib/pulumiWorkspace.js; this file adds typed helpers for tests.
 */
import type { Stack } from "@pulumi/pulumi/automation";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const ws = require("../../scripts/lib/pulumiWorkspace.js") as {
  repoRoot: string;
  ensurePulumi(): string;
  pulumiEnv(): Record<string, string>;
  writeProgram(name: string, files: Record<string, string>): string;
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

export const { ensurePulumi, pulumiEnv, writeProgram, openStack, storedState, defaultWorkRoot } = ws;

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
