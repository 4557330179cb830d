import assert from "node:assert/strict";
import { stringToSign } from "../../../provider/client/stringToSign";

describe(stringToSign.name, () => {
  it("joins VERB, the encoded path and the encoded canonical query with &", () => {
    assert.equal(stringToSign("POST", { A: "1", B: "x y" }), "POST&%2F&A%3D1%26B%3Dx%2520y");
  });

  it("encodes the canonical query a second time, so : becomes %253A", () => {
    assert.equal(stringToSign("GET", { Timestamp: "2016-02-23T12:46:24Z" }), "GET&%2F&Timestamp%3D2016-02-23T12%253A46%253A24Z");
  });

  it("upper-cases the verb", () => {
    assert.ok(stringToSign("post", { A: "1" }).startsWith("POST&"));
  });

  it("gives the TV1 string-to-sign printed in the documentation", () => {
    const params = {
      AccessKeyId: "testid",
      Action: "DescribeRegions",
      Format: "XML",
      SignatureMethod: "HMAC-SHA1",
      SignatureNonce: "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
      SignatureVersion: "1.0",
      Timestamp: "2016-02-23T12:46:24Z",
      Version: "2014-05-26",
    };
    assert.equal(
      stringToSign("GET", params),
      "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26",
    );
  });
});
