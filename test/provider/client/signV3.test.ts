import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import OpenApiUtil from "@alicloud/openapi-util";
import { startEmulator } from "../../../emulator/index";
import type { EmulatorHandle } from "../../../emulator/index";
import { RpcClient } from "../../../provider/client/RpcClient";
import { flattenParams } from "../../../provider/client/flattenParams";
import { signRequestV3 } from "../../../provider/client/signRequestV3";
import { sha256Hex, signV3 } from "../../../provider/client/signV3";
import { ParamGenerator } from "./helpers/paramGenerator";
import { seededRandom } from "./helpers/seededRandom";

interface V3Vector {
  readonly name: string;
  readonly method: string;
  readonly pathname: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string>;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly canonicalRequest?: string;
  readonly stringToSign?: string;
  readonly signature: string;
}

const fixture: { vectors: V3Vector[] } = JSON.parse(readFileSync(join(__dirname, "../../fixtures/v3-signature-vectors.json"), "utf8"));

/** Number of generated requests whose Authorization header is compared with OpenApiUtil.getAuthorization. */
const VENDOR_CASES = 500;

describe(signV3.name, () => {
  for (const v of fixture.vectors) {
    it(`signs the ${v.name} example`, () => {
      const r = signV3({ ...v, hashedPayload: v.headers["x-acs-content-sha256"] });
      assert.equal(r.signature, v.signature);
      if (v.canonicalRequest !== undefined) assert.equal(r.canonicalRequest, v.canonicalRequest);
      if (v.stringToSign !== undefined) assert.equal(r.stringToSign, v.stringToSign);
      assert.equal(r.authorization, `ACS3-HMAC-SHA256 Credential=${v.accessKeyId},SignedHeaders=${r.signedHeaders.join(";")},Signature=${v.signature}`);
    });
  }

  it("signs only host, content-type and x-acs-* headers, lower-cased and sorted", () => {
    const r = signV3({
      method: "post",
      pathname: "/",
      query: {},
      headers: { "X-Acs-Date": "d", Host: "h", Accept: "application/json", "User-Agent": "ua", "Content-Type": " application/x-www-form-urlencoded " },
      hashedPayload: sha256Hex(""),
      accessKeyId: "id",
      accessKeySecret: "s",
    });
    assert.deepEqual(r.signedHeaders, ["content-type", "host", "x-acs-date"]);
    assert.match(r.canonicalRequest, /^POST\n\/\n\ncontent-type:application\/x-www-form-urlencoded\nhost:h\nx-acs-date:d\n\n/);
  });

  it(`gives the same Authorization header as OpenApiUtil.getAuthorization on ${VENDOR_CASES} generated requests`, () => {
    const random = seededRandom(0x0ac53);
    const gen = new ParamGenerator(random);
    const HEADER_NAMES = ["x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce", "x-acs-security-token", "x-acs-region-id", "host", "content-type", "accept", "user-agent", "x-custom"];
    let withQuery = 0;
    for (let n = 0; n < VENDOR_CASES; n++) {
      const query = gen.int(0, 2) === 0 ? {} : flattenParams(gen.params(false));
      if (Object.keys(query).length > 0) withQuery++;
      const headers: Record<string, string> = {};
      for (const name of HEADER_NAMES) {
        if (gen.int(0, 3) === 0) continue;
        const spelled = gen.int(0, 3) === 0 ? name.toUpperCase() : name;
        headers[spelled] = `${gen.pick(["", " ", "  "])}${gen.text(24)}${gen.pick(["", " "])}`;
      }
      const body = gen.text(200);
      const hashedPayload = sha256Hex(body);
      headers["x-acs-content-sha256"] = hashedPayload;
      const method = gen.pick(["POST", "GET"]);
      const accessKeyId = gen.pick(["testid", "LTAI5tExample", "STS.NUx9"]);
      const secret = gen.pick(["testsecret", "S3cr3t+/=", "密钥-🔑", gen.text(20) || "x"]);
      const expected = OpenApiUtil.getAuthorization({ pathname: "/", method, query, headers } as never, "ACS3-HMAC-SHA256", hashedPayload, accessKeyId, secret);
      const ours = signV3({ method, pathname: "/", query, headers, hashedPayload, accessKeyId, accessKeySecret: secret });
      assert.equal(ours.authorization, expected, `case ${n}`);
    }
    assert.ok(withQuery >= 200, `only ${withQuery} cases had a query`);
    console.log(`      ${VENDOR_CASES} cases matched OpenApiUtil.getAuthorization (${withQuery} with a query)`);
  });
});

describe(signRequestV3.name, () => {
  const input = {
    action: "BatchCheckDeviceNames",
    version: "2018-01-20",
    business: flattenParams({ ProductKey: "a1B2c3", DeviceName: ["lamp 1", "灯-2"] }),
    credential: { accessKeyId: "STS.id", accessKeySecret: "secret", securityToken: "token/+=" },
    region: "cn-shanghai",
    host: "127.0.0.1:8787",
    nonce: "nonce-1",
    now: Date.UTC(2026, 11, 2, 3, 4, 5),
  };

  it("puts the business parameters in a form body whose SHA-256 it signs, and the STS token in a signed header", () => {
    const r = signRequestV3(input);
    assert.equal(r.body, "DeviceName.1=lamp%201&DeviceName.2=%E7%81%AF-2&ProductKey=a1B2c3");
    assert.equal(r.headers["x-acs-content-sha256"], sha256Hex(r.body));
    assert.equal(r.headers["x-acs-date"], "2026-12-02T03:04:05Z");
    assert.equal(r.headers["x-acs-security-token"], "token/+=");
    assert.match(r.headers.authorization, /^ACS3-HMAC-SHA256 Credential=STS\.id,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-security-token;x-acs-signature-nonce;x-acs-version,Signature=[0-9a-f]{64}$/);
  });

  it("signs what the vendor's code signs for the same headers", () => {
    const r = signRequestV3(input);
    const { authorization, ...headers } = r.headers;
    const expected = OpenApiUtil.getAuthorization({ pathname: "/", method: "POST", query: {}, headers } as never, "ACS3-HMAC-SHA256", headers["x-acs-content-sha256"], "STS.id", "secret");
    assert.equal(authorization, expected);
  });
});

describe("RpcClient with signature V3 against the emulator", () => {
  let emu: EmulatorHandle;
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  it("is accepted, with a 10,000-item body, and a wrong secret is refused", async () => {
    const base = { endpoint: emu.endpoint, region: emu.regionId, accessKeyId: emu.accessKeyId, qpsOverrides: {}, signatureVersion: "v3" as const };
    const client = new RpcClient({ ...base, accessKeySecret: emu.accessKeySecret });
    const created = await client.call("CreateProduct", { ProductName: "v3_product", NodeType: 0 });
    const productKey = created.Data.ProductKey as string;
    assert.equal((await client.call("QueryProduct", { ProductKey: productKey })).Data.ProductName, "v3_product");
    const names = Array.from({ length: 10_000 }, (_, i) => `v3-${i}`);
    const check = await client.call("BatchCheckDeviceNames", { ProductKey: productKey, DeviceName: names });
    assert.equal(check.Success, true);
    const wrong = new RpcClient({ ...base, accessKeySecret: "not-the-secret" }, { maxAttempts: 1 });
    await assert.rejects(wrong.call("QueryProduct", { ProductKey: productKey }), { code: "SignatureDoesNotMatch" });
  });
});
