import type * as pulumi from "@pulumi/pulumi";
import { getClient } from "../client/getClient";
import { isGone } from "../errors/goneCodes";
import { checkProduct } from "./productCheck";
import { productDiff } from "./productDiff";
import type { ProductInputs, ProductNodeType, ProductOutputs } from "./productTypes";
import { DATA_FORMAT_CODES, NODE_TYPE_CODES } from "./productTypes";
import { checkResult } from "../dynamic/checkFailure";

export type { ProductInputs, ProductOutputs } from "./productTypes";

/*
 * Operations of Product (IoT Platform API reference: CreateProduct, QueryProduct, UpdateProduct,
 * DeleteProduct). Contract (docs/product.md):
 *  - check and diff make no API call;
 *  - productName and description change in place (UpdateProduct); every other input replaces, the
 *    old product deleted first when the name stays (names are unique);
 *  - delete refuses, before calling DeleteProduct, a product that still has devices, naming how
 *    many; a product already gone counts as deleted;
 *  - read (refresh) takes every field from QueryProduct, so out-of-band changes show as drift.
 */

export async function check(_olds: ProductInputs, news: ProductInputs): Promise<pulumi.dynamic.CheckResult<ProductInputs>> {
  return checkResult(checkProduct(news as unknown as Record<string, unknown>));
}

