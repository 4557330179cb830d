import * as pulumi from "@pulumi/pulumi";
import { configure } from "../config";
import type { ProductAuthType, ProductDataFormat, ProductEdition, ProductNetType, ProductNodeType, ProductProtocolType } from "./productTypes";
import { delegatingProvider } from "../dynamic/delegatingProvider";
import * as productProvider from "./productProvider";
import type { ConnectionArgs } from "../connection/Connection";
import { urnInput } from "../dynamic/urnInput";

/**
 * Arguments of {@link Product}. Sources: IoT Platform API reference: CreateProduct, UpdateProduct;
 * Resource Orchestration Service: ALIYUN::IOT::Product (which properties change in place). Every rule
 * is checked at preview. See docs/product.md.
 */
export interface ProductArgs extends ConnectionArgs {
  /** 4–30 characters of Chinese, letters, Japanese, digits and `_ - @ ( )` (CJK counts 2); unique. Changes in place. */
  readonly productName: pulumi.Input<string>;
  /** `device` (devices and sub-devices) or `gateway` (can hold sub-devices). Replaces on change. */
  readonly nodeType: pulumi.Input<ProductNodeType>;
  /** `secret` (default), `id2` or `x509`. Replaces on change. */
  readonly authType?: pulumi.Input<ProductAuthType>;
  /** `iothub_senior` (default: the product has a thing model) or `iothub`. Replaces on change. */
  readonly aliyunCommodityCode?: pulumi.Input<ProductEdition>;
  /** `alink` (Alink JSON, the default of a thing-model product) or `custom`. Thing-model products only. Replaces on change. */
  readonly dataFormat?: pulumi.Input<ProductDataFormat>;
  /** At most 100 characters. Changes in place. */
  readonly description?: pulumi.Input<string>;
  /** How the product's devices reach their gateway, for sub-device products: `modbus`, `opc-ua`, `customize`, `ble`, `zigbee`. Replaces on change. */
  readonly protocolType?: pulumi.Input<ProductProtocolType>;
  /** Network of gateway and directly connected products: `WIFI`, `CELLULAR`, `ETHERNET`, `OTHER`. Not with protocolType. Replaces on change. */
  readonly netType?: pulumi.Input<ProductNetType>;
  /** A product category's key (its standard thing model). Replaces on change. */
  readonly categoryKey?: pulumi.Input<string>;
  /** The IoT instance. Defaults to the provider's `alicloud-iot:iotInstanceId` config, or none. Replaces on change. */
  readonly iotInstanceId?: pulumi.Input<string>;
}

/**
 * An IoT Platform product: the container of devices and of a {@link ThingModel}. Type token
 * `pulumi-nodejs:dynamic/alicloud-iot:Product`; the resource id is the ProductKey.
 *
 * Deleting a product that still has devices fails before any call with the count and the way out;
 * a DeviceBatch that takes `productKey: product.productKey` is deleted first by the engine.
 */
export class Product extends pulumi.dynamic.Resource {
  /** The ProductKey (equal to the resource id). */
  declare readonly productKey: pulumi.Output<string>;
  declare readonly productName: pulumi.Output<string>;
  declare readonly nodeType: pulumi.Output<ProductNodeType>;
  declare readonly authType: pulumi.Output<ProductAuthType>;
  declare readonly aliyunCommodityCode: pulumi.Output<ProductEdition>;
  declare readonly dataFormat: pulumi.Output<ProductDataFormat | undefined>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly protocolType: pulumi.Output<ProductProtocolType | undefined>;
  declare readonly netType: pulumi.Output<ProductNetType | undefined>;
  declare readonly categoryKey: pulumi.Output<string | undefined>;
  declare readonly iotInstanceId: pulumi.Output<string | undefined>;
  /** Devices in the product when it was last read (refresh updates it). */
  declare readonly deviceCount: pulumi.Output<number>;
  /** `DEVELOPMENT_STATUS` or `RELEASE_STATUS`. */
  declare readonly productStatus: pulumi.Output<string>;
  /** Creation time, ms since the epoch. */
  declare readonly gmtCreate: pulumi.Output<number>;

  constructor(name: string, args: ProductArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      productKey: undefined,
      authType: undefined,
      aliyunCommodityCode: undefined,
      dataFormat: undefined,
      description: undefined,
      protocolType: undefined,
      netType: undefined,
      categoryKey: undefined,
      iotInstanceId: undefined,
      deviceCount: undefined,
      productStatus: undefined,
      gmtCreate: undefined,
      ...args,
      __urn: urnInput("Product", name, opts),
    };
    super(delegatingProvider(productProvider, configure), name, props, opts, "alicloud-iot", "Product");
  }
}
