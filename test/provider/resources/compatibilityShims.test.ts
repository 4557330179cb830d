import assert from "node:assert/strict";

/**
 * State written by 0.1.0 holds `require("pulumi-alicloud-iot/dist/provider/resources/<x>Provider.js")`
 * in `__provider` and calls the operations on what it loads. Each shim must hand out the very
 * operations of the resource's provider module. (test/engine proves the real engine path.)
 */
const SHIMS = ["edgeDriver", "edgeDriverVersion", "deviceBatch", "gatewayTopology", "thingsServiceInvocation", "echo", "product", "thingModel"];
const OPERATIONS = ["check", "diff", "create", "read", "update", "delete"];

describe("provider/resources compatibility shims", () => {
  for (const name of SHIMS) {
    it(`resources/${name}Provider re-exports ${name}/${name}Provider's operations`, () => {
      const shim = require(`../../../provider/resources/${name}Provider`) as Record<string, unknown>;
      const real = require(`../../../provider/${name}/${name}Provider`) as Record<string, unknown>;
      for (const op of OPERATIONS) {
        assert.equal(typeof real[op], "function", `${name}Provider has no ${op}`);
        assert.equal(shim[op], real[op], `the shim's ${op} is not ${name}Provider's`);
      }
    });
  }
});
