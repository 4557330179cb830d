import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { rpcSignerV1, signRpc } from "../../../provider/client/signRpc";

interface SignatureVector {
  readonly name: string;
  readonly method: string;
  readonly params: Record<string, string>;
  readonly stringToSign?: string;
  readonly signature: string;
}

const vectors: { accessKeySecret: string; vectors: SignatureVector[] } = JSON.parse(
  readFileSync(join(__dirname, "../../fixtures/rpc-signature-vectors.json"), "utf8"),
);

/**
 * Executes Alibaba's published RPC signature v1 examples (doc §2.4, stored as data in
 * test/fixtures/rpc-signature-vectors.json) against the signer.
 */
describe(signRpc.name, () => {
  for (const v of vectors.vectors) {
    it(`signs ${v.name} like the published example`, () => {
      const result = signRpc({ method: v.method, params: v.params, accessKeySecret: vectors.accessKeySecret });
      assert.equal(result.signature, v.signature);
      if (v.stringToSign !== undefined) assert.equal(result.stringToSign, v.stringToSign);
    });
  }

  it("covers TV1 GET and POST, TV2, TV3 GET and POST and TV4", () => {
    assert.deepEqual(
      vectors.vectors.map((v) => v.name.split(" ")[0] + " " + v.method),
      ["TV1 GET", "TV1 POST", "TV2 GET", "TV3 GET", "TV3 POST", "TV4 POST"],
    );
  });

  it("ignores a Signature parameter already present", () => {
    const tv1 = vectors.vectors[0];
    const withSignature = { ...tv1.params, Signature: "stale" };
    assert.equal(signRpc({ method: "GET", params: withSignature, accessKeySecret: "testsecret" }).signature, tv1.signature);
  });

  it("is pure: the same input always gives the same output and the params are not mutated", () => {
    const params = { ...vectors.vectors[0].params };
    const copy = { ...params };
    const a = signRpc({ method: "GET", params, accessKeySecret: "testsecret" });
    const b = signRpc({ method: "GET", params, accessKeySecret: "testsecret" });
    assert.deepEqual(a, b);
    assert.deepEqual(params, copy);
  });

  it("uses the secret followed by & as the HMAC key", () => {
    const params = vectors.vectors[0].params;
    assert.notEqual(signRpc({ method: "GET", params, accessKeySecret: "testsecret&" }).signature, vectors.vectors[0].signature);
  });
});

describe("rpcSignerV1", () => {
  it("sends HMAC-SHA1, signature version 1.0 and a body that signRpc verifies", () => {
    const signed = rpcSignerV1.signRequest({
      action: "QueryProduct",
      version: "2018-01-20",
      business: { ProductKey: "a1B2c3" },
      credential: { accessKeyId: "testid", accessKeySecret: "testsecret", securityToken: "tok" },
      region: "cn-shanghai",
      host: "iot.cn-shanghai.aliyuncs.com",
      nonce: "n-1",
      now: Date.UTC(2016, 1, 23, 12, 46, 24),
    });
    const params = Object.fromEntries(new URLSearchParams(signed.body));
    assert.equal(params.SignatureMethod, "HMAC-SHA1");
    assert.equal(params.SignatureVersion, "1.0");
    assert.equal(params.Timestamp, "2016-02-23T12:46:24Z");
    assert.equal(params.SecurityToken, "tok");
    assert.equal(params.Signature, signed.signature);
    const { Signature, ...rest } = params;
    assert.equal(signRpc({ method: "POST", params: rest, accessKeySecret: "testsecret" }).signature, Signature);
  });
});
