import assert from "node:assert/strict";
import { checkProduct } from "../../../provider/product/productCheck";
import { productDiff } from "../../../provider/product/productDiff";
import type { ProductOutputs } from "../../../provider/product/productTypes";
import { UNKNOWN } from "../../../provider/dynamic/unknown";

describe("Product check", () => {
  it("fills in the defaults of a thing-model product", () => {
    const { inputs, failures } = checkProduct({ productName: "street_lights", nodeType: "device", description: "", __provider: "x", productKey: undefined });
    assert.deepEqual(failures, []);
    assert.deepEqual(inputs, { productName: "street_lights", nodeType: "device", authType: "secret", aliyunCommodityCode: "iothub_senior", dataFormat: "alink" });
  });

  it("counts a Chinese character as 2 in the name (4–30)", () => {
    assert.deepEqual(checkProduct({ productName: "路灯", nodeType: "device" }).failures, []);
    const long = "路".repeat(16);
    const f = checkProduct({ productName: long, nodeType: "device" }).failures;
    assert.equal(f.length, 1);
    assert.equal(f[0].property, "productName");
    assert.match(f[0].reason, /^Expected `productName` to be 4–30 characters .* counting as 2, got "路路/);
    assert.equal(checkProduct({ productName: "abc", nodeType: "device" }).failures[0].property, "productName");
  });

  it("names field, value and rule for bad enums, a long description and unknown keys", () => {
    const f = checkProduct({ productName: "street_lights", nodeType: 1, authType: "token", description: "x".repeat(101), netType: "5G", colour: "red" }).failures;
    assert.deepEqual(f.map((x) => x.property).sort(), ["authType", "colour", "description", "netType", "nodeType"]);
    assert.match(f.find((x) => x.property === "nodeType")!.reason, /be one of device, gateway, got 1$/);
    assert.match(f.find((x) => x.property === "description")!.reason, /at most 100 characters, got 101 characters$/);
    assert.match(f.find((x) => x.property === "colour")!.reason, /not be set: Product takes productName/);
  });

  it("enforces the combinations: dataFormat/protocolType need a thing-model product; protocolType is for sub-device products and excludes netType", () => {
    const basic = checkProduct({ productName: "basic_lights", nodeType: "device", aliyunCommodityCode: "iothub", dataFormat: "alink", protocolType: "modbus" });
    assert.deepEqual(basic.failures.map((x) => x.property), ["dataFormat", "protocolType"]);
    assert.equal((basic.inputs as { dataFormat?: string }).dataFormat, "alink");
    const gw = checkProduct({ productName: "gw_products", nodeType: "gateway", protocolType: "modbus" });
    assert.deepEqual(gw.failures.map((x) => x.property), ["protocolType"]);
    const both = checkProduct({ productName: "sub_devices", nodeType: "device", protocolType: "zigbee", netType: "WIFI" });
    assert.deepEqual(both.failures.map((x) => x.property), ["netType"]);
    assert.deepEqual(checkProduct({ productName: "sub_devices", nodeType: "device", protocolType: "zigbee" }).failures, []);
    assert.deepEqual(checkProduct({ productName: "basic_lights", nodeType: "device", aliyunCommodityCode: "iothub" }).inputs, { productName: "basic_lights", nodeType: "device", authType: "secret", aliyunCommodityCode: "iothub" });
  });

  it("keeps preview placeholders without failing", () => {
    assert.deepEqual(checkProduct({ productName: UNKNOWN, nodeType: "gateway", description: UNKNOWN }).failures, []);
  });
});

describe("Product diff", () => {
  const olds: ProductOutputs = { productKey: "a1key", productName: "street_lights", nodeType: "device", authType: "secret", aliyunCommodityCode: "iothub_senior", dataFormat: "alink", description: "v1", deviceCount: 3, productStatus: "DEVELOPMENT_STATUS", gmtCreate: 1 };
  const news = (o: object) => checkProduct({ productName: "street_lights", nodeType: "device", description: "v1", ...o }).inputs;

  it("is no change for the same inputs (outputs-only fields ignored)", () => {
    assert.deepEqual(productDiff(olds, news({})), { updates: [], replaces: [], deleteBeforeReplace: false });
  });
  it("updates name and description in place", () => {
    assert.deepEqual(productDiff(olds, news({ description: "v2" })).updates, ["description"]);
    assert.deepEqual(productDiff(olds, news({ description: undefined })).updates, ["description"]);
    assert.deepEqual(productDiff(olds, news({ productName: "street_lamps" })), { updates: ["productName"], replaces: [], deleteBeforeReplace: false });
  });
  it("replaces on nodeType (and the rest), deleting first when the name stays", () => {
    assert.deepEqual(productDiff(olds, news({ nodeType: "gateway" })), { updates: [], replaces: ["nodeType"], deleteBeforeReplace: true });
    assert.deepEqual(productDiff(olds, news({ nodeType: "gateway", productName: "street_gws" })), { updates: ["productName"], replaces: ["nodeType"], deleteBeforeReplace: false });
    assert.deepEqual(productDiff(olds, news({ authType: "x509" })).replaces, ["authType"]);
    assert.deepEqual(productDiff(olds, news({ nodeType: UNKNOWN })).replaces, ["nodeType"]);
  });
});
