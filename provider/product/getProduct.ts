import * as pulumi from "@pulumi/pulumi";
import { IotApiError } from "../errors/IotApiError";
import { getProducts, ProductInfo } from "./getProducts";
import { productOutputsFromData } from "./productProvider";
import { clientFromProgramConfig } from "../client/clientFromProgramConfig";
import type { LookupOptions } from "../dynamic/LookupOptions";

/** Arguments of {@link getProduct}: exactly one of `productKey` and `productName`. */
export interface GetProductArgs {
  readonly productKey?: string;
  readonly productName?: string;
  readonly iotInstanceId?: string;
}
export interface GetProductOutputArgs {
  readonly productKey?: pulumi.Input<string>;
  readonly productName?: pulumi.Input<string>;
  readonly iotInstanceId?: pulumi.Input<string>;
}

/** Error of {@link getProduct} when no product has the key or name. */
export class ProductNotFoundError extends Error {
  declare readonly name: "ProductNotFoundError";
  constructor(readonly by: "productKey" | "productName", readonly value: string) {
    super(`No product with ${by} ${JSON.stringify(value)} exists: check the ${by} and the IoT instance (alicloud-iot:iotInstanceId)`);
  }
}
Object.defineProperty(ProductNotFoundError.prototype, "name", { value: "ProductNotFoundError", enumerable: false });

/**
 * One product, by key (QueryProduct: every field) or by name (product names are unique per
 * instance: QueryProductList pages, then QueryProduct of the match). Unknown → ProductNotFoundError.
 */
export async function getProduct(args: GetProductArgs, opts: LookupOptions = {}): Promise<ProductInfo> {
  if ((args.productKey === undefined) === (args.productName === undefined)) {
    throw new TypeError(`Expected exactly one of \`productKey\` and \`productName\`, got ${JSON.stringify({ productKey: args.productKey, productName: args.productName })}`);
  }
  const client = opts.client ?? clientFromProgramConfig(opts.connection);
  let productKey = args.productKey;
  if (productKey === undefined) {
    const { products } = await getProducts({ iotInstanceId: args.iotInstanceId }, { client });
    productKey = products.find((p) => p.productName === args.productName)?.productKey;
    if (productKey === undefined) throw new ProductNotFoundError("productName", args.productName as string);
  }
  try {
    const r = await client.call<{ Data?: Record<string, unknown> }>("QueryProduct", { ProductKey: productKey, ...(args.iotInstanceId !== undefined ? { IotInstanceId: args.iotInstanceId } : {}) });
    return productOutputsFromData(productKey, r.Data ?? {}, args.iotInstanceId);
  } catch (err) {
    if (err instanceof IotApiError && err.code === "iot.prod.NotExistedProduct") throw new ProductNotFoundError("productKey", productKey);
    throw err;
  }
}

export function getProductOutput(args: GetProductOutputArgs, opts: LookupOptions = {}): pulumi.Output<ProductInfo> {
  return pulumi.output(args).apply((a) => getProduct(a as GetProductArgs, opts));
}