export async function diff(_id: string, olds: ProductOutputs, news: ProductInputs): Promise<pulumi.dynamic.DiffResult> {
  const d = productDiff(olds, news);
  if (d.replaces.length > 0) return { changes: true, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
  return { changes: d.updates.length > 0 };
}

export async function create(inputs: ProductInputs): Promise<pulumi.dynamic.CreateResult<ProductOutputs>> {
  const params: Record<string, string | number> = {
    ProductName: inputs.productName,
    NodeType: NODE_TYPE_CODES[inputs.nodeType],
    AuthType: inputs.authType,
    AliyunCommodityCode: inputs.aliyunCommodityCode,
  };
  if (inputs.dataFormat !== undefined) params.DataFormat = DATA_FORMAT_CODES[inputs.dataFormat];
  if (inputs.description !== undefined) params.Description = inputs.description;
  if (inputs.protocolType !== undefined) params.ProtocolType = inputs.protocolType;
  if (inputs.netType !== undefined) params.NetType = inputs.netType;
  if (inputs.categoryKey !== undefined) params.CategoryKey = inputs.categoryKey;
  if (inputs.iotInstanceId !== undefined) params.IotInstanceId = inputs.iotInstanceId;
  const r = await getClient().call<{ ProductKey?: string; Data?: { ProductKey?: string } }>("CreateProduct", params);
  const productKey = r.ProductKey ?? r.Data?.ProductKey;
  if (!productKey) throw new Error(`CreateProduct returned no ProductKey for product ${inputs.productName} (RequestId ${r.RequestId})`);
  const outs = await queryOutputs(productKey, inputs.iotInstanceId);
  if (outs === undefined) throw new Error(`Product ${productKey} (${inputs.productName}) was created but QueryProduct does not find it`);
  return { id: productKey, outs: { ...outs, ...keepDeclared(inputs, outs) } };
}

export async function read(id: string, props: ProductOutputs): Promise<pulumi.dynamic.ReadResult<ProductOutputs>> {
  const outs = await queryOutputs(id, props?.iotInstanceId);
  if (outs === undefined) return { id: "" };
  return { id, props: outs };
}

export async function update(id: string, olds: ProductOutputs, news: ProductInputs): Promise<pulumi.dynamic.UpdateResult<ProductOutputs>> {
  const d = productDiff(olds, news);
  if (d.replaces.length > 0) throw new Error(`Cannot update Product ${id} in place: ${d.replaces.join(", ")} changed, which needs a new product (a replacement)`);
  const params: Record<string, string> = { ProductKey: id, ProductName: news.productName, Description: news.description ?? "" };
  if (news.iotInstanceId !== undefined) params.IotInstanceId = news.iotInstanceId;
  await getClient().call("UpdateProduct", params);
  const outs = await queryOutputs(id, news.iotInstanceId);
  if (outs === undefined) throw new Error(`Product ${id} (${news.productName}) no longer exists: run \`pulumi refresh\`, then \`pulumi up\` creates it again`);
  return { outs: { ...outs, ...keepDeclared(news, outs) } };
}

/**
 * Deletes the product after checking it has no devices: DeleteProduct deletes a product's
 * information for good, and a product with devices is refused. The engine deletes DeviceBatch
 * resources that take this product's `productKey` before the product, so this only fires for devices
 * made outside the stack (or in another stack).
 */
async function remove(id: string, props: ProductOutputs): Promise<void> {
  const instance = props.iotInstanceId !== undefined ? { IotInstanceId: props.iotInstanceId } : {};
  const current = await queryOutputs(id, props.iotInstanceId);
  if (current === undefined) return;
  if (current.deviceCount > 0) {
    throw new Error(
      `Cannot delete product ${id} (${current.productName}): it still has ${current.deviceCount.toLocaleString("en-US")} devices. ` +
        "Delete them first: give each DeviceBatch of this product `productKey: product.productKey` so the engine deletes the devices before the product, " +
        "or remove devices made outside this stack (getDevices lists them); then run `pulumi destroy` (or `up`) again.",
    );
  }
  try {
    await getClient().call("DeleteProduct", { ProductKey: id, ...instance });
  } catch (err) {
    if (isGone(err, "product")) return;
    throw err;
  }
}
export { remove as delete };

/** QueryProduct as outputs; undefined when the product does not exist. */
async function queryOutputs(productKey: string, iotInstanceId: string | undefined): Promise<ProductOutputs | undefined> {
  let data: Record<string, unknown>;
  try {
    const r = await getClient().call<{ Data?: Record<string, unknown> }>("QueryProduct", { ProductKey: productKey, ...(iotInstanceId !== undefined ? { IotInstanceId: iotInstanceId } : {}) });
    data = r.Data ?? {};
  } catch (err) {
    if (isGone(err, "product")) return undefined;
    throw err;
  }
  return productOutputsFromData(productKey, data, iotInstanceId);
}

const NET_TYPE_NAMES: Record<number, string> = { 3: "WIFI", 6: "CELLULAR", 7: "ETHERNET", 8: "OTHER" };

/** QueryProduct `Data` (or a QueryProductList item) as Product outputs. */
export function productOutputsFromData(productKey: string, data: Record<string, unknown>, iotInstanceId: string | undefined): ProductOutputs {
  const outs: Record<string, unknown> = {
    productKey,
    productName: data.ProductName,
    nodeType: (data.NodeType === 1 ? "gateway" : "device") as ProductNodeType,
    authType: data.AuthType ?? "secret",
    aliyunCommodityCode: data.AliyunCommodityCode ?? "iothub_senior",
    deviceCount: Number(data.DeviceCount ?? 0),
    productStatus: data.ProductStatus ?? "DEVELOPMENT_STATUS",
    gmtCreate: Number(data.GmtCreate ?? 0),
  };
  if (outs.aliyunCommodityCode === "iothub_senior" && data.DataFormat !== undefined) outs.dataFormat = data.DataFormat === 0 ? "custom" : "alink";
  if (typeof data.Description === "string" && data.Description !== "") outs.description = data.Description;
  if (typeof data.ProtocolType === "string" && data.ProtocolType !== "") outs.protocolType = data.ProtocolType;
  if (typeof data.NetType === "number" && NET_TYPE_NAMES[data.NetType]) outs.netType = NET_TYPE_NAMES[data.NetType];
  else if (typeof data.NetType === "string" && data.NetType !== "") outs.netType = data.NetType;
  if (typeof data.CategoryKey === "string" && data.CategoryKey !== "") outs.categoryKey = data.CategoryKey;
  if (iotInstanceId !== undefined) outs.iotInstanceId = iotInstanceId;
  return outs as unknown as ProductOutputs;
}

/**
 * Inputs QueryProduct does not echo back on every product (netType on products that did not send
 * it) are kept as declared, so the next diff is a no-op.
 */
function keepDeclared(inputs: ProductInputs, outs: ProductOutputs): Partial<ProductOutputs> {
  const kept: Record<string, unknown> = {};
  for (const key of ["netType", "protocolType", "categoryKey"] as const) {
    if (outs[key] === undefined && inputs[key] !== undefined) kept[key] = inputs[key];
  }
  return kept as Partial<ProductOutputs>;
}
