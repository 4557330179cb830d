import type { CheckFailure } from "../dynamic/checkFailure";
import { checkFailure } from "../dynamic/checkFailure";
import type { ProductInputs } from "./productTypes";
import { AUTH_TYPES, DATA_FORMATS, EDITIONS, isValidProductName, MAX_PRODUCT_DESCRIPTION, NET_TYPES, NODE_TYPES, PRODUCT_NAME_RULE, PROTOCOL_TYPES } from "./productRules";
import { isUnknown } from "../dynamic/unknown";
import { type KeyShape, unknownKeyFailures } from "../dynamic/unknownKeys";

const INPUT_SHAPE: KeyShape = Object.fromEntries(
  ["productName", "nodeType", "authType", "aliyunCommodityCode", "dataFormat", "description", "protocolType", "netType", "categoryKey", "iotInstanceId"].map((k) => [k, true]),
);
/** Outputs the resource class sends (as placeholders) along with the inputs. */
const OUTPUT_KEYS = ["productKey", "deviceCount", "productStatus", "gmtCreate"];

/**
 * Validates Product inputs and fills in defaults; no API call. Rules (CreateProduct, UpdateProduct):
 *  - productName: 4–30 characters, a Chinese or Japanese character counting 2;
 *  - nodeType device | gateway; authType secret (default) | id2 | x509;
 *  - aliyunCommodityCode iothub_senior (default: a thing-model product) | iothub; a thing-model
 *    product needs a dataFormat (default alink), an iothub product takes neither dataFormat nor
 *    protocolType (both are thing-model parameters);
 *  - description at most 100 characters;
 *  - protocolType (how sub-devices reach their gateway) only on a device product, and then no
 *    netType (a sub-device has no network of its own); netType only without protocolType.
 * Placeholders (preview) are kept and not validated.
 */
export function checkProduct(raw: Record<string, unknown>): { inputs: ProductInputs; failures: CheckFailure[] } {
  const failures: CheckFailure[] = unknownKeyFailures(raw, INPUT_SHAPE, "Product", OUTPUT_KEYS);
  const opt = (key: string): unknown => (raw[key] === "" || raw[key] === null ? undefined : raw[key]);
  const oneOf = (key: string, value: unknown, allowed: readonly string[]): void => {
    if (value !== undefined && !isUnknown(value) && (typeof value !== "string" || !allowed.includes(value))) failures.push(checkFailure(key, value, `be one of ${allowed.join(", ")}`));
  };

  const productName = raw.productName;
  if (!isUnknown(productName) && (typeof productName !== "string" || !isValidProductName(productName))) failures.push(checkFailure("productName", productName, PRODUCT_NAME_RULE));
  const nodeType = raw.nodeType;
  if (nodeType === undefined) failures.push(checkFailure("nodeType", nodeType, "be device or gateway"));
  else oneOf("nodeType", nodeType, NODE_TYPES);
  const authType = opt("authType") ?? "secret";
  oneOf("authType", authType, AUTH_TYPES);
  const edition = opt("aliyunCommodityCode") ?? "iothub_senior";
  oneOf("aliyunCommodityCode", edition, EDITIONS);
  let dataFormat = opt("dataFormat");
  oneOf("dataFormat", dataFormat, DATA_FORMATS);
  const protocolType = opt("protocolType");
  oneOf("protocolType", protocolType, PROTOCOL_TYPES);
  const netType = opt("netType");
  oneOf("netType", netType, NET_TYPES);
  if (edition === "iothub_senior") dataFormat ??= "alink";
  else if (edition === "iothub") {
    if (dataFormat !== undefined) failures.push(checkFailure("dataFormat", dataFormat, 'be left out on an iothub (no thing model) product: it is a thing-model parameter (set aliyunCommodityCode "iothub_senior")'));
    if (protocolType !== undefined) failures.push(checkFailure("protocolType", protocolType, 'be left out on an iothub (no thing model) product: it is a thing-model parameter (set aliyunCommodityCode "iothub_senior")'));
  }
  if (protocolType !== undefined && nodeType === "gateway") failures.push(checkFailure("protocolType", protocolType, "be left out on a gateway product: it says how sub-devices (device products) reach their gateway"));
  if (protocolType !== undefined && netType !== undefined && !isUnknown(protocolType) && !isUnknown(netType)) {
    failures.push(checkFailure("netType", netType, "be left out when protocolType is set: sub-devices connect through their gateway, not a network of their own"));
  }
  const description = opt("description");
  if (description !== undefined && !isUnknown(description)) {
    if (typeof description !== "string") failures.push(checkFailure("description", description, `be a string of at most ${MAX_PRODUCT_DESCRIPTION} characters`));
    else if (description.length > MAX_PRODUCT_DESCRIPTION) failures.push(checkFailure("description", description.length, `be at most ${MAX_PRODUCT_DESCRIPTION} characters`, "characters"));
  }
  for (const key of ["categoryKey", "iotInstanceId"]) {
    const v = opt(key);
    if (v !== undefined && !isUnknown(v) && (typeof v !== "string" || !/^\S+$/.test(v))) failures.push(checkFailure(key, v, "be a non-empty string without spaces"));
  }

  const inputs: Record<string, unknown> = { productName, nodeType, authType, aliyunCommodityCode: edition };
  const optional: Record<string, unknown> = { dataFormat, description, protocolType, netType, categoryKey: opt("categoryKey"), iotInstanceId: opt("iotInstanceId") };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) inputs[k] = v;
  return { inputs: inputs as unknown as ProductInputs, failures };
}
