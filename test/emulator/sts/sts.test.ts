import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import * as https from "node:https";
import { RpcClient } from "../../../provider/client/RpcClient";
import { percentEncode } from "../../../provider/client/percentEncode";
import { signRpc } from "../../../provider/client/signRpc";
import { oidcToken, TEST_OIDC_PROVIDER } from "../../helpers/oidcToken";
import { isoSeconds, start, type TestEmulator } from "../helpers";

const ROLE_ARN = "acs:ram::1234567890123456:role/ci-deployer";

interface StsAnswer {
  status: number;
  body: any;
}

/** POSTs to the emulator's STS over TLS, trusting its start-up certificate (`ca` null: the system roots only). */
function sts(emu: TestEmulator, query: Record<string, string>, form: Record<string, string>, ca: string | null = emu.sts!.caCert): Promise<StsAnswer> {
  const enc = (o: Record<string, string>): string =>
    Object.entries(o)
      .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
      .join("&");
  const [host, port] = emu.sts!.endpoint.split(":");
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host, port: Number(port), method: "POST", path: `/?${enc(query)}`, headers: { "content-type": "application/x-www-form-urlencoded" }, ca: ca ?? undefined, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) }));
      },
    );
    req.on("error", reject);
    req.end(enc(form));
  });
}

function withOidc(emu: TestEmulator, token: string, provider = TEST_OIDC_PROVIDER.arn, extra: Record<string, string> = {}): Promise<StsAnswer> {
  return sts(
    emu,
    { Action: "AssumeRoleWithOIDC", Version: "2015-04-01", Format: "JSON", Timestamp: isoSeconds(emu.clock.now()) },
    { OIDCProviderArn: provider, OIDCToken: token, RoleArn: ROLE_ARN, RoleSessionName: "gha", DurationSeconds: "900", ...extra },
  );
}

/** AssumeRole as @alicloud/credentials sends it: common parameters in the query, the role in the body, v1-signed over both. */
function assumeRole(emu: TestEmulator, form: Record<string, string>, secret = emu.accessKeySecret, accessKeyId = emu.accessKeyId, token?: string): Promise<StsAnswer> {
  const query: Record<string, string> = {
    Action: "AssumeRole",
    Version: "2015-04-01",
    Format: "JSON",
    Timestamp: isoSeconds(emu.clock.now()),
    SignatureMethod: "HMAC-SHA1",
    SignatureVersion: "1.0",
    SignatureNonce: randomUUID(),
    AccessKeyId: accessKeyId,
    ...(token ? { SecurityToken: token } : {}),
  };
  query.Signature = signRpc({ method: "POST", params: { ...query, ...form }, accessKeySecret: secret }).signature;
  return sts(emu, query, form);
}

const claims = (emu: TestEmulator, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  iss: TEST_OIDC_PROVIDER.issuer,
  sub: "repo:acme/fleet:ref:refs/heads/main",
  aud: ["sts.aliyuncs.com", "other"],
  exp: Math.floor(emu.clock.now() / 1000) + 600,
  ...over,
});

