import assert from "node:assert/strict";
import OpenApiUtil from "@alicloud/openapi-util";
import { canonicalQuery } from "../../../provider/client/canonicalQuery";
import { flattenParams } from "../../../provider/client/flattenParams";
import { signRpc } from "../../../provider/client/signRpc";
import { parseForm, startLoopbackServer } from "../../helpers/loopbackServer";
import { ParamGenerator } from "./helpers/paramGenerator";
import { seededRandom } from "./helpers/seededRandom";

// pop-core ships no types; only the constructor and request() are used.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const RPCClient = require("@alicloud/pop-core") as new (config: Record<string, unknown>) => {
  request(action: string, params: Record<string, unknown>, opts: Record<string, unknown>): Promise<unknown>;
};

/** Number of generated parameter sets checked against OpenApiUtil.getRPCSignature. */
const OPENAPI_UTIL_CASES = 500;
/** Number of generated requests sent by pop-core and verified on the wire. */
const POP_CORE_CASES = 60;

describe("signature cross-check against Alibaba's SDK code", () => {
  it(`signs ${OPENAPI_UTIL_CASES} generated parameter sets exactly as OpenApiUtil.getRPCSignature does`, () => {
    const gen = new ParamGenerator(seededRandom(0x1070_2018));
    let checked = 0;
    let withLongLists = 0;
    for (let n = 0; n < OPENAPI_UTIL_CASES; n++) {
      const params = gen.params(false);
      const method = gen.pick(["GET", "POST"]);
      const secret = gen.pick(["testsecret", "S3cr3t+/=", "密钥-🔑", gen.text(20) || "x"]);
      const flat = flattenParams(params);
      if (Object.keys(flat).some((k) => /\.1[0-9]\b/.test(k))) withLongLists++;
      // The vendor's own flattening (flatMap) gives the same wire parameters…
      assert.deepEqual(flat, OpenApiUtil.query(params), `flattening differs for case ${n}`);
      // …and its signer (which flattens internally) the same signature.
      const expected = OpenApiUtil.getRPCSignature(params as { [key: string]: string }, method, secret);
      assert.equal(signRpc({ method, params: flat, accessKeySecret: secret }).signature, expected, `signature differs for case ${n}`);
      checked++;
    }
    assert.equal(checked, OPENAPI_UTIL_CASES);
    assert.ok(withLongLists >= 20, `only ${withLongLists} cases had 10+ list items`);
    console.log(`      ${checked} cases matched OpenApiUtil (${withLongLists} with 10+ list items)`);
  });

  describe("pop-core on the wire", () => {
    const bodies: string[] = [];
    let server: Awaited<ReturnType<typeof startLoopbackServer>>;

    before(async () => {
      server = await startLoopbackServer((req) => {
        bodies.push(req.body);
        return { status: 200, body: { RequestId: "r-1" } };
      });
    });
    after(() => server.close());

    it(`accepts the form body pop-core sends for ${POP_CORE_CASES} generated POSTs, byte for byte`, async () => {
      const gen = new ParamGenerator(seededRandom(0x0f0f_1234));
      const secret = "pop-core-secret-🔑";
      const client = new RPCClient({ endpoint: server.endpoint, apiVersion: "2018-01-20", accessKeyId: "testid", accessKeySecret: secret });
      for (let n = 0; n < POP_CORE_CASES; n++) {
        const params = gen.params(true);
        await client.request("QueryEdgeDriver", params, { method: "POST", formatParams: false, timeout: 10_000 });
        const body = bodies[n];
        const signaturePair = body.slice(body.lastIndexOf("&") + 1);
        assert.ok(signaturePair.startsWith("Signature="), `case ${n}: pop-core puts Signature last`);
        const received = parseForm(body);
        const { Signature, ...signed } = received;
        // Our canonical query reproduces pop-core's body (minus Signature) exactly…
        assert.equal(canonicalQuery(signed), body.slice(0, body.lastIndexOf("&")), `case ${n}: encoding differs`);
        // …our flattening gives the business parameters pop-core sent…
        for (const [k, v] of Object.entries(flattenParams(params))) assert.equal(signed[k], v, `case ${n}: ${k}`);
        // …and our signer verifies pop-core's signature.
        assert.equal(signRpc({ method: "POST", params: signed, accessKeySecret: secret }).signature, Signature, `case ${n}: signature`);
      }
      assert.equal(bodies.length, POP_CORE_CASES);
      console.log(`      ${POP_CORE_CASES} pop-core requests verified`);
    });
  });
});
