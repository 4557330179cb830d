import { normalizeThingModel, MODEL_VERSION_PATTERN } from "../../provider/thingModel/thingModelRules";
import type { ThingModelDefinition } from "../../provider/thingModel/thingModelTypes";
import { thingModelToTsl } from "../../provider/thingModel/thingModelWire";
import { BusinessError } from "../errors";
import { bool, reqStr, str } from "../http/params";
import type { Product } from "../state/product";
import { getProduct, HandlerContext, jsonObjectParam } from "./context";

/**
 * Thing models (TSL) of products: ImportThingModelTsl writes the draft, PublishThingModel publishes
 * it, GetThingModelTsl reads the draft (or the published model with `ModelVersion`),
 * GetThingModelTslPublished reads the published one. Pages: IoT Platform API reference:
 * ImportThingModelTsl, PublishThingModel, GetThingModelTsl, GetThingModelTslPublished.
 *
 * A TSL is validated with the same rules as ThingModel's check() (provider/thingModel/thingModelRules.ts);
 * a refused model answers `iot.common.InvalidFormattedParameter` with the first failures (the service
 * documents the code; its exact TSL messages are not documented).
 *
 * Not implemented: custom modules (`FunctionBlockId` other than the default is refused), `TslUrl`,
 * `Simple` (the full model is always returned), model version history (only the last published
 * version is kept), published products (ReleaseProduct).
 */

/** The stored TSL of a product, or the empty default model every product starts with. */
export function storedTsl(prod: Product, which: "draft" | "published"): string {
  const text = which === "draft" ? prod.rec.tslDraft : prod.rec.tslPublished;
  return text ?? thingModelToTsl(prod.productKey, { properties: {}, services: {}, events: {} });
}

/** The published model of a product in normal form, or undefined when none was ever published. */
export function publishedModel(prod: Product): ThingModelDefinition | undefined {
  if (prod.rec.tslPublished === undefined) return undefined;
  return normalizeThingModel(JSON.parse(prod.rec.tslPublished) as Record<string, unknown>).definition;
}

function refuseCustomModule(ctx: HandlerContext): void {
  const block = str(ctx.params, "FunctionBlockId");
  if (block !== undefined) throw BusinessError.of("iot.common.InvalidParam", `FunctionBlockId ${block}: the emulator has only the default module`);
}

export function ImportThingModelTsl(ctx: HandlerContext): Record<string, unknown> {
  const prod = getProduct(ctx, reqStr(ctx.params, "ProductKey"));
  refuseCustomModule(ctx);
  const doc = jsonObjectParam(reqStr(ctx.params, "TslStr"), "iot.common.InvalidFormattedParameter", { notJson: "TslStr is not JSON", notObject: "TslStr must be a JSON object" });
  const { definition, failures } = normalizeThingModel(doc);
  if (failures.length > 0) throw BusinessError.of("iot.common.InvalidFormattedParameter", `TslStr: ${failures.slice(0, 3).map((f) => f.reason).join("; ")}`);
  ctx.store.commit({ op: "product.update", scope: ctx.scope.key, productKey: prod.productKey, fields: { tslDraft: thingModelToTsl(prod.productKey, definition), gmtModified: ctx.now } });
  return {};
}

export function PublishThingModel(ctx: HandlerContext): Record<string, unknown> {
  const prod = getProduct(ctx, reqStr(ctx.params, "ProductKey"));
  const modelVersion = str(ctx.params, "ModelVersion");
  if (modelVersion !== undefined && !MODEL_VERSION_PATTERN.test(modelVersion)) throw BusinessError.of("iot.common.InvalidParam", `ModelVersion ${modelVersion}: 1–16 letters, digits and .`);
  const description = str(ctx.params, "Description");
  if (description !== undefined && description.length > 100) throw BusinessError.of("iot.common.InvalidParam", "Description is longer than 100 characters");
  ctx.store.commit({
    op: "product.update",
    scope: ctx.scope.key,
    productKey: prod.productKey,
    fields: { tslPublished: storedTsl(prod, "draft"), modelVersion: modelVersion ?? String(ctx.now), gmtModified: ctx.now },
  });
  return {};
}

export function GetThingModelTsl(ctx: HandlerContext): Record<string, unknown> {
  const prod = getProduct(ctx, reqStr(ctx.params, "ProductKey"));
  refuseCustomModule(ctx);
  bool(ctx.params, "Simple");
  const version = str(ctx.params, "ModelVersion");
  if (version === undefined) return { Data: { TslStr: storedTsl(prod, "draft"), TslUri: "" } };
  if (prod.rec.tslPublished === undefined || prod.rec.modelVersion !== version) throw BusinessError.of("iot.common.InvalidParam", `ModelVersion ${version} was not published for this product`);
  return { Data: { TslStr: prod.rec.tslPublished, TslUri: "" } };
}

export function GetThingModelTslPublished(ctx: HandlerContext): Record<string, unknown> {
  const prod = getProduct(ctx, reqStr(ctx.params, "ProductKey"));
  refuseCustomModule(ctx);
  bool(ctx.params, "Simple");
  const version = str(ctx.params, "ModelVersion");
  if (version !== undefined && prod.rec.modelVersion !== version) throw BusinessError.of("iot.common.InvalidParam", `ModelVersion ${version} was not published for this product`);
  return { Data: { TslStr: storedTsl(prod, "published"), TslUri: "" } };
}
