import assert from "node:assert/strict";
import { getSharedLimiter, resetSharedLimiter } from "../../../provider/retry/sharedLimiter";
import { SlidingWindowLimiter } from "../../../provider/retry/SlidingWindowLimiter";

describe(getSharedLimiter.name, () => {
  afterEach(resetSharedLimiter);

  it("returns one SlidingWindowLimiter for the whole process", () => {
    const limiter = getSharedLimiter();
    assert.ok(limiter instanceof SlidingWindowLimiter);
    assert.equal(getSharedLimiter(), limiter);
  });

  it("is shared by a second copy of the module (as when two installs or a by-value copy load it)", () => {
    const limiter = getSharedLimiter();
    const path = require.resolve("../../../provider/retry/sharedLimiter");
    const cached = require.cache[path];
    delete require.cache[path];
    try {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const copy = require("../../../provider/retry/sharedLimiter") as typeof import("../../../provider/retry/sharedLimiter");
      assert.notEqual(copy.getSharedLimiter, getSharedLimiter);
      assert.equal(copy.getSharedLimiter(), limiter);
    } finally {
      if (cached) require.cache[path] = cached;
    }
  });

  it("starts afresh after resetSharedLimiter", () => {
    const before = getSharedLimiter();
    resetSharedLimiter();
    assert.notEqual(getSharedLimiter(), before);
  });
});
