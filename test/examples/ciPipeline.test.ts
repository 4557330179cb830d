import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const ws = require("../../scripts/lib/pulumiWorkspace.js") as {
  repoRoot: string;
  defaultWorkRoot: string;
  ensurePulumi(): string;
  packPackage(): string;
};

const SCRIPT = path.join(ws.repoRoot, "examples", "ci", "emulator-pipeline.sh");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const versionOf = (pkg: string): string => require(path.join(ws.repoRoot, "node_modules", pkg, "package.json")).version;

/*
 * The emulator variant of the CI/CD example (examples/ci/github-actions-emulator.yml), run the way
 * the workflow runs it: each step is a subcommand of emulator-pipeline.sh, with the real Pulumi CLI,
 * the TypeScript program of examples/ci/program, and this package installed from its packed tarball
 * (the registry's version in a user's repository).
 */
describe("examples/ci: the emulator pipeline's steps under the real Pulumi CLI", function () {
  this.timeout(15 * 60_000);

  it("start → seed → preview --diff shows the fleet being created → up → no changes on a second preview → stop", async () => {
    const work = path.join(ws.defaultWorkRoot, "ci-example");
    fs.rmSync(work, { recursive: true, force: true });
    const programDir = path.join(work, "program");
    fs.mkdirSync(programDir, { recursive: true });
    for (const f of ["Pulumi.yaml", "index.ts", "tsconfig.json"]) fs.copyFileSync(path.join(ws.repoRoot, "examples", "ci", "program", f), path.join(programDir, f));
    const pkg = JSON.parse(fs.readFileSync(path.join(ws.repoRoot, "examples", "ci", "program", "package.json"), "utf8"));
    // The example's dependencies, with this package from the tarball instead of the registry.
    pkg.dependencies = { "@pulumi/pulumi": versionOf("@pulumi/pulumi"), "pulumi-alicloud-iot": `file:${ws.packPackage()}` };
    pkg.devDependencies = { typescript: versionOf("typescript"), "ts-node": versionOf("ts-node"), "@types/node": versionOf("@types/node") };
    fs.writeFileSync(path.join(programDir, "package.json"), JSON.stringify(pkg, null, 2));
    const install = spawnSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline"], { cwd: programDir, encoding: "utf8" });
    assert.equal(install.status, 0, install.stderr);

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PATH: `${ws.ensurePulumi()}${path.delimiter}${process.env.PATH}`,
      PULUMI_HOME: path.join(work, "home"),
      PULUMI_BACKEND_URL: `file://${path.join(work, "state")}`,
      PULUMI_CONFIG_PASSPHRASE: "emulator-only",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PROGRAM_DIR: programDir,
      CI_WORK: path.join(work, "ci-work"),
      EMULATOR_PORT: String(await freePort()),
    };
    fs.mkdirSync(path.join(work, "state"), { recursive: true });
    const log: string[] = [];
    const step = (cmd: string): string => {
      const r = spawnSync("bash", [SCRIPT, cmd], { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      log.push(`$ emulator-pipeline.sh ${cmd}\n${r.stdout}${r.stderr}`);
      assert.equal(r.status, 0, `step ${cmd} failed:\n${log.join("\n")}`);
      return r.stdout;
    };
    try {
      assert.match(step("start"), /^emulator: http:\/\/127\.0\.0\.1:\d+$/m);
      assert.match(step("seed"), /seed-products: ci_lamps → fleet:productKey = \S+/);
      step("preview");
      const preview = fs.readFileSync(path.join(env.CI_WORK as string, "preview.txt"), "utf8");
      assert.match(preview, /\+ 4 to create/, preview);
      for (const name of ["led-driver", "led-driver-1-0-0", "lights"]) assert.match(preview, new RegExp(`\\+ pulumi-nodejs:dynamic/alicloud-iot:\\w+: \\(create\\)\\n\\s+\\[urn=urn:pulumi:ci::iot-fleet::pulumi-nodejs:dynamic/alicloud-iot:\\w+::${name}\\]`), name);
      assert.match(preview, /^\s+lamp-0050: ""$/m, "the device map is not in the diff");
      const up = step("up");
      assert.match(up, /\+ 4 created/, up);
    } finally {
      spawnSync("bash", [SCRIPT, "stop"], { env });
    }
  });
});
