// Runs local Pulumi programs against this package under the real Pulumi CLI, offline.
//
// Used by the engine tests (test/engine/) and by `npm start`. Contract:
//   - the package is installed into the program's node_modules from a packed tarball, never a
//     symlink: a symlinked package resolves outside node_modules and Pulumi would serialize the
//     provider code by value instead of as `require("pulumi-alicloud-iot/…")` (Pulumi docs: Function serialization);
//   - every CLI call is offline: file backend and PULUMI_HOME inside `.engine-work/` (gitignored),
//     passphrase secrets, no update check, no plugin downloads;
//   - the CLI comes from scripts/ensure-pulumi (a `pulumi` on PATH, or the cached Go build).
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const repoRoot = path.resolve(__dirname, "..", "..");
// PULUMI_ALICLOUD_IOT_WORK_DIR lets two test runs on one machine keep apart (state locks, packing).
const defaultWorkRoot = path.resolve(process.env.PULUMI_ALICLOUD_IOT_WORK_DIR || path.join(repoRoot, ".engine-work"));

/** Passphrase of the throwaway test stacks' secrets provider (not a credential). */
const PASSPHRASE = "pulumi-alicloud-iot-local";

let binDirMemo;
/** Directory with `pulumi`, `pulumi-language-nodejs` and the dynamic-provider launcher. */
function ensurePulumi() {
  if (!binDirMemo) {
    binDirMemo = execFileSync(path.join(repoRoot, "scripts", "ensure-pulumi"), {
      cwd: repoRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    }).trim();
  }
  return binDirMemo;
}

/** Environment for every CLI call: offline, project-local state and home. */
function pulumiEnv(workRoot = defaultWorkRoot) {
  const bin = ensurePulumi();
  return {
    PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    PULUMI_HOME: path.join(workRoot, "home"),
    PULUMI_BACKEND_URL: `file://${path.join(workRoot, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
}

const tarballMemo = new Map();
/**
 * Packs this package (from the compiled dist/; run `npm run build` first) into
 * `<workRoot>/pkg/` and returns the tarball path. Packed once per process.
 */
function packPackage(workRoot = defaultWorkRoot) {
  if (tarballMemo.has(workRoot)) return tarballMemo.get(workRoot);
  if (!fs.existsSync(path.join(repoRoot, "dist", "provider", "index.js"))) {
    throw new Error("dist/ is missing: run `npm run build` before packing the package");
  }
  const dest = path.join(workRoot, "pkg");
  fs.rmSync(dest, { recursive: true, force: true });
  fs.mkdirSync(dest, { recursive: true });
  const out = execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dest], {
    cwd: repoRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const tarball = path.join(dest, JSON.parse(out)[0].filename);
  tarballMemo.set(workRoot, tarball);
  return tarball;
}

/**
 * The @pulumi/pulumi version programs get: PULUMI_ALICLOUD_IOT_PROGRAM_SDK (e.g. the newest 3.x,
 * scripts/test-newest-pulumi), by default the version this repo's lock file pins.
 */
function programSdkVersion() {
  return process.env.PULUMI_ALICLOUD_IOT_PROGRAM_SDK || require(path.join(repoRoot, "node_modules", "@pulumi", "pulumi", "package.json")).version;
}

const baseMemo = new Map();
/**
 * A shared `node_modules` for all programs, at `<workRoot>/programs/node_modules`: @pulumi/pulumi
 * at the version this repo pins and the packed package. Program directories live below
 * `<workRoot>/programs/`, so Node's resolution from the program (and from the provider process,
 * whose cwd is the program dir) finds both. Installed once per process.
 */
function ensureProgramsBase(workRoot = defaultWorkRoot) {
  if (baseMemo.has(workRoot)) return baseMemo.get(workRoot);
  const base = path.join(workRoot, "programs");
  fs.mkdirSync(base, { recursive: true });
  const pulumiVersion = programSdkVersion();
  fs.writeFileSync(
    path.join(base, "package.json"),
    JSON.stringify({ name: "alicloud-iot-programs", private: true, dependencies: { "@pulumi/pulumi": pulumiVersion } }, null, 2),
  );
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--prefer-offline", "--no-save", `@pulumi/pulumi@${pulumiVersion}`, packPackage(workRoot)],
    { cwd: base, stdio: ["ignore", "ignore", "inherit"] },
  );
  baseMemo.set(workRoot, base);
  return base;
}

/**
 * Writes a Pulumi program directory `<workRoot>/programs/<name>` with Pulumi.yaml (runtime nodejs,
 * plain JavaScript), package.json and the given files (e.g. { "index.js": "…" }). Returns its path.
 */
function writeProgram(name, files, workRoot = defaultWorkRoot) {
  return writeProgramFiles(path.join(ensureProgramsBase(workRoot), name), name, files);
}

/**
 * Writes the program `name` into `dir` as writeProgram does, but anywhere: a program outside
 * `<workRoot>/programs/` gets its packages from its own node_modules (installPackages).
 */
function writeProgramFiles(dir, name, files) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "Pulumi.yaml"),
    `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: false\ndescription: pulumi-alicloud-iot program\n`,
  );
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, private: true, main: "index.js" }, null, 2));
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

/**
 * Installs `specs` (npm package specs or tarball paths) into `dir`'s own node_modules, offline when
 * npm's cache has them, and records them in its package.json (so a later install of another version
 * of a package replaces it).
 */
function installPackages(dir, specs) {
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...specs], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
}

/**
 * Opens (creating if needed) stack `stackName` of the program in `dir` through the Automation API,
 * with the CLI from ensurePulumi() and the offline environment. `config` values are
 * `{ value, secret? }` as in `stack.setAllConfig`. `extraEnv` is added to every CLI call's
 * environment, and so reaches the program and the provider processes (credentials, CA file).
 */
async function openStack(dir, stackName, config = {}, workRoot = defaultWorkRoot, extraEnv = {}) {
  const { LocalWorkspace, PulumiCommand } = require("@pulumi/pulumi/automation");
  const bin = ensurePulumi();
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(bin), skipVersionCheck: false });
  const envVars = { ...pulumiEnv(workRoot), ...extraEnv };
  fs.mkdirSync(envVars.PULUMI_HOME, { recursive: true });
  fs.mkdirSync(path.join(workRoot, "state"), { recursive: true });
  const stack = await LocalWorkspace.createOrSelectStack({ stackName, workDir: dir }, { pulumiCommand, envVars });
  if (Object.keys(config).length) await stack.setAllConfig(config);
  return stack;
}

/**
 * The stack's state as stored: `pulumi stack export` WITHOUT --show-secrets, secrets encrypted.
 * (The Automation API's exportStack() passes --show-secrets, so it cannot show that state holds no
 * plaintext secret.) Returns the JSON text.
 */
function storedState(stack) {
  const ws = stack.workspace;
  return execFileSync(ws.pulumiCommand.command, ["stack", "export", "--stack", stack.name], {
    cwd: ws.workDir,
    env: { ...process.env, ...ws.envVars },
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 1024,
  });
}

module.exports = {
  repoRoot,
  defaultWorkRoot,
  ensurePulumi,
  pulumiEnv,
  packPackage,
  programSdkVersion,
  ensureProgramsBase,
  writeProgram,
  writeProgramFiles,
  installPackages,
  openStack,
  storedState,
};
