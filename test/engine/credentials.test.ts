import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { oidcToken, TEST_OIDC_PROVIDER } from "../helpers/oidcToken";
import { defaultWorkRoot, openStack, OutputLog, storedState, useEmulator, writeProgram } from "./harness";

/*
 * The credential chain end to end under the real engine: the provider process has no AccessKey in
 * its config and authenticates the way pipelines do, against the emulator's STS over TLS on loopback
 * (its certificate, made at start-up, is trusted through NODE_EXTRA_CA_CERTS in the CLI's
 * environment, which the provider process inherits).
 *
 * Refresh mid-delete: the emulator caps every STS session at SESSION_MS, and the destroy deletes
 * DEVICES devices at DELETE_QPS (the limiter makes that take at least DEVICES / DELETE_QPS seconds,
 * longer than a session), so credentials expire in the middle of the delete; the IoT listener
 * refuses an expired token (InvalidSecurityToken.Expired), and the delete completes only because
 * the provider reads a refreshed credential before each call.
 */

const SESSION_MS = 4_000;
const DEVICES = 24;
const DELETE_QPS = 3;
const ROLE_ARN = "acs:ram::1234567890123456:role/ci-deployer";

const program = `
const pulumi = require("@pulumi/pulumi");
const { DeviceBatch } = require("pulumi-alicloud-iot");
const cfg = new pulumi.Config();
const batch = new DeviceBatch("fleet", { productKey: cfg.require("productKey"), devices: JSON.parse(cfg.require("devices")) });
exports.deviceCount = batch.deviceCount;
`;

