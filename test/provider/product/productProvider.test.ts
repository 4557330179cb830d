import assert from "node:assert/strict";
import { getClient } from "../../../provider/client/getClient";
import { resetConfig } from "../../../provider/config";
import type { DeviceBatchInputs } from "../../../provider/deviceBatch/deviceBatchTypes";
import type { ProductInputs, ProductOutputs } from "../../../provider/product/productTypes";
import type { ThingModelInputs, ThingModelOutputs } from "../../../provider/thingModel/thingModelTypes";
import * as deviceBatch from "../../../provider/deviceBatch/deviceBatchProvider";
import { getDevices } from "../../../provider/deviceBatch/getDevices";
import { getProduct, ProductNotFoundError } from "../../../provider/product/getProduct";
import { getProducts } from "../../../provider/product/getProducts";
import * as product from "../../../provider/product/productProvider";
import * as thingModel from "../../../provider/thingModel/thingModelProvider";
import { startEmulator, type EmulatorHandle } from "../../../emulator/index";
import { configureForEmulator } from "../../helpers/configureForEmulator";
import { captureConsole } from "../../helpers/captureConsole";

/*
 * Product and ThingModel operations and the lookups, called directly against the in-process
 * emulator (real HTTP and signing, the shared limiter at the documented quotas).
 */

describe("productProvider, thingModelProvider and the lookups (against the emulator)", function () {
  this.timeout(60_000);
  let emu: EmulatorHandle;
  captureConsole(["log", "error"]);

  before(async () => {
    emu = await startEmulator({ checkDelayMs: 10, createDelayMs: 20 });
    configureForEmulator(emu);
  });
  after(async () => {
    resetConfig();
    await emu?.close();
  });

  async function createProduct(raw: object): Promise<ProductOutputs> {
    const checked = await product.check({} as ProductInputs, raw as ProductInputs);
    assert.equal(checked.failures, undefined, JSON.stringify(checked.failures));
    const { id, outs } = await product.create(checked.inputs as ProductInputs);
    assert.equal(id, outs!.productKey);
    return outs as ProductOutputs;
  }

  it("creates, reads, updates in place and deletes a product; read of a deleted product says it is gone", async () => {
    const outs = await createProduct({ productName: "pp_lights", nodeType: "device", description: "v1", netType: "WIFI" });
    assert.deepEqual({ ...outs, productKey: "k", gmtCreate: 0 }, { productKey: "k", productName: "pp_lights", nodeType: "device", authType: "secret", aliyunCommodityCode: "iothub_senior", dataFormat: "alink", description: "v1", netType: "WIFI", deviceCount: 0, productStatus: "DEVELOPMENT_STATUS", gmtCreate: 0 });
    const read = await product.read(outs.productKey, outs);
    assert.deepEqual(read.props, outs);
    assert.deepEqual(await product.diff(outs.productKey, outs, { ...outs, description: "v2" } as ProductInputs), { changes: true });
    const { outs: updated } = await product.update(outs.productKey, outs, { productName: "pp_lamps", nodeType: "device", authType: "secret", aliyunCommodityCode: "iothub_senior", dataFormat: "alink", netType: "WIFI" } as ProductInputs);
    assert.deepEqual([updated!.productName, updated!.description], ["pp_lamps", undefined]);
    assert.equal(emu.store.scopes.values().next().value!.products.get(outs.productKey)!.rec.description, undefined);
    await product.delete(outs.productKey, updated as ProductOutputs);
    assert.deepEqual(await product.read(outs.productKey, outs), { id: "" });
    await product.delete(outs.productKey, updated as ProductOutputs); // already gone: no error
  });

  it("refuses to delete a product that still has devices, before calling DeleteProduct, with the count and the way out", async () => {
    const outs = await createProduct({ productName: "pp_busy", nodeType: "device" });
    const checked = await deviceBatch.check({} as DeviceBatchInputs, { productKey: outs.productKey, devices: ["busy-0001", "busy-0002"] } as never);
    await deviceBatch.create(checked.inputs as DeviceBatchInputs);
    const deletes = emu.stats().DeleteProduct?.calls ?? 0;
    await assert.rejects(product.delete(outs.productKey, outs), (e: Error) => {
      assert.match(e.message, new RegExp(`^Cannot delete product ${outs.productKey} \\(pp_busy\\): it still has 2 devices\\. Delete them first: give each DeviceBatch of this product \`productKey: product.productKey\``));
      return true;
    });
    assert.equal(emu.stats().DeleteProduct?.calls ?? 0, deletes);
  });

  it("ThingModel: imports and publishes, reads the published model, and deletes to the empty model", async () => {
    const p = await createProduct({ productName: "pp_model", nodeType: "device" });
    const raw = { productKey: p.productKey, services: [{ identifier: "Blink", inputData: [{ identifier: "times", dataType: { type: "int" } }] }], modelVersion: "v1.0" };
    const checked = await thingModel.check({} as ThingModelInputs, raw as never);
    assert.equal(checked.failures, undefined, JSON.stringify(checked.failures));
    const { id, outs } = await thingModel.create(checked.inputs as ThingModelInputs);
    assert.equal(id, `${p.productKey}:thing-model`);
    assert.deepEqual(outs!.serviceIdentifiers, ["Blink"]);
    const rec = () => [...emu.store.scopes.values()][0].products.get(p.productKey)!.rec;
    assert.equal(rec().modelVersion, "v1.0");
    const read = await thingModel.read(id, outs as ThingModelOutputs);
    assert.deepEqual(read.props, outs);
    await thingModel.delete(id, outs as ThingModelOutputs);
    assert.deepEqual(JSON.parse(rec().tslPublished!).services, []);
  });

  it("getProducts, getProduct by key and by name, getDevices paged with NextToken at the quota", async () => {
    const p = await createProduct({ productName: "pp_lookup", nodeType: "gateway", description: "found" });
    const names = Array.from({ length: 120 }, (_, i) => `look-${String(i + 1).padStart(4, "0")}`);
    const checked = await deviceBatch.check({} as DeviceBatchInputs, { productKey: p.productKey, devices: names } as never);
    await deviceBatch.create(checked.inputs as DeviceBatchInputs);
    const client = getClient();

    const all = await getProducts({}, { client });
    assert.equal(all.productKeys[0], p.productKey, "newest first");
    assert.deepEqual((await getProducts({ nameRegex: "^pp_look" }, { client })).productKeys, [p.productKey]);
    const byKey = await getProduct({ productKey: p.productKey }, { client });
    assert.deepEqual([byKey.productName, byKey.nodeType, byKey.description, byKey.deviceCount], ["pp_lookup", "gateway", "found", 120]);
    assert.equal((await getProduct({ productName: "pp_lookup" }, { client })).productKey, p.productKey);
    await assert.rejects(getProduct({ productName: "pp_nothere" }, { client }), ProductNotFoundError);
    await assert.rejects(getProduct({ productKey: "a1nothere00" }, { client }), /No product with productKey "a1nothere00" exists/);
    await assert.rejects(getProduct({}, { client }), /exactly one of `productKey` and `productName`/);

    const before = emu.stats().QueryDevice?.calls ?? 0;
    const devices = await getDevices({ productKey: p.productKey }, { client });
    assert.equal(emu.stats().QueryDevice!.calls - before, 3, "120 devices = 3 pages of 50");
    assert.deepEqual([...devices.deviceNames].sort(), names);
    assert.equal(devices.devices[0].deviceName, "look-0120", "newest first");
    assert.ok(devices.devices.every((d) => d.iotId && d.status === "UNACTIVE" && !("deviceSecret" in d)));
  });
});
