import assert from "node:assert/strict";
import { GONE_CODES, isGone } from "../../../provider/errors/goneCodes";
import { IotApiError } from "../../../provider/errors/IotApiError";

const apiError = (code: string): IotApiError => new IotApiError({ kind: "business", code, apiMessage: code, action: "QueryDevice", requestId: "R" });

describe("goneCodes: one table of 'not there' codes", () => {
  it("matches a code only for the kinds asked about", () => {
    assert.equal(isGone(apiError("iot.device.NotExistedDevice"), "device"), true);
    assert.equal(isGone(apiError("iot.device.InvalidIoTId"), "device"), true);
    assert.equal(isGone(apiError("iot.prod.NotExistedProduct"), "device"), false);
    assert.equal(isGone(apiError("iot.prod.NotExistedProduct"), "device", "product"), true);
    assert.equal(isGone(apiError("iot.edge.DriverVersionNotExist"), "edgeDriver"), true);
    assert.equal(isGone(apiError("iot.device.RemoveTopoRelationFailed"), "device", "product"), false);
    assert.equal(isGone(apiError("iot.device.RemoveTopoRelationFailed"), "topologyRelation"), true);
  });

  it("is false for anything but an API error, and for other codes", () => {
    assert.equal(isGone(new Error("iot.device.NotExistedDevice"), "device"), false);
    assert.equal(isGone({ code: "iot.device.NotExistedDevice" }, "device"), false);
    assert.equal(isGone(apiError("Throttling.User"), ...(Object.keys(GONE_CODES) as (keyof typeof GONE_CODES)[])), false);
  });
});
