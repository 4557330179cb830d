import assert from "node:assert/strict";
import { createHash, randomUUID } from "crypto";
import OpenApiUtil from "@alicloud/openapi-util";
import { stringToSign } from "../../../provider/client/signRpc";
import { verifyV1Signature } from "../../../emulator/auth/v1";
import { v3CanonicalRequest, v3Signature, v3StringToSign } from "../../../emulator/auth/v3";
import { newParams } from "../../../emulator/http/params";
import { httpRequest, isoSeconds, signedCall, start, TestEmulator } from "../helpers";

/**
 * Authentication: signature v1 (three request shapes) and V3, the timestamp window, nonce replay,
 * unknown keys — each with the gateway's code and HTTP status (doc §2.7, §7). The clock is fake.
 */

const SIGN_COMMON = { AccessKeyId: "testid", SignatureMethod: "HMAC-SHA1", SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", SignatureVersion: "1.0", Timestamp: "2016-02-23T12:46:24Z" };
const VECTORS = [
  { name: "TV1 GET (official ECS example)", method: "GET", params: { ...SIGN_COMMON, Action: "DescribeRegions", Format: "XML", Version: "2014-05-26" }, signature: "OLeaidS1JvxuMvnyHOwuJ+uX5qY=" },
  { name: "TV1 POST", method: "POST", params: { ...SIGN_COMMON, Action: "DescribeRegions", Format: "XML", Version: "2014-05-26" }, signature: "MxbnVAM4w6sft9xjVpe/GCKueuk=" },
  {
    name: "TV2 (official IoT example)",
    method: "GET",
    params: { AccessKeyId: "testid", Action: "Pub", Format: "XML", MessageContent: "aGVsbG93b3JsZA=", ProductKey: "12345abcdeZ", Qos: "0", RegionId: "cn-shanghai", ServiceCode: "iot", SignatureMethod: "HMAC-SHA1", SignatureNonce: "0715a395-aedf-4a41-bab7-746b43d38d88", SignatureVersion: "1.0", Timestamp: "2017-10-02T09:39:41Z", TopicFullName: "/productKey/testdevice/get", Version: "2017-04-20" },
    signature: "Y9eWn4nF8QPh3c4zAFkM/k/u7eA=",
  },
  {
    name: "TV3 BatchAddThingTopo POST",
    method: "POST",
    params: { ...SIGN_COMMON, Action: "BatchAddThingTopo", Format: "JSON", RegionId: "cn-shanghai", Version: "2018-01-20", GwProductKey: "a1GWpk", GwDeviceName: "gateway", "TopoAddItem.1.ProductKey": "a1PB5fp1234", "TopoAddItem.1.DeviceName": "868575026974305", "TopoAddItem.1.ClientId": "868575026974305", "TopoAddItem.1.SignMethod": "hmacMd5", "TopoAddItem.1.Sign": "C1C1606D61884C5F16C9EA6622E5E3C3" },
    signature: "MGoF6OaLkDvFQyQS7rmzPMKpcZk=",
  },
  {
    name: "TV4 UTF-8 and reserved characters",
    method: "POST",
    params: { ...SIGN_COMMON, SignatureNonce: "n-1", Action: "CreateEdgeDriverVersion", Format: "JSON", Version: "2018-01-20", DriverId: "fec565038d7544978d9aed5c1a000000", DriverVersion: "1.2.0", EdgeVersion: "2.0.0", Description: "Led驱动 (v1)*~!'", ContainerConfig: '{"privileged":1,"devMappings":[],"volumeMappings":[],"hostNetworkMode":0,"portMappings":[]}' },
    signature: "RMJDvCmYem1sa/NZMtai18XLMm4=",
  },
];

describe("emulator authentication", () => {
  let emu: TestEmulator;
  let productKey: string;

  before(async () => {
    emu = await start({ qps: { "*": 10_000 }, credentials: [{ accessKeyId: "second-key", accessKeySecret: "second-secret" }] });
    const r = await signedCall(emu, { action: "CreateProduct", params: { ProductName: "authprod", NodeType: "0" } });
    productKey = r.json.ProductKey;
  });
  after(async () => emu.close());

  describe("signature v1 verification (doc §2.4 test vectors)", () => {
    for (const v of VECTORS) {
      it(`accepts ${v.name}`, () => {
        const p = Object.assign(newParams(), v.params, { Signature: v.signature });
        assert.equal(verifyV1Signature(v.method, p, "testsecret").ok, true);
        assert.equal(verifyV1Signature(v.method === "GET" ? "POST" : "GET", p, "testsecret").ok, false, "the verb is signed");
      });
    }
  });

  describe("request shapes", () => {
    for (const [method, shape] of [["GET", "query"], ["POST", "query"], ["POST", "body"], ["POST", "mixed"]] as const) {
      it(`${method} with parameters in the ${shape === "mixed" ? "query and the body" : shape} is accepted`, async () => {
        const r = await signedCall(emu, { action: "QueryProduct", method, shape, params: { ProductKey: productKey } });
        assert.equal(r.status, 200, r.text);
        assert.equal(r.json.Success, true);
        assert.equal(r.json.Data.ProductKey, productKey);
        assert.equal(r.headers["x-acs-request-id"], r.json.RequestId);
      });
    }

    it("a second AccessKeyId of the same account sees the same resources", async () => {
      const r = await signedCall(emu, { action: "QueryProduct", accessKeyId: "second-key", accessKeySecret: "second-secret", params: { ProductKey: productKey } });
      assert.equal(r.json.Success, true);
    });
  });

  describe("failures (code + HTTP status)", () => {
    it("a wrong signature → 400 SignatureDoesNotMatch ending with the server's StringToSign", async () => {
      const nonce = randomUUID();
      const timestamp = isoSeconds(emu.fake.now());
      const r = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey }, accessKeySecret: "not-the-secret", nonce, timestamp });
      assert.equal(r.status, 400);
      assert.equal(r.json.Code, "SignatureDoesNotMatch");
      const expected = stringToSign("POST", { Action: "QueryProduct", Version: "2018-01-20", AccessKeyId: emu.accessKeyId, SignatureMethod: "HMAC-SHA1", SignatureVersion: "1.0", SignatureNonce: nonce, Timestamp: timestamp, Format: "JSON", ProductKey: productKey });
      assert.equal(r.json.Message, `Specified signature is not matched with our calculation. server string to sign is:${expected}`);
      assert.deepEqual(Object.keys(r.json).sort(), ["Code", "HostId", "Message", "Recommend", "RequestId"]);
    });

    it("a parameter changed after signing → SignatureDoesNotMatch", async () => {
      const r = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey }, tamper: { ProductKey: "a1other0000" } });
      assert.equal(r.json.Code, "SignatureDoesNotMatch");
    });

    it("a signature computed for GET does not pass as POST", async () => {
      const r = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey }, shape: "body", method: "POST", signAs: "GET" });
      assert.equal(r.status, 400);
      assert.equal(r.json.Code, "SignatureDoesNotMatch");
      assert.match(r.json.Message, /server string to sign is:POST&/);
    });

    it("a Timestamp more than 15 minutes off → 400 InvalidTimeStamp.Expired (both directions); 14 minutes is fine", async () => {
      for (const skew of [-16 * 60_000, 16 * 60_000]) {
        const r = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey }, timestamp: isoSeconds(emu.fake.now() + skew) });
        assert.equal(r.status, 400);
        assert.equal(r.json.Code, "InvalidTimeStamp.Expired");
      }
      const ok = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey }, timestamp: isoSeconds(emu.fake.now() - 14 * 60_000) });
      assert.equal(ok.status, 200);
    });

    it("a Timestamp with milliseconds or an impossible date → 400 InvalidTimeStamp.Format", async () => {
      for (const t of [new Date(emu.fake.now()).toISOString(), "2016-02-30T12:00:00Z"]) {
        const r = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey }, timestamp: t });
        assert.equal(r.status, 400);
        assert.equal(r.json.Code, "InvalidTimeStamp.Format");
      }
    });

    it("a reused SignatureNonce → 400 SignatureNonceUsed; it is usable again after 15 minutes", async () => {
      const nonce = randomUUID();
      const first = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey }, nonce });
      assert.equal(first.status, 200);
      const replay = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey }, nonce });
      assert.equal(replay.status, 400);
      assert.equal(replay.json.Code, "SignatureNonceUsed");
      emu.fake.advance(15 * 60_000 + 1_000);
      const later = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey }, nonce });
      assert.equal(later.status, 200);
    });

    it("a request that fails authentication does not burn its nonce", async () => {
      const nonce = randomUUID();
      const bad = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey }, nonce, accessKeySecret: "wrong" });
      assert.equal(bad.json.Code, "SignatureDoesNotMatch");
      const good = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey }, nonce });
      assert.equal(good.status, 200);
    });

    it("an unknown AccessKeyId → 404 InvalidAccessKeyId.NotFound", async () => {
      const r = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey }, accessKeyId: "nobody" });
      assert.equal(r.status, 404);
      assert.equal(r.json.Code, "InvalidAccessKeyId.NotFound");
    });

    for (const name of ["Signature", "Timestamp", "SignatureNonce", "AccessKeyId"]) {
      it(`a missing ${name} → 400 MissingParameter`, async () => {
        const r = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey }, omit: [name] });
        assert.equal(r.status, 400);
        assert.equal(r.json.Code, "MissingParameter");
        assert.match(r.json.Message, new RegExp(`"${name}"`));
      });
    }

    it("another Version → 400 InvalidVersion; an unknown Action → 404 InvalidAction.NotFound", async () => {
      const v = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey }, version: "2017-04-20" });
      assert.equal(v.status, 400);
      assert.equal(v.json.Code, "InvalidVersion");
      const a = await signedCall(emu, { action: "Pub", params: {} });
      assert.equal(a.status, 404);
      assert.equal(a.json.Code, "InvalidAction.NotFound");
    });

    it("without Format the answer is XML (the documented default), errors under <Error>", async () => {
      const ok = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey }, format: null });
      assert.equal(ok.status, 200);
      assert.match(ok.headers["content-type"] as string, /^text\/xml/);
      assert.match(ok.text, /^<\?xml version="1.0" encoding="UTF-8"\?><QueryProductResponse><RequestId>[0-9A-F-]+<\/RequestId><Data>.*<ProductKey>a1/);
      const err = await signedCall(emu, { action: "QueryProduct", params: { ProductKey: productKey }, format: "XML", accessKeyId: "nobody" });
      assert.equal(err.status, 404);
      assert.match(err.text, /<Error><RequestId>.*<Code>InvalidAccessKeyId\.NotFound<\/Code>/);
    });
  });

  describe("signature V3 (ACS3-HMAC-SHA256)", () => {
    it("reproduces the SDK-computed vector of doc §2.6", () => {
      const q = Object.assign(newParams(), { "DriverIds.1": "id1", "DriverIds.2": "id2" });
      const headers = {
        host: "iot.cn-shanghai.aliyuncs.com",
        "x-acs-action": "BatchGetEdgeDriver",
        "x-acs-version": "2018-01-20",
        "x-acs-date": "2023-10-26T10:22:32Z",
        "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
        "x-acs-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
      };
      const canonical = v3CanonicalRequest("POST", "/", q, headers, Object.keys(headers), headers["x-acs-content-sha256"]);
      assert.equal(v3Signature("testsecret", v3StringToSign(canonical)), "6b1bd20e2e6dde729be63ef6ae595f7b1a9da3d5a272c022f55199dd97c2e954");
    });

    /** A V3 request signed by @alicloud/openapi-util (an implementation independent of the emulator's). */
    function v3Request(opts: { query: Record<string, string>; action?: string; date?: string; nonce?: string; secret?: string; accessKeyId?: string; tamperQuery?: Record<string, string>; dropSigned?: string; body?: string }) {
      const body = opts.body ?? "";
      const headers: Record<string, string> = {
        host: emu.address,
        "x-acs-action": opts.action ?? "QueryProduct",
        "x-acs-version": "2018-01-20",
        "x-acs-date": opts.date ?? isoSeconds(emu.fake.now()),
        "x-acs-signature-nonce": opts.nonce ?? randomUUID().replace(/-/g, ""),
        "x-acs-content-sha256": createHash("sha256").update("").digest("hex"),
        accept: "application/json",
      };
      if (opts.dropSigned) delete headers[opts.dropSigned];
      let auth = OpenApiUtil.getAuthorization({ pathname: "/", method: "POST", query: opts.query, headers } as never, "ACS3-HMAC-SHA256", headers["x-acs-content-sha256"], opts.accessKeyId ?? emu.accessKeyId, opts.secret ?? emu.accessKeySecret);
      if (opts.dropSigned) headers[opts.dropSigned] = opts.dropSigned === "x-acs-action" ? (opts.action ?? "QueryProduct") : "x";
      if (body) headers["content-type"] = "application/x-www-form-urlencoded";
      auth = auth.replace(/\s+/, " ");
      const q = new URLSearchParams({ ...opts.query, ...(opts.tamperQuery ?? {}) }).toString();
      return httpRequest(`${emu.endpoint}/?${q}`, { method: "POST", headers: { ...headers, authorization: auth }, body: body || undefined });
    }

    it("accepts a request signed by openapi-util", async () => {
      const r = await v3Request({ query: { ProductKey: productKey } });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.Data.ProductKey, productKey);
    });

    it("a changed query → 400 SignatureDoesNotMatch", async () => {
      const r = await v3Request({ query: { ProductKey: productKey }, tamperQuery: { ProductKey: "a1other0000" } });
      assert.equal(r.status, 400);
      assert.equal(r.json.Code, "SignatureDoesNotMatch");
      assert.match(r.json.Message, /server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}$/);
    });

    it("a body that does not match x-acs-content-sha256 → SignatureDoesNotMatch", async () => {
      const r = await v3Request({ query: { ProductKey: productKey }, body: "ProductKey=a1other0000" });
      assert.equal(r.json.Code, "SignatureDoesNotMatch");
    });

    it("an unsigned x-acs-action → 400 IncompleteSignature", async () => {
      const r = await v3Request({ query: { ProductKey: productKey }, dropSigned: "x-acs-action" });
      assert.equal(r.status, 400);
      assert.equal(r.json.Code, "IncompleteSignature");
    });

    it("an old x-acs-date → InvalidTimeStamp.Expired; a reused nonce → SignatureNonceUsed", async () => {
      const old = await v3Request({ query: { ProductKey: productKey }, date: isoSeconds(emu.fake.now() - 20 * 60_000) });
      assert.equal(old.json.Code, "InvalidTimeStamp.Expired");
      const nonce = randomUUID();
      assert.equal((await v3Request({ query: { ProductKey: productKey }, nonce })).status, 200);
      const replay = await v3Request({ query: { ProductKey: productKey }, nonce });
      assert.equal(replay.status, 400);
      assert.equal(replay.json.Code, "SignatureNonceUsed");
    });

    it("a wrong secret → SignatureDoesNotMatch; an unknown key → InvalidAccessKeyId.NotFound", async () => {
      assert.equal((await v3Request({ query: { ProductKey: productKey }, secret: "wrong" })).json.Code, "SignatureDoesNotMatch");
      const unknown = await v3Request({ query: { ProductKey: productKey }, accessKeyId: "nobody" });
      assert.equal(unknown.status, 404);
      assert.equal(unknown.json.Code, "InvalidAccessKeyId.NotFound");
    });
  });
});
