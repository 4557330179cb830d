import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { inspect } from "node:util";
import { CredentialsError } from "../../../provider/credentials/CredentialsError";
import { credentialsProviderFor, resetCredentialsCache } from "../../../provider/credentials/credentialsProviderFor";
import { configure, resetConfig, resolveConfig } from "../../../provider/config";
import { type LoopbackServer, startLoopbackServer } from "../../helpers/loopbackServer";

/** An environment with no credential source and the ECS metadata step off, plus `extra`. */
const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ HOME: emptyHome, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true", ...extra });
let emptyHome: string;
let tmp: string;

describe("credentialsProviderFor: which source is used", () => {
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-iot-creds-"));
    emptyHome = path.join(tmp, "empty-home");
    fs.mkdirSync(emptyHome);
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));
  afterEach(() => {
    resetCredentialsCache();
    resetConfig();
  });

  const OIDC = { ALIBABA_CLOUD_ROLE_ARN: "acs:ram::1:role/ci", ALIBABA_CLOUD_OIDC_PROVIDER_ARN: "acs:ram::1:oidc-provider/gh", ALIBABA_CLOUD_OIDC_TOKEN_FILE: "/tmp/token" };

  it("uses nothing when nothing is configured and the ECS step is off", () => {
    assert.equal(credentialsProviderFor({}, env()), undefined);
  });

  it("uses the ECS instance's RAM role last, unless ALIBABA_CLOUD_ECS_METADATA_DISABLED=true", () => {
    assert.equal(credentialsProviderFor({}, { HOME: emptyHome })?.identity, "ecs:(instance role)");
  });

  it("takes a static pair first, then alicloud-iot:profile, then OIDC, CLI profile file, ECS role name, credentials URI", () => {
    const home = path.join(tmp, "home-with-cli");
    fs.mkdirSync(path.join(home, ".aliyun"), { recursive: true });
    fs.writeFileSync(path.join(home, ".aliyun", "config.json"), JSON.stringify({ current: "a", profiles: [{ name: "a", mode: "AK", access_key_id: "x", access_key_secret: "y" }] }));
    const all = { ...OIDC, HOME: home, ALIBABA_CLOUD_ECS_METADATA: "role-x", ALIBABA_CLOUD_CREDENTIALS_URI: "http://127.0.0.1:1/creds", ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" };
    const id = (s: Parameters<typeof credentialsProviderFor>[0], e: NodeJS.ProcessEnv): string | undefined => credentialsProviderFor(s, e)?.identity;
    assert.equal(id({ accessKeyId: "LTAI1", accessKeySecret: "s", profile: "p" }, all), "ak:LTAI1");
    assert.match(id({ profile: "p" }, all) as string, /^profile:.*config\.json:p$/);
    assert.equal(id({}, all), "role:acs:ram::1:role/ci");
    assert.match(id({}, { ...all, ALIBABA_CLOUD_ROLE_ARN: "" }) as string, /^profile:.*\(current\)$/);
    assert.equal(id({}, { ...all, ALIBABA_CLOUD_ROLE_ARN: "", HOME: emptyHome, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "" }), "ecs:role-x");
    assert.equal(id({}, { ...all, ALIBABA_CLOUD_ROLE_ARN: "", HOME: emptyHome }), "uri:http://127.0.0.1:1/creds");
  });

  it("keys assumeRole by the role, so the limiter shares one bucket whatever key signs", () => {
    const p = credentialsProviderFor({ accessKeyId: "LTAI1", accessKeySecret: "s", assumeRole: { roleArn: "acs:ram::9:role/x" } }, env());
    assert.equal(p?.identity, "role:acs:ram::9:role/x");
    assert.match(p?.source ?? "", /alicloud-iot:assumeRole acs:ram::9:role\/x with Pulumi config/);
  });

  it("keeps one provider per configuration process-wide, so a session credential is fetched once", () => {
    const a = credentialsProviderFor({ accessKeyId: "LTAI1", accessKeySecret: "s" }, env());
    assert.equal(credentialsProviderFor({ accessKeyId: "LTAI1", accessKeySecret: "s" }, env()), a);
    assert.notEqual(credentialsProviderFor({ accessKeyId: "LTAI1", accessKeySecret: "rotated" }, env()), a);
  });

  it("reads a profile of the CLI's config file from the HOME it resolved", async () => {
    const home = path.join(tmp, "home-profile");
    fs.mkdirSync(path.join(home, ".aliyun"), { recursive: true });
    fs.writeFileSync(
      path.join(home, ".aliyun", "config.json"),
      JSON.stringify({ current: "a", profiles: [{ name: "a", mode: "AK", access_key_id: "idA", access_key_secret: "secretA" }, { name: "b", mode: "StsToken", access_key_id: "idB", access_key_secret: "secretB", sts_token: "tokB" }] }),
    );
    assert.deepEqual(await credentialsProviderFor({}, env({ HOME: home }))!.getCredential(), { accessKeyId: "idA", accessKeySecret: "secretA" });
    assert.deepEqual(await credentialsProviderFor({ profile: "b" }, env({ HOME: home }))!.getCredential(), { accessKeyId: "idB", accessKeySecret: "secretB", securityToken: "tokB" });
  });

  it("never shows a secret when inspected or serialized", async () => {
    const p = credentialsProviderFor({ accessKeyId: "LTAI1", accessKeySecret: "the-secret-value", securityToken: "the-token-value" }, env())!;
    await p.getCredential();
    for (const text of [inspect(p, { depth: 5, showHidden: false }), JSON.stringify(p)]) {
      assert.ok(!text.includes("the-secret-value") && !text.includes("the-token-value"), text);
    }
  });

  it("resolveConfig uses the chain when no pair is configured, and reads alicloud-iot:assumeRole as JSON", () => {
    configure({ get: (k) => ({ "alicloud-iot:region": "cn-shanghai", "alicloud-iot:assumeRole": '{"roleArn":"acs:ram::9:role/x","duration":"1200"}' })[k] });
    const cfg = resolveConfig(env(OIDC));
    assert.equal(cfg.accessKeyId, undefined);
    assert.equal(cfg.credentials?.identity, "role:acs:ram::9:role/x");
    assert.match(cfg.credentials?.source ?? "", /with the OIDC role/);
    configure({ get: (k) => ({ "alicloud-iot:region": "cn-shanghai", "alicloud-iot:assumeRole": '{"roleArn":"x"}' })[k] });
    assert.throws(() => resolveConfig(env(OIDC)), { code: "InvalidConfiguration", message: /alicloud-iot:assumeRole.*got roleArn "x"/ });
    configure({ get: (k) => ({ "alicloud-iot:region": "cn-shanghai", "alicloud-iot:assumeRole": '{"roleArn":"acs:ram::9:role/x","duration":60}' })[k] });
    assert.throws(() => resolveConfig(env(OIDC)), { code: "InvalidConfiguration", message: /duration 60 \(seconds, 900 to 43200\)/ });
  });

  describe("the credentials URI (against a loopback server)", () => {
    let server: LoopbackServer;
    let uri: string;
    let failWith: number | undefined;
    before(async () => {
      server = await startLoopbackServer((_req, index) => {
        if (failWith !== undefined) return { status: failWith, body: "no credentials for you", headers: { "content-type": "text/plain" } };
        // A credential about to expire (under the library's 15-minute refresh margin): refreshed on every use.
        const expiration = new Date(Date.now() + 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
        const served = index + 1;
        return { status: 200, body: { Code: "Success", AccessKeyId: `STS.${served}`, AccessKeySecret: `secret-${served}`, SecurityToken: `token-${served}`, Expiration: expiration } };
      });
      uri = `${server.endpoint}/credentials`;
    });
    after(() => server.close());

    it("fetches the credential and fetches a new one when it nears expiry", async () => {
      failWith = undefined;
      const p = credentialsProviderFor({}, env({ ALIBABA_CLOUD_CREDENTIALS_URI: uri }))!;
      assert.equal(p.identity, `uri:${uri}`);
      const first = await p.getCredential();
      const second = await p.getCredential();
      assert.match(first.accessKeyId, /^STS\.\d+$/);
      assert.notEqual(second.accessKeyId, first.accessKeyId);
      assert.equal(second.securityToken, `token-${second.accessKeyId.slice(4)}`);
    });

    it("reports a failing source as a CredentialsError naming it", async () => {
      failWith = 500;
      const p = credentialsProviderFor({}, env({ ALIBABA_CLOUD_CREDENTIALS_URI: `${uri}?x=1` }))!;
      const err: unknown = await p.getCredential().then(() => undefined, (e: unknown) => e);
      assert.ok(err instanceof CredentialsError, String(err));
      assert.equal(err.code, "CredentialsUnavailable");
      assert.match(err.message, /^Could not get Alibaba Cloud credentials from the credentials URI \(ALIBABA_CLOUD_CREDENTIALS_URI\): /);
    });
  });
});
