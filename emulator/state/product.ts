import type { Device } from "./device";
import type { Scope } from "./scope";

export type NodeType = 0 | 1;

export interface ProductRecord {
  productKey: string;
  productName: string;
  nodeType: NodeType;
  authType: string;
  dataFormat: number;
  productSecret: string;
  gmtCreate: number;
  description?: string;
  protocolType?: string;
  netType?: string;
  categoryKey?: string;
  validateType?: number;
  id2?: boolean;
  aliyunCommodityCode: string;
  /** Draft thing model (ImportThingModelTsl), a TSL JSON text. Absent: the empty default model. */
  tslDraft?: string;
  /** Published thing model (PublishThingModel), a TSL JSON text; what InvokeThingsService checks against. */
  tslPublished?: string;
  /** `ModelVersion` of the published model. */
  modelVersion?: string;
  gmtModified?: number;
}

/** A product and its devices by DeviceName. */
export class Product {
  readonly devices = new Map<string, Device>();
  constructor(
    readonly scope: Scope,
    readonly rec: ProductRecord,
  ) {}
  get productKey(): string {
    return this.rec.productKey;
  }
}
