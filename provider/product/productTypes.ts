/** Node type of a product's devices (CreateProduct `NodeType` 0 / 1). */
export type ProductNodeType = "device" | "gateway";
/** How devices authenticate (CreateProduct `AuthType`). */
export type ProductAuthType = "secret" | "id2" | "x509";
/** Data format of a thing-model product (CreateProduct `DataFormat`: 1 Alink JSON, 0 custom/pass-through). */
export type ProductDataFormat = "alink" | "custom";
/** Gateway protocol of a sub-device product (CreateProduct `ProtocolType`). */
export type ProductProtocolType = "modbus" | "opc-ua" | "customize" | "ble" | "zigbee";
/** Network of a gateway or directly connected product (CreateProduct `NetType`). */
export type ProductNetType = "WIFI" | "CELLULAR" | "ETHERNET" | "OTHER";
/** Edition (CreateProduct `AliyunCommodityCode`): `iothub_senior` products have a thing model, `iothub` ones do not. */
export type ProductEdition = "iothub_senior" | "iothub";

/** Checked inputs of Product (normal form: defaults filled in, empty optionals removed). */
export interface ProductInputs {
  readonly productName: string;
  readonly nodeType: ProductNodeType;
  readonly authType: ProductAuthType;
  readonly aliyunCommodityCode: ProductEdition;
  /** Only for `iothub_senior` products. */
  readonly dataFormat?: ProductDataFormat;
  readonly description?: string;
  readonly protocolType?: ProductProtocolType;
  readonly netType?: ProductNetType;
  readonly categoryKey?: string;
  readonly iotInstanceId?: string;
}

/** Outputs: the inputs plus what CreateProduct / QueryProduct return. */
export interface ProductOutputs extends ProductInputs {
  readonly productKey: string;
  /** Devices in the product when last read (refresh updates it). */
  readonly deviceCount: number;
  readonly productStatus: string;
  /** Creation time, ms since the epoch. */
  readonly gmtCreate: number;
}

/** The API's numbers for the typed values. */
export const NODE_TYPE_CODES: Record<ProductNodeType, number> = { device: 0, gateway: 1 };
export const DATA_FORMAT_CODES: Record<ProductDataFormat, number> = { custom: 0, alink: 1 };
