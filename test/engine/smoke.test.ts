import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { ensurePulumi, exportState, openStack, OutputLog, resourcesOfType, writeProgram } from "./harness";

const ECHO = "pulumi-nodejs:dynamic/alicloud-iot:Echo";

// A program whose value comes from stack config, so a test can change it without new code.
const program = `
const pulumi = require("@pulumi/pulumi");
// Echo is diagnostic, not public API: loaded from its module in the installed package.
const { Echo } = require("pulumi-alicloud-iot/dist/provider/echo/Echo");
const cfg = new pulumi.Config();
const echo = new Echo("probe", { value: cfg.require("value") });
exports.value = echo.value;
exports.revision = echo.revision;
exports.sdkVersion = require("@pulumi/pulumi/package.json").version;
`;

/** The @pulumi/pulumi the programs run on: the lock file's, or the newest 3.x (scripts/test-newest-pulumi). */
const PROGRAM_SDK = process.env.PULUMI_ALICLOUD_IOT_PROGRAM_SDK || require("@pulumi/pulumi/package.json").version;

describe("engine smoke test (real Pulumi CLI, local program, packed package)", function () {
  this.timeout(10 * 60_000);

  it("uses the Pulumi CLI v3.248.0", () => {
    const version = execFileSync(path.join(ensurePulumi(), "pulumi"), ["version"], {
      encoding: "utf8",
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    }).trim();
    assert.equal(version, "v3.248.0");
  });

  it("goes through up → preview (no changes) → update → refresh → destroy, with __provider by reference", async () => {
    const log = new OutputLog();
    const dir = writeProgram("smoke", { "index.js": program });
    const stack = await openStack(dir, "smoke", { "smoke:value": { value: "hello" } });
    try {
      const up = await stack.up({ onOutput: log.sink() });
      assert.equal(up.summary.result, "succeeded", log.text());
      assert.equal(up.outputs.value.value, "hello");
      assert.equal(up.outputs.revision.value, 1);
      assert.equal(up.outputs.sdkVersion.value, PROGRAM_SDK, "the program ran on another @pulumi/pulumi");

      const state = await exportState(stack);
      const [echo] = resourcesOfType(state, ECHO);
      assert.ok(echo, `no ${ECHO} in state`);
      const providerText: string = echo.outputs.__provider;
      assert.match(providerText, /require\("pulumi-alicloud-iot\/dist\/provider\/echo\/echoProvider\.js"\)/);
      assert.ok(providerText.length < 5_000, `__provider is ${providerText.length} bytes: code was copied, not referenced`);

      const preview = await stack.preview({ onOutput: log.sink() });
      assert.deepEqual(preview.changeSummary, { same: 2 }, log.text());

      await stack.setConfig("smoke:value", { value: "world" });
      const up2 = await stack.up({ onOutput: log.sink() });
      assert.equal(up2.summary.resourceChanges?.update, 1, log.text());
      assert.equal(up2.outputs.revision.value, 2);

      const refresh = await stack.refresh({ onOutput: log.sink() });
      assert.equal(refresh.summary.result, "succeeded", log.text());

      const destroy = await stack.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      assert.equal(resourcesOfType(await exportState(stack), ECHO).length, 0);
    } finally {
      await stack.workspace.removeStack("smoke", { force: true }).catch(() => undefined);
    }
  });
});
