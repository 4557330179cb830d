import assert from "node:assert/strict";
import { check } from "../../../provider/deviceBatch/deviceBatchProvider";
import { isLegacyDeviceMap, legacyShapeFor, nicknameOf, settingsFor, toLegacyShape } from "../../../provider/deviceBatch/deviceSettings";

const SUMMARY = "2 devices; deleting takes ≥ 0 s at DeleteDevice 50 QPS";
/** Inputs as 0.2.0 stored them: `{}` for no nickname, with the destroy summary. */
const stored020 = (devices: Record<string, object>, extra: Record<string, unknown> = {}) => ({ productKey: "a1Product", devices, summary: SUMMARY, ...extra });

describe("device settings shape", () => {
  it("is the nickname, \"\" for none, and reads every stored shape", () => {
    assert.equal(settingsFor(undefined), "");
    assert.equal(settingsFor(""), "");
    assert.equal(settingsFor("灯"), "灯");
    assert.equal(nicknameOf(""), undefined);
    assert.equal(nicknameOf("灯"), "灯");
    assert.equal(nicknameOf({}), undefined);
    assert.equal(nicknameOf({ nickname: "灯" }), "灯");
  });

  it("recognises the {} shape of 0.1.0 and 0.2.0, and converts back to it", () => {
    assert.equal(isLegacyDeviceMap({ a: {}, b: { nickname: "x" } }), true);
    assert.equal(isLegacyDeviceMap({ b: { nickname: "x" } }), true);
    assert.equal(isLegacyDeviceMap({ a: "", b: "x" }), false);
    assert.equal(isLegacyDeviceMap(undefined), false);
    assert.deepEqual(toLegacyShape({ a: "", b: "x" }), { a: {}, b: { nickname: "x" } });
  });

  it("moves a stored map to the new shape only when nothing else changes", () => {
    const news = { productKey: "a1Product", devices: { "lamp-0001": "", "lamp-0002": "" } };
    assert.equal(legacyShapeFor(stored020({ "lamp-0001": {}, "lamp-0002": {} }), news), false, "same devices: new shape (a same step)");
    assert.equal(legacyShapeFor(stored020({ "lamp-0001": {} }), news), true, "a device added: old shape, so only it shows");
    assert.equal(legacyShapeFor(stored020({ "lamp-0001": {}, "lamp-0003": {} }), news), true, "a device swapped");
    assert.equal(legacyShapeFor(stored020({ "lamp-0001": {}, "lamp-0002": { nickname: "x" } }), news), true, "a nickname removed");
    assert.equal(legacyShapeFor(stored020({ "lamp-0001": {}, "lamp-0002": {} }, { adoptExisting: true }), news), true, "a setting changed");
    assert.equal(legacyShapeFor({ productKey: "a1Product", devices: { "lamp-0001": {}, "lamp-0002": {} } }, news), true, "0.1.0 inputs (no summary)");
    assert.equal(legacyShapeFor({ productKey: "a1Product", devices: { "lamp-0001": "", "lamp-0002": "" }, summary: SUMMARY }, news), false);
    assert.equal(legacyShapeFor(undefined, news), false, "a new resource");
  });

  it("check returns the stored shape while devices change, so a preview lists only the changed ones", async () => {
    const olds = stored020({ "lamp-0001": {}, "lamp-0002": {} }) as any;
    const added = await check(olds, { productKey: "a1Product", devices: ["lamp-0001", "lamp-0002", "lamp-0003"] } as any);
    assert.deepEqual(added.inputs!.devices, { "lamp-0001": {}, "lamp-0002": {}, "lamp-0003": {} });
    const same = await check(olds, { productKey: "a1Product", devices: ["lamp-0002", "lamp-0001"] } as any);
    assert.deepEqual(same.inputs!.devices, { "lamp-0002": "", "lamp-0001": "" });
    const fresh = await check({} as any, { productKey: "a1Product", devices: ["lamp-0001"] } as any);
    assert.deepEqual(fresh.inputs!.devices, { "lamp-0001": "" });
  });
});
