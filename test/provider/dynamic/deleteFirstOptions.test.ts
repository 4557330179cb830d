import assert from "node:assert/strict";
import { deleteFirstOptions, deleteFirstRequiredMessage } from "../../../provider/dynamic/deleteFirstOptions";

describe("deleteFirstOptions", () => {
  it("defaults deleteBeforeReplace to true and keeps every other option", () => {
    assert.deepEqual(deleteFirstOptions("DeviceBatch", "b", undefined), { deleteBeforeReplace: true });
    const opts = deleteFirstOptions("GatewayTopology", "t", { protect: true, ignoreChanges: ["x"] });
    assert.deepEqual(opts, { protect: true, ignoreChanges: ["x"], deleteBeforeReplace: true });
    assert.deepEqual(deleteFirstOptions("EdgeDriverVersion", "v", { deleteBeforeReplace: true }), { deleteBeforeReplace: true });
  });

  it("refuses deleteBeforeReplace: false with the resource named", () => {
    for (const type of ["DeviceBatch", "GatewayTopology", "EdgeDriverVersion"]) {
      assert.throws(() => deleteFirstOptions(type, "r1", { deleteBeforeReplace: false }), { message: deleteFirstRequiredMessage(type, "r1") });
    }
    assert.equal(
      deleteFirstRequiredMessage("DeviceBatch", "fleet"),
      'DeviceBatch "fleet": the option `deleteBeforeReplace: false` is not supported. A replacement created before the old DeviceBatch is deleted ' +
        "takes over what the old one holds, and the old one's delete would then remove it. Leave the option unset: replacements then delete first.",
    );
  });
});
