import assert from "node:assert/strict";
import { canonicalQuery } from "../../../provider/client/canonicalQuery";

describe(canonicalQuery.name, () => {
  it("sorts keys by plain string comparison, so .10 sorts before .2", () => {
    const params: Record<string, string> = {};
    for (let i = 1; i <= 11; i++) params[`TopoAddItem.${i}.DeviceName`] = `d${i}`;
    const keys = canonicalQuery(params).split("&").map((kv) => kv.split("=")[0]);
    assert.deepEqual(keys.slice(0, 4), ["TopoAddItem.1.DeviceName", "TopoAddItem.10.DeviceName", "TopoAddItem.11.DeviceName", "TopoAddItem.2.DeviceName"]);
  });

  it("sorts upper case before lower case (code-unit order, not locale order)", () => {
    assert.equal(canonicalQuery({ b: "1", B: "2", a: "3", A: "4" }), "A=4&B=2&a=3&b=1");
  });

  it("percent-encodes keys and values and joins k=v pairs with &", () => {
    assert.equal(canonicalQuery({ "Name X": "a b*", Timestamp: "2016-02-23T12:46:24Z" }), "Name%20X=a%20b%2A&Timestamp=2016-02-23T12%3A46%3A24Z");
  });

  it("leaves out the Signature parameter", () => {
    assert.equal(canonicalQuery({ A: "1", Signature: "sig" }), "A=1");
  });

  it("encodes an empty value as k=", () => {
    assert.equal(canonicalQuery({ A: "" }), "A=");
  });
});
