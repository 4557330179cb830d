import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";

const repoRoot = path.resolve(__dirname, "..", "..");

/** Relative link targets of a Markdown text (`[text](target)`), without anchors; web links and pure anchors skipped. */
function relativeLinks(markdown: string): string[] {
  const out: string[] = [];
  for (const m of markdown.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = m[1];
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("#")) continue;
    out.push(decodeURI(target.split("#")[0]));
  }
  return out;
}

/** References to the team's internal notes that a user cannot follow. */
// A citation of the team's notes: "doc §4", "seed:BatchCheckDeviceNames.zh.txt", "Seed: …", "../shared/".
// (The emulator's own seeding — `seed:` properties, POST /_emulator/seed — is not one.)
const INTERNAL_REFERENCE = /doc §\s*\d|\bseed:\s*[A-Z]\w*(\.zh)?\.txt|\bSeed: [A-Z]|\.\.\/shared\/|shared\/(docs|seeds)\/|pulumi-dynamic-providers\.md|alibaba-iot-api\.md/;

describe("the published package (npm pack --dry-run)", function () {
  this.timeout(120_000);
  let files: Set<string>;

  before(() => {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: repoRoot, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    files = new Set((JSON.parse(out)[0].files as { path: string }[]).map((f) => f.path));
    assert.ok(files.has("dist/provider/index.js"), "dist/ is not built or not packed");
  });

  it("contains every file the README links to, and every file those docs link to", () => {
    const seen = new Set<string>();
    const queue: string[] = ["README.md"];
    while (queue.length > 0) {
      const doc = queue.shift() as string;
      if (seen.has(doc)) continue;
      seen.add(doc);
      const isDir = !files.has(doc) && [...files].some((f) => f.startsWith(`${doc}/`));
      assert.ok(files.has(doc) || isDir, `${doc} is linked but not in the package`);
      if (!doc.endsWith(".md")) continue;
      for (const link of relativeLinks(readFileSync(path.join(repoRoot, doc), "utf8"))) {
        const target = path.posix.normalize(path.posix.join(path.posix.dirname(doc), link)).replace(/\/$/, "");
        queue.push(target);
      }
    }
    assert.ok(seen.size > 5, `only ${seen.size} documents reached from the README`);
  });

  it("contains every docs/*.md that the shipped code and declarations mention", () => {
    const mentioned = new Set<string>();
    for (const f of files) {
      if (!/\.(js|d\.ts)$/.test(f)) continue;
      for (const m of readFileSync(path.join(repoRoot, f), "utf8").matchAll(/docs\/[A-Za-z0-9_-]+\.md/g)) mentioned.add(m[0]);
    }
    assert.ok(mentioned.size > 0);
    for (const doc of mentioned) assert.ok(files.has(doc), `${doc} is mentioned in shipped code but not in the package`);
  });

  it("ships the CHANGELOG and cites no internal notes in any shipped text", () => {
    assert.ok(files.has("CHANGELOG.md"));
    for (const f of files) {
      if (!/\.(md|js|d\.ts|yml|sh)$/.test(f)) continue;
      const text = readFileSync(path.join(repoRoot, f), "utf8");
      const m = INTERNAL_REFERENCE.exec(text);
      assert.equal(m, null, `${f} cites internal notes: ${m?.[0]}`);
    }
  });

  it("accepts any @pulumi/pulumi 3.x from 3.248.0 (a caret range) and names its repository and homepage", () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    // A peer dependency (optional, so the emulator installs alone), with the caret range Pulumi's own packages use.
    assert.equal(pkg.peerDependencies["@pulumi/pulumi"], "^3.248.0");
    assert.equal(pkg.dependencies["@pulumi/pulumi"], undefined, "a second copy of the SDK would register resources with another runtime");
    assert.match(pkg.repository?.url ?? "", /^git\+https:\/\//);
    assert.match(pkg.homepage ?? "", /^https:\/\//);
    assert.equal(pkg.exports, undefined, "an exports map breaks the dynamic providers' require() of dist/");
  });
});
