import { isValidProductName } from "../rules/productNameRules";

/**
 * Product rules (IoT Platform API reference: CreateProduct, UpdateProduct; Resource Orchestration
 * Service: ALIYUN::IOT::Product). The name rule is the one the emulator applies (one rule module).
 */
export { isValidProductName };

export const PRODUCT_NAME_RULE = "be 4–30 characters of Chinese, letters, Japanese, digits and _ - @ ( ), a Chinese or Japanese character counting as 2";
export const MAX_PRODUCT_DESCRIPTION = 100;
export const NODE_TYPES = ["device", "gateway"] as const;
export const AUTH_TYPES = ["secret", "id2", "x509"] as const;
export const DATA_FORMATS = ["alink", "custom"] as const;
export const PROTOCOL_TYPES = ["modbus", "opc-ua", "customize", "ble", "zigbee"] as const;
export const NET_TYPES = ["WIFI", "CELLULAR", "ETHERNET", "OTHER"] as const;
export const EDITIONS = ["iothub_senior", "iothub"] as const;

/** Inputs UpdateProduct changes in place (ALIYUN::IOT::Product: ProductName and Description are updatable); every other input replaces. */
export const PRODUCT_UPDATABLE_KEYS = ["productName", "description"] as const;
export const PRODUCT_REPLACING_KEYS = ["nodeType", "authType", "aliyunCommodityCode", "dataFormat", "protocolType", "netType", "categoryKey", "iotInstanceId"] as const;
