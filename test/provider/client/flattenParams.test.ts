import assert from "node:assert/strict";
import { flattenParams } from "../../../provider/client/flattenParams";

describe(flattenParams.name, () => {
  it("numbers scalar list items Key.N from 1", () => {
    assert.deepEqual(flattenParams({ DeviceName: ["d1", "d2"] }), { "DeviceName.1": "d1", "DeviceName.2": "d2" });
  });

  it("flattens objects in lists as Key.N.Field", () => {
    assert.deepEqual(flattenParams({ TopoAddItem: [{ ProductKey: "a", DeviceName: "b" }] }), {
      "TopoAddItem.1.ProductKey": "a",
      "TopoAddItem.1.DeviceName": "b",
    });
  });

  it("continues the pattern for deeper nesting (X.1.Y.2.Z)", () => {
    assert.deepEqual(flattenParams({ X: [{ Y: [{ Z: "z1" }, { Z: "z2" }] }] }), { "X.1.Y.1.Z": "z1", "X.1.Y.2.Z": "z2" });
  });

  it("flattens a list inside a list as Key.N.M", () => {
    assert.deepEqual(flattenParams({ L: [["a", "b"], ["c"]] }), { "L.1.1": "a", "L.1.2": "b", "L.2.1": "c" });
  });

  it("flattens a top-level object as Key.Field", () => {
    assert.deepEqual(flattenParams({ Cfg: { A: "1", B: ["x"] } }), { "Cfg.A": "1", "Cfg.B.1": "x" });
  });

  it("stringifies numbers and booleans", () => {
    assert.deepEqual(flattenParams({ PageSize: 30, IsBuiltIn: false, Ratio: 1.5 }), { PageSize: "30", IsBuiltIn: "false", Ratio: "1.5" });
  });

  it("drops null and undefined values but keeps the indices of the items after them", () => {
    assert.deepEqual(flattenParams({ A: null, B: undefined, L: ["x", null, "z"] }), { "L.1": "x", "L.3": "z" });
  });

  it("keeps empty strings, which are values", () => {
    assert.deepEqual(flattenParams({ Description: "" }), { Description: "" });
  });

  it("sends nothing for an empty list", () => {
    assert.deepEqual(flattenParams({ DeviceName: [] }), {});
  });

  it("numbers the tenth and later items 10, 11, … (not zero-padded)", () => {
    const out = flattenParams({ D: Array.from({ length: 12 }, (_, i) => `d${i + 1}`) });
    assert.equal(out["D.10"], "d10");
    assert.equal(out["D.12"], "d12");
    assert.equal(Object.keys(out).length, 12);
  });
});
