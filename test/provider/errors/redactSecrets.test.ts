import assert from "node:assert/strict";
import { MAX_API_MESSAGE_LENGTH, REDACTED, redactSecrets } from "../../../provider/errors/redactSecrets";

describe(redactSecrets.name, () => {
  it("replaces a secret in raw, once-encoded and twice-encoded form", () => {
    const secret = "ab/c+d=ef";
    const text = `raw ${secret} once ab%2Fc%2Bd%3Def twice ab%252Fc%252Bd%253Def`;
    assert.equal(redactSecrets(text, [secret]), `raw ${REDACTED} once ${REDACTED} twice ${REDACTED}`);
  });

  it("cuts everything after the echoed string to sign", () => {
    assert.equal(
      redactSecrets("Specified signature is not matched with our calculation. server string to sign is:POST&%2F&AccessKeyId%3Dx", []),
      "Specified signature is not matched with our calculation. server string to sign is: [redacted]",
    );
  });

  it("ignores undefined and very short values, which would garble the text", () => {
    assert.equal(redactSecrets("a bcd", [undefined, "a", "bc"]), "a bcd");
  });

  it("caps the length of server text", () => {
    const out = redactSecrets("x".repeat(5000), []);
    assert.equal(out.length, MAX_API_MESSAGE_LENGTH + 1);
    assert.ok(out.endsWith("…"));
  });
});
