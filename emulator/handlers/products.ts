import { BusinessError } from "../errors";
import { newProductKey, newProductSecret } from "../ids";
import { bool, int, reqInt, reqStr, str } from "../params";
import { isValidProductName } from "../rules/names";
import type { NodeType, ProductRecord } from "../store";
import { getProduct, HandlerContext } from "./context";

/**
 * Products: CreateProduct, QueryProduct, DeleteProduct. Not used by the provider; the emulator needs them
 * because devices live in products. Shapes follow the SDK models (`CreateProductResponseBody` etc.).
 *
 * Not implemented: `JoinPermissionId`, `ResourceGroupId`, `PublishAuto` and `CategoryKey` are stored
 * or ignored without validation; there is no thing model (TSL) behind a product.
 */

const AUTH_TYPES = ["secret", "id2", "x509"];
const PROTOCOL_TYPES = ["modbus", "opc-ua", "customize", "ble", "zigbee"];
const NET_TYPES: Record<string, number> = { WIFI: 3, CELLULAR: 6, ETHERNET: 7, OTHER: 8, LORA: 9 };
const COMMODITY_CODES = ["iothub_senior", "iothub"];

function productData(r: ProductRecord): Record<string, unknown> {
  return {
    AliyunCommodityCode: r.aliyunCommodityCode,
    AuthType: r.authType,
    DataFormat: r.dataFormat,
    Description: r.description,
    Id2: r.id2 ?? false,
    NodeType: r.nodeType,
    ProductKey: r.productKey,
    ProductName: r.productName,
    ProductSecret: r.productSecret,
    ProtocolType: r.protocolType,
  };
}

export function CreateProduct(ctx: HandlerContext): Record<string, unknown> {
  const p = ctx.params;
  const productName = reqStr(p, "ProductName");
  const nodeType = reqInt(p, "NodeType");
  if (!isValidProductName(productName)) throw BusinessError.of("iot.prod.InvalidFormattedProductName", "4–30 characters of Chinese, letters, Japanese, digits and _-@() (CJK counts 2)");
  if (nodeType !== 0 && nodeType !== 1) throw BusinessError.of("iot.common.InvalidParam", `Invalid value for NodeType: ${nodeType}. Allowed values are: 0 (device), 1 (gateway).`);
  for (const prod of ctx.scope.products.values()) {
    if (prod.rec.productName === productName) throw BusinessError.of("iot.prod.AlreadyExistedProductName");
  }
  const authType = (str(p, "AuthType") ?? "secret").toLowerCase();
  if (!AUTH_TYPES.includes(authType)) throw BusinessError.of("iot.common.InvalidParam", `Invalid value for AuthType: ${authType}. Allowed values are: ${AUTH_TYPES.join(", ")}.`);
  if (authType === "x509" && ctx.config.region !== "cn-shanghai") throw BusinessError.of("iot.device.RegionNotSupportX509");
  const commodity = str(p, "AliyunCommodityCode") ?? "iothub_senior";
  if (!COMMODITY_CODES.includes(commodity)) throw BusinessError.of("iot.common.InvalidParam", `Invalid value for AliyunCommodityCode: ${commodity}.`);
  const dataFormat = int(p, "DataFormat") ?? 1;
  if (dataFormat !== 0 && dataFormat !== 1) throw BusinessError.of("iot.common.InvalidParam", `Invalid value for DataFormat: ${dataFormat}. Allowed values are: 0, 1.`);
  const description = str(p, "Description");
  if (description !== undefined && description.length > 100) throw BusinessError.of("iot.common.InvalidParam", "Description is longer than 100 characters");
  const protocolType = str(p, "ProtocolType");
  if (protocolType !== undefined && !PROTOCOL_TYPES.includes(protocolType)) throw BusinessError.of("iot.common.InvalidParam", `Invalid value for ProtocolType: ${protocolType}.`);
  const netType = str(p, "NetType");
  if (netType !== undefined && NET_TYPES[netType] === undefined) throw BusinessError.of("iot.common.InvalidParam", `Invalid value for NetType: ${netType}.`);
  const rec: ProductRecord = {
    productKey: newProductKey(),
    productName,
    nodeType: nodeType as NodeType,
    authType,
    dataFormat,
    productSecret: newProductSecret(),
    gmtCreate: ctx.now,
    description,
    protocolType,
    netType,
    categoryKey: str(p, "CategoryKey"),
    validateType: int(p, "ValidateType"),
    id2: bool(p, "Id2"),
    aliyunCommodityCode: commodity,
  };
  ctx.store.commit({ op: "product.create", scope: ctx.scope.key, product: rec });
  return { ProductKey: rec.productKey, Data: productData(rec) };
}

export function QueryProduct(ctx: HandlerContext): Record<string, unknown> {
  const prod = getProduct(ctx, reqStr(ctx.params, "ProductKey"));
  const r = prod.rec;
  return {
    Data: {
      ...productData(r),
      CategoryKey: r.categoryKey,
      CategoryName: r.categoryKey,
      DeviceCount: prod.devices.size,
      GmtCreate: r.gmtCreate,
      NetType: r.netType !== undefined ? NET_TYPES[r.netType] : undefined,
      Owner: true,
      ProductStatus: "DEVELOPMENT_STATUS",
      ValidateType: r.validateType,
    },
  };
}

export function DeleteProduct(ctx: HandlerContext): Record<string, unknown> {
  const prod = getProduct(ctx, reqStr(ctx.params, "ProductKey"));
  if (prod.devices.size > 0) throw BusinessError.of("iot.prod.ProductHasDevices");
  ctx.store.commit({ op: "product.delete", scope: ctx.scope.key, productKey: prod.productKey });
  return {};
}