describe("emulator STS over TLS (AssumeRole, AssumeRoleWithOIDC) and STS token enforcement", () => {
  let emu: TestEmulator;
  before(async () => {
    emu = await start({ sts: { oidcProviders: [TEST_OIDC_PROVIDER] } });
  });
  after(() => emu.close());

  it("serves TLS with a certificate made at start-up: trusted by its PEM, refused by the system roots alone", async () => {
    assert.match(emu.sts!.endpoint, /^127\.0\.0\.1:\d+$/);
    assert.match(emu.sts!.caCert, /^-----BEGIN CERTIFICATE-----/);
    await assert.rejects(withOidcNoCa(emu), /self.signed|unable to verify|certificate/i);
  });

  it("AssumeRoleWithOIDC issues a key whose token the IoT listener requires, in v1 and V3, until it expires", async () => {
    const r = await withOidc(emu, oidcToken(claims(emu)));
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const c = r.body.Credentials;
    assert.match(c.AccessKeyId, /^STS\./);
    assert.equal(Date.parse(c.Expiration), Math.floor((emu.clock.now() + 900_000) / 1000) * 1000);
    const base = { endpoint: emu.endpoint, region: emu.regionId, qpsOverrides: {}, accessKeyId: c.AccessKeyId, accessKeySecret: c.AccessKeySecret };
    for (const signatureVersion of ["v1", "v3"] as const) {
      const ok = new RpcClient({ ...base, securityToken: c.SecurityToken, signatureVersion }, { maxAttempts: 1, now: () => emu.clock.now() });
      await assert.rejects(ok.call("QueryProduct", { ProductKey: "a1Missing" }), { code: "iot.prod.NotExistedProduct" });
      const noToken = new RpcClient({ ...base, signatureVersion }, { maxAttempts: 1, now: () => emu.clock.now() });
      await assert.rejects(noToken.call("QueryProduct", { ProductKey: "a1Missing" }), { code: "MissingSecurityToken" });
      const wrongToken = new RpcClient({ ...base, securityToken: "CAISwrong", signatureVersion }, { maxAttempts: 1, now: () => emu.clock.now() });
      await assert.rejects(wrongToken.call("QueryProduct", { ProductKey: "a1Missing" }), { code: "InvalidSecurityToken.MismatchWithAccessKey" });
    }
    emu.fake.advance(900_000);
    for (const signatureVersion of ["v1", "v3"] as const) {
      const late = new RpcClient({ ...base, securityToken: c.SecurityToken, signatureVersion }, { maxAttempts: 1, now: () => emu.clock.now() });
      await assert.rejects(late.call("QueryProduct", { ProductKey: "a1Missing" }), { code: "InvalidSecurityToken.Expired" });
    }
  });

  it("AssumeRoleWithOIDC checks the token's shape, expiry, issuer and audience, and the provider", async () => {
    const cases: [string, Promise<StsAnswer>, string][] = [
      ["two parts", withOidc(emu, "abc.def"), "InvalidParameter.OIDCToken"],
      ["payload not JSON", withOidc(emu, `${Buffer.from("{}").toString("base64url")}.bm90IGpzb24.c2ln`), "InvalidParameter.OIDCToken"],
      ["no sub", withOidc(emu, oidcToken(claims(emu, { sub: undefined }))), "InvalidParameter.OIDCToken"],
      ["expired", withOidc(emu, oidcToken(claims(emu, { exp: Math.floor(emu.clock.now() / 1000) - 1 }))), "AuthenticationFail.OIDCToken.Expired"],
      ["issuer", withOidc(emu, oidcToken(claims(emu, { iss: "https://evil.example" }))), "AuthenticationFail.OIDCToken.Issuer"],
      ["audience", withOidc(emu, oidcToken(claims(emu, { aud: "someone-else" }))), "AuthenticationFail.OIDCToken.Audience"],
      ["provider", withOidc(emu, oidcToken(claims(emu)), "acs:ram::1234567890123456:oidc-provider/unknown"), "EntityNotExist.OIDCProvider"],
      ["duration", withOidc(emu, oidcToken(claims(emu)), undefined, { DurationSeconds: "899" }), "InvalidParameter.DurationSeconds"],
      ["role", withOidc(emu, oidcToken(claims(emu)), undefined, { RoleArn: "ci-deployer" }), "InvalidParameter.RoleArn"],
    ];
    for (const [name, answer, code] of cases) {
      const r = await answer;
      assert.equal(r.body.Code, code, `${name}: ${JSON.stringify(r.body)}`);
      assert.ok(r.status >= 400, name);
    }
  });

  it("AssumeRole verifies the caller's v1 signature (and its own STS token), and issues a key for the caller's account", async () => {
    const form = { RoleArn: ROLE_ARN, RoleSessionName: "deploy", DurationSeconds: "3600", ExternalId: "abc-123" };
    const ok = await assumeRole(emu, form);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.AssumedRoleUser.Arn, "acs:ram::1234567890123456:assumed-role/ci-deployer/deploy");
    assert.equal((await assumeRole(emu, form, "wrong-secret")).body.Code, "SignatureDoesNotMatch");
    // Chained: an STS key assumes another role only with its own token.
    const { AccessKeyId, AccessKeySecret, SecurityToken } = ok.body.Credentials;
    assert.equal((await assumeRole(emu, form, AccessKeySecret, AccessKeyId)).body.Code, "MissingSecurityToken");
    assert.equal((await assumeRole(emu, form, AccessKeySecret, AccessKeyId, SecurityToken)).status, 200);
    const issued = emu.sts!.issued().filter((c) => c.action === "AssumeRole");
    assert.deepEqual(issued.slice(-2).map((c) => c.roleSessionName), ["deploy", "deploy"]);
  });
});

function withOidcNoCa(emu: TestEmulator): Promise<StsAnswer> {
  return sts(emu, { Action: "AssumeRoleWithOIDC", Version: "2015-04-01" }, {}, null);
}
