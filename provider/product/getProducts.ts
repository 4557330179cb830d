import * as pulumi from "@pulumi/pulumi";
import type { ProductOutputs } from "./productTypes";
import { ACTION_LIMITS } from "../limits";
import { productOutputsFromData } from "./productProvider";
import { clientFromProgramConfig } from "../client/clientFromProgramConfig";
import type { LookupOptions } from "../dynamic/LookupOptions";

/** A product as the lookups return it (the fields of Product's outputs). */
export type ProductInfo = ProductOutputs;

/** Arguments of {@link getProducts}. */
export interface GetProductsArgs {
  /** Keep only products with a thing model (`iothub_senior`) or without (`iothub`). Default: all. */
  readonly aliyunCommodityCode?: "iothub_senior" | "iothub";
  /** Keep only products whose name matches (a string is an exact name; a RegExp tests the name). */
  readonly nameRegex?: string;
  readonly iotInstanceId?: string;
}
export interface GetProductsOutputArgs {
  readonly aliyunCommodityCode?: pulumi.Input<"iothub_senior" | "iothub">;
  readonly nameRegex?: pulumi.Input<string>;
  readonly iotInstanceId?: pulumi.Input<string>;
}
export interface GetProductsResult {
  /** Newest first, as QueryProductList returns them. */
  readonly products: ProductInfo[];
  readonly productKeys: string[];
}

/**
 * Lists the account's products with QueryProductList (IoT Platform API reference: QueryProductList):
 * pages of 200 at the action's 50 QPS quota (the client's shared limiter). Runs in the program,
 * during preview too. The list items carry name, node type, auth type, data format, description and
 * device count; protocolType/netType/categoryKey need getProduct (QueryProduct).
 */
export async function getProducts(args: GetProductsArgs = {}, opts: LookupOptions = {}): Promise<GetProductsResult> {
  const client = opts.client ?? clientFromProgramConfig(opts.connection);
  const pageSize = ACTION_LIMITS.QueryProductList.maxPageSize;
  const instance = args.iotInstanceId !== undefined ? { IotInstanceId: args.iotInstanceId } : {};
  const filter = args.aliyunCommodityCode !== undefined ? { AliyunCommodityCode: args.aliyunCommodityCode } : {};
  const pattern = args.nameRegex !== undefined ? new RegExp(args.nameRegex) : undefined;
  const products: ProductInfo[] = [];
  for (let page = 1; ; page++) {
    const r = await client.call<{ Data?: { PageCount?: number; List?: { ProductInfo?: Record<string, unknown>[] } } }>("QueryProductList", { CurrentPage: page, PageSize: pageSize, ...filter, ...instance });
    const items = r.Data?.List?.ProductInfo ?? [];
    for (const item of items) {
      const info = productOutputsFromData(String(item.ProductKey), { AliyunCommodityCode: args.aliyunCommodityCode, ...item }, args.iotInstanceId);
      if (pattern === undefined || pattern.test(info.productName)) products.push(info);
    }
    if (items.length < pageSize || page >= (r.Data?.PageCount ?? 0)) break;
  }
  return { products, productKeys: products.map((p) => p.productKey) };
}

export function getProductsOutput(args: GetProductsOutputArgs = {}, opts: LookupOptions = {}): pulumi.Output<GetProductsResult> {
  return pulumi.output(args).apply((a) => getProducts(a as GetProductsArgs, opts));
}
