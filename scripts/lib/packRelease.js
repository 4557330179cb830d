// Packs a released version of this package from its git commit, for tests that install an old
// release (test/engine/upgradeFrom010.test.ts). Contract:
//   - the commit must be in this clone: a shallow clone fails with a message saying how to fetch it,
//     never a skip;
//   - the release's files come from `git archive <commit>`, built with the release's own build
//     script; its devDependencies are this repo's node_modules, linked in for the build only (offline,
//     and a fresh clone has them after `npm ci`); the linked directory is not packed;
//   - the tarball is cached by commit in `<workRoot>/releases/<commit>/`, so later runs reuse it;
//     a build interrupted half-way leaves no tarball there (it is moved in when complete).
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const { repoRoot, defaultWorkRoot } = require("./pulumiWorkspace.js");

/** Thrown when the release cannot be packed; `code` says which step failed. */
class PackReleaseError extends Error {
  constructor(code, message) {
    super(message);
    this.name = "PackReleaseError";
    this.code = code;
  }
}

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
}

/** The full hash of `commit`, or a PackReleaseError("commit-missing") saying how to fetch it. */
function resolveCommit(commit) {
  try {
    return run("git", ["rev-parse", "--verify", "--quiet", `${commit}^{commit}`], repoRoot).trim();
  } catch {
    let shallow = "";
    try {
      shallow = run("git", ["rev-parse", "--is-shallow-repository"], repoRoot).trim() === "true" ? " This clone is shallow: run `git fetch --unshallow`." : "";
    } catch {
      shallow = " (not a git checkout?)";
    }
    throw new PackReleaseError("commit-missing", `release commit ${commit} is not in ${repoRoot}.${shallow}`);
  }
}

/**
 * Packs the package at `commit` and returns `{ tarball, version, commit }` (the full hash). Cached
 * by commit under `<workRoot>/releases/`; `log(line)` hears what is done when not cached.
 */
function packRelease(commit, { workRoot = defaultWorkRoot, log = () => {} } = {}) {
  const full = resolveCommit(commit);
  const home = path.join(workRoot, "releases", full);
  const cached = fs.existsSync(home) ? fs.readdirSync(home).find((f) => f.endsWith(".tgz")) : undefined;
  if (cached) return { tarball: path.join(home, cached), version: readVersion(full), commit: full };

  fs.mkdirSync(path.join(workRoot, "releases"), { recursive: true });
  const src = fs.mkdtempSync(path.join(workRoot, "releases", `.build-${full.slice(0, 12)}-`));
  try {
    log(`packRelease: extracting ${full.slice(0, 12)} into ${src}`);
    const archive = `${src}.tar`;
    run("git", ["archive", "--format=tar", "-o", archive, full], repoRoot);
    run("tar", ["-xf", archive, "-C", src], src);
    fs.rmSync(archive, { force: true });
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(src, "node_modules"), "dir");
    log("packRelease: npm run build");
    try {
      run("npm", ["run", "build"], src);
    } catch (e) {
      throw new PackReleaseError("build-failed", `\`npm run build\` of ${full.slice(0, 12)} failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
    }
    // The link is for the build only: remove it so `npm pack` sees exactly the release's tree.
    fs.unlinkSync(path.join(src, "node_modules"));
    const out = run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", src], src);
    const file = JSON.parse(out)[0].filename;
    fs.mkdirSync(home, { recursive: true });
    fs.renameSync(path.join(src, file), path.join(home, file));
    log(`packRelease: ${path.join(home, file)}`);
    return { tarball: path.join(home, file), version: readVersion(full), commit: full };
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
    fs.rmSync(`${src}.tar`, { force: true });
  }
}

/** `version` of package.json at `commit`. */
function readVersion(commit) {
  return JSON.parse(run("git", ["show", `${commit}:package.json`], repoRoot)).version;
}

module.exports = { packRelease, PackReleaseError };
