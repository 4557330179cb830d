import assert from "node:assert/strict";
import { rpcTimestamp } from "../../../provider/client/rpcTimestamp";

describe(rpcTimestamp.name, () => {
  it("formats UTC ISO-8601 without milliseconds", () => {
    assert.equal(rpcTimestamp(Date.UTC(2016, 1, 23, 12, 46, 24, 987)), "2016-02-23T12:46:24Z");
  });

  it("pads single-digit fields", () => {
    assert.equal(rpcTimestamp(Date.UTC(2024, 0, 2, 3, 4, 5)), "2024-01-02T03:04:05Z");
  });
});
