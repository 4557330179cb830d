import { BusinessError } from "../errors";
import { newProductKey, newProductSecret } from "../state/ids";
import { bool, int, reqInt, reqStr, str } from "../http/params";
import { isValidProductName } from "../../provider/rules/productNameRules";
import type { NodeType, ProductRecord } from "../state/product";
import { limitsFor } from "../../provider/limits";
import { getProduct, HandlerContext, pagedList } from "./context";

/**
 * Products: CreateProduct, QueryProduct, QueryProductList, UpdateProduct, DeleteProduct (the Product
 * resource and getProducts/getProduct). Shapes follow the SDK models (`CreateProductResponseBody` etc.).
 * The thing model of a product is in thingModel.ts.
 *
 * Not implemented: `JoinPermissionId`, `ResourceGroupId`, `PublishAuto` and `CategoryKey` are stored
 * or ignored without validation; ReleaseProduct/CancelReleaseProduct (a product stays in
 * DEVELOPMENT_STATUS).
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

/**
 * UpdateProduct (IoT Platform API reference: UpdateProduct): `ProductName` is required and must be
 * unique; `Description` (≤ 100 characters) is replaced when sent, an empty value clears it, and an
 * absent one leaves it unchanged (strict reading: the page does not say).
 */
export function UpdateProduct(ctx: HandlerContext): Record<string, unknown> {
  const p = ctx.params;
  const prod = getProduct(ctx, reqStr(p, "ProductKey"));
  const productName = reqStr(p, "ProductName");
  if (!isValidProductName(productName)) throw BusinessError.of("iot.prod.InvalidFormattedProductName", "4–30 characters of Chinese, letters, Japanese, digits and _-@() (CJK counts 2)");
  for (const other of ctx.scope.products.values()) {
    if (other !== prod && other.rec.productName === productName) throw BusinessError.of("iot.prod.AlreadyExistedProductName");
  }
  const fields: Partial<ProductRecord> = { productName, gmtModified: ctx.now };
  if (p.Description !== undefined) {
    if (p.Description.length > 100) throw BusinessError.of("iot.common.InvalidParam", "Description is longer than 100 characters");
    fields.description = p.Description === "" ? undefined : p.Description;
  }
  ctx.store.commit({ op: "product.update", scope: ctx.scope.key, productKey: prod.productKey, fields });
  return {};
}

/**
 * QueryProductList (IoT Platform API reference: QueryProductList): pages of at most 200, newest first;
 * a page past the end is empty; `AliyunCommodityCode` filters.
 */
export function QueryProductList(ctx: HandlerContext): Record<string, unknown> {
  const p = ctx.params;
  const currentPage = reqInt(p, "CurrentPage");
  const pageSize = reqInt(p, "PageSize");
  const max = limitsFor("QueryProductList").maxPageSize ?? 200;
  if (currentPage < 1 || pageSize < 1 || pageSize > max) throw BusinessError.of("iot.common.InvalidPageParams", `CurrentPage ≥ 1 and PageSize 1–${max}, got ${currentPage} and ${pageSize}`);
  const commodity = str(p, "AliyunCommodityCode");
  const all = [...ctx.scope.products.values()].filter((prod) => commodity === undefined || prod.rec.aliyunCommodityCode === commodity).reverse();
  return {
    Data: pagedList(all, currentPage, pageSize, (slice) => ({
      ProductInfo: slice.map((prod) => ({
        AuthType: prod.rec.authType,
        DataFormat: prod.rec.dataFormat,
        Description: prod.rec.description,
        DeviceCount: prod.devices.size,
        GmtCreate: prod.rec.gmtCreate,
        NodeType: prod.rec.nodeType,
        ProductKey: prod.productKey,
        ProductName: prod.rec.productName,
      })),
    })),
  };
}

export function DeleteProduct(ctx: HandlerContext): Record<string, unknown> {
  const prod = getProduct(ctx, reqStr(ctx.params, "ProductKey"));
  if (prod.devices.size > 0) throw BusinessError.of("iot.prod.ProductHasDevices");
  ctx.store.commit({ op: "product.delete", scope: ctx.scope.key, productKey: prod.productKey });
  return {};
}