describe("credentials under the real engine (OIDC, profile file, assumeRole, refresh mid-delete)", function () {
  this.timeout(10 * 60_000);
  const work = path.join(defaultWorkRoot, "credentials");
  const caFile = path.join(work, "sts-ca.pem");

  // Registered before useEmulator's hook, so it runs first: the emulator writes its CA file there.
  before(() => {
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(work, { recursive: true });
  });
  const cloud = useEmulator({
    qps: { DeleteDevice: DELETE_QPS },
    sts: { oidcProviders: [TEST_OIDC_PROVIDER], maxSessionMs: SESSION_MS, caFile },
  });

  const deviceCount = (productKey: string): number => cloud.emu.devicesOf(productKey).length;

  /** No issued AccessKeyId, secret or token, nor the emulator's own key, anywhere in the stored state. */
  function assertNoCredentialIn(text: string): void {
    for (const c of cloud.emu.sts!.issued()) assert.ok(!text.includes(c.accessKeyId), `issued key ${c.accessKeyId} in state`);
    assert.ok(!text.includes(cloud.emu.accessKeySecret), "the emulator's secret is in state");
    assert.ok(!/CAIS[A-Za-z0-9+/]{20}/.test(text), "an STS token is in state");
  }

  const names = Array.from({ length: DEVICES }, (_, i) => `cred-${String(i).padStart(3, "0")}`);

  it("authenticates through OIDC → AssumeRoleWithOIDC (signature V3), and refreshes an STS credential that expires mid-delete", async () => {
    const log = new OutputLog();
    const productKey = await cloud.createProduct("oidc_fleet");
    const tokenFile = path.join(work, "oidc-token");
    fs.writeFileSync(tokenFile, oidcToken({ iss: TEST_OIDC_PROVIDER.issuer, sub: "repo:acme/fleet:ref:refs/heads/main", aud: "sts.aliyuncs.com", exp: Math.floor(Date.now() / 1000) + 3600 }));
    const dir = writeProgram("credentials-oidc", { "index.js": program });
    const stack = await openStack(
      dir,
      "oidc",
      cloud.stackConfig(
        {
          "alicloud-iot:signatureVersion": { value: "v3" },
          productKey: { value: productKey },
          devices: { value: JSON.stringify(names) },
        },
        { accessKey: false },
      ),
      undefined,
      {
        ALIBABA_CLOUD_ROLE_ARN: ROLE_ARN,
        ALIBABA_CLOUD_OIDC_PROVIDER_ARN: TEST_OIDC_PROVIDER.arn,
        ALIBABA_CLOUD_OIDC_TOKEN_FILE: tokenFile,
        ALIBABA_CLOUD_ROLE_SESSION_NAME: "github-actions",
        ALIBABA_CLOUD_STS_ENDPOINT: cloud.emu.sts!.endpoint,
        NODE_EXTRA_CA_CERTS: caFile,
      },
    );
    try {
      const up = await stack.up({ onOutput: log.sink() });
      assert.equal(up.summary.result, "succeeded", log.text());
      assert.equal(up.outputs.deviceCount.value, DEVICES);
      assert.equal(deviceCount(productKey), DEVICES);
      const viaOidc = cloud.emu.sts!.issued().filter((c) => c.action === "AssumeRoleWithOIDC");
      assert.ok(viaOidc.length >= 1, "no credential was issued through AssumeRoleWithOIDC");
      assert.ok(viaOidc.every((c) => c.roleArn === ROLE_ARN && c.roleSessionName === "github-actions"));
      assertNoCredentialIn(storedState(stack));

      const before = cloud.emu.sts!.issued().length;
      const destroy = await stack.destroy({ onOutput: log.sink() });
      const finishedAt = cloud.emu.clock.now();
      assert.equal(destroy.summary.result, "succeeded", log.text());
      assert.equal(deviceCount(productKey), 0, "the delete did not complete");
      const duringDelete = cloud.emu.sts!.issued().slice(before);
      assert.ok(duringDelete.length >= 2, `only ${duringDelete.length} credentials issued during the delete`);
      assert.ok(
        duringDelete.some((c) => c.expiresAt < finishedAt),
        "no credential expired before the delete finished: the scenario did not exercise a refresh",
      );
      assert.ok(!/InvalidSecurityToken/.test(log.text()), "a request went out with an expired token");
    } finally {
      await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    }
  });

  it("authenticates through a profile in the Alibaba Cloud CLI's config file plus alicloud-iot:assumeRole", async () => {
    const log = new OutputLog();
    const productKey = await cloud.createProduct("profile_fleet");
    const home = path.join(work, "home");
    fs.mkdirSync(path.join(home, ".aliyun"), { recursive: true });
    fs.writeFileSync(
      path.join(home, ".aliyun", "config.json"),
      JSON.stringify({
        current: "other",
        profiles: [
          { name: "other", mode: "AK", access_key_id: "not-a-key", access_key_secret: "not-a-secret" },
          { name: "ci", mode: "AK", access_key_id: cloud.emu.accessKeyId, access_key_secret: cloud.emu.accessKeySecret, region_id: cloud.emu.regionId },
        ],
      }),
    );
    const dir = writeProgram("credentials-profile", { "index.js": program });
    const stack = await openStack(
      dir,
      "profile",
      cloud.stackConfig(
        {
          "alicloud-iot:profile": { value: "ci" },
          "alicloud-iot:assumeRole": { value: JSON.stringify({ roleArn: ROLE_ARN, sessionName: "profile-run", externalId: "abc-123", duration: 900 }) },
          "alicloud-iot:stsEndpoint": { value: cloud.emu.sts!.endpoint },
          productKey: { value: productKey },
          devices: { value: JSON.stringify(names.slice(0, 3)) },
        },
        { accessKey: false },
      ),
      undefined,
      { HOME: home, NODE_EXTRA_CA_CERTS: caFile },
    );
    try {
      const before = cloud.emu.sts!.issued().length;
      const up = await stack.up({ onOutput: log.sink() });
      assert.equal(up.summary.result, "succeeded", log.text());
      assert.equal(deviceCount(productKey), 3);
      const issued = cloud.emu.sts!.issued().slice(before);
      assert.ok(issued.length >= 1 && issued.every((c) => c.action === "AssumeRole" && c.roleSessionName === "profile-run"), JSON.stringify(issued));
      const state = storedState(stack);
      assertNoCredentialIn(state);
      const destroy = await stack.destroy({ onOutput: log.sink() });
      assert.equal(destroy.summary.result, "succeeded", log.text());
      assert.equal(deviceCount(productKey), 0);
    } finally {
      await stack.workspace.removeStack(stack.name, { force: true }).catch(() => undefined);
    }
  });
});
