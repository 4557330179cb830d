import assert from "node:assert/strict";
import { ACTION_LIMITS, DEFAULT_QPS, effectiveQps } from "../../provider/limits";

describe("limits: effectiveQps", () => {
  it("is the qpsOverrides entry of the action when there is one", () => {
    assert.equal(effectiveQps("InvokeThingsService", { qpsOverrides: { InvokeThingsService: 3 } }), 3);
  });

  it("is the documented quota otherwise, and the strictest default for an unknown action", () => {
    assert.equal(effectiveQps("InvokeThingsService", { qpsOverrides: { DeleteDevice: 100 } }), ACTION_LIMITS.InvokeThingsService.qps);
    assert.equal(effectiveQps("NoSuchAction", { qpsOverrides: {} }), DEFAULT_QPS);
  });
});
