import assert from "node:assert/strict";
import { percentEncode } from "../../../provider/client/percentEncode";

describe(percentEncode.name, () => {
  const cases: [string, string, string][] = [
    ["keeps unreserved ASCII as is", "AZaz09-_.~", "AZaz09-_.~"],
    ["encodes a space as %20, never +", "a b", "a%20b"],
    ["encodes * as %2A", "*", "%2A"],
    ["keeps ~ unescaped", "~", "~"],
    ["encodes ! ' ( ) which encodeURIComponent leaves alone", "!'()", "%21%27%28%29"],
    ["encodes : in timestamps", "2016-02-23T12:46:24Z", "2016-02-23T12%3A46%3A24Z"],
    ["encodes / = & + with upper-case hex", "/=&+", "%2F%3D%26%2B"],
    ["encodes a literal % sign", "100%", "100%25"],
    ["encodes CJK as UTF-8 bytes", "驱动", "%E9%A9%B1%E5%8A%A8"],
    ["encodes an emoji (a surrogate pair) as four UTF-8 bytes", "😀", "%F0%9F%98%80"],
    ["encodes Latin-1 letters as two UTF-8 bytes", "é", "%C3%A9"],
    ["encodes control characters", "\t\n", "%09%0A"],
    ["encodes the TV4 description before the second pass", "Led驱动 (v1)*~!'", "Led%E9%A9%B1%E5%8A%A8%20%28v1%29%2A~%21%27"],
    ["returns the empty string for the empty string", "", ""],
  ];
  for (const [behaviour, input, expected] of cases) {
    it(behaviour, () => assert.equal(percentEncode(input), expected));
  }

  it("throws on a lone surrogate, which has no UTF-8 form", () => {
    assert.throws(() => percentEncode("\uD800"), URIError);
  });
});
