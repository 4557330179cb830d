import assert from "node:assert/strict";
import { spawn } from "child_process";
import * as path from "path";
import { EmulatorProcess, startEmulatorProcess } from "../helpers/emulatorProcess";
import { httpRequest } from "./helpers";

/**
 * The emulator runs without @pulumi/pulumi (an optional peer dependency, so `npx alicloud-iot-emulator`
 * does not install it): the compiled CLI is started with @pulumi/pulumi made unresolvable, seeded,
 * with any credentials, and its console and API are used. A require of @pulumi/pulumi anywhere on
 * those paths would fail the start or the calls.
 */

const ROOT = path.join(__dirname, "..", "..");
const CLI = path.join(ROOT, "dist", "emulator", "cli.js");
const BLOCK = path.join(ROOT, "test", "fixtures", "withoutPulumi.js");
const FLEET = path.join(ROOT, "examples", "emulator", "fleet.json");

describe("emulator without @pulumi/pulumi installed", () => {
  let cli: EmulatorProcess | undefined;
  afterEach(async () => {
    await cli?.stop();
    cli = undefined;
  });

  it("the blocker really hides @pulumi/pulumi", async () => {
    const probe = spawn(process.execPath, ["-r", BLOCK, "-e", "require('@pulumi/pulumi')"], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    probe.stderr!.on("data", (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((r) => probe.on("exit", r));
    assert.equal(code, 1);
    assert.match(err, /Cannot find module '@pulumi\/pulumi' \(hidden by/);
  });

  it("--help lists every flag the parser takes, one per line, and nothing else", async () => {
    const help = spawn(process.execPath, ["-r", BLOCK, CLI, "--help"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    help.stdout!.on("data", (c: Buffer) => (out += c.toString()));
    assert.equal(await new Promise<number | null>((r) => help.on("exit", r)), 0);
    const flagLines = out.split("\n").filter((l) => /^ {2}--/.test(l));
    assert.ok(flagLines.length >= 20, out);
    const options = out.slice(out.indexOf("\n  --"), out.indexOf("\n\n", out.indexOf("\n  --")));
    for (const line of options.split("\n").filter((l) => l.trim() !== "")) {
      assert.match(line, /^ {2}--[a-z-]+|^ {31}\S/, `a help line that is neither a flag nor its continuation: ${JSON.stringify(line)}`);
    }
  });

  it("a seed that does not fit stops start-up with exit code 2 and the problem", async () => {
    const bad = spawn(process.execPath, ["-r", BLOCK, CLI, "--port", "0", "--seed", FLEET.replace(".json", ".missing.json")], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    bad.stderr!.on("data", (c: Buffer) => (err += c.toString()));
    const code = await new Promise<number | null>((r) => bad.on("exit", r));
    assert.equal(code, 2);
    assert.match(err, /alicloud-iot-emulator: error: seed rejected: cannot read seed file .*fleet\.missing\.json/);
  });

  it("starts seeded with --accept-any-credentials; the console, the seed endpoint and the API answer", async () => {
    cli = await startEmulatorProcess({ cli: CLI, nodeArgs: ["-r", BLOCK], args: ["--seed", FLEET, "--accept-any-credentials"] });
    assert.match(cli.output(), /listening on http:\/\/127\.0\.0\.1:\d+ \(AccessKeyId emulator-key-id or any other,/);
    assert.match(cli.output(), /seed applied to default\/: products 2 created/);
    const page = await httpRequest(`${cli.endpoint}/`, { headers: { accept: "text/html" } });
    assert.equal(page.status, 302);
    const js = await httpRequest(`${cli.endpoint}/_emulator/ui/console.js`);
    assert.equal(js.status, 200);
    assert.match(String(js.headers["content-type"]), /javascript/);
    const ov = await httpRequest(`${cli.endpoint}/_emulator/console/overview`);
    assert.equal(ov.json.counts.devices, 1004);
    const seeded = await httpRequest(`${cli.endpoint}/_emulator/seed`, { method: "POST", headers: { "content-type": "application/yaml" }, body: "products:\n  - name: standalone_p\n" });
    assert.equal(seeded.status, 200, seeded.text);
    const api = await httpRequest(`${cli.endpoint}/?Action=QueryProduct&Version=2018-01-20&Format=JSON`);
    assert.equal(api.json.Code, "MissingParameter", "the API path loads its modules too");
  });
});
