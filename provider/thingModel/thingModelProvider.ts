import type * as pulumi from "@pulumi/pulumi";
import { getClient } from "../client/getClient";
import { isGone } from "../errors/goneCodes";
import { checkThingModel } from "./thingModelCheck";
import { thingModelDiff } from "./thingModelDiff";
import { normalizeThingModel } from "./thingModelRules";
import type { ThingModelDefinition, ThingModelInputs, ThingModelOutputs } from "./thingModelTypes";
import { thingModelIdentifiers, thingModelToTsl } from "./thingModelWire";
import { checkResult } from "../dynamic/checkFailure";

export type { ThingModelInputs, ThingModelOutputs } from "./thingModelTypes";

/*
 * Operations of ThingModel (IoT Platform API reference: ImportThingModelTsl, PublishThingModel,
 * GetThingModelTslPublished). Contract (docs/product.md):
 *  - check and diff make no API call; the feature lists are keyed by identifier;
 *  - create and update import the whole model as the product's draft (ImportThingModelTsl replaces
 *    every feature) and publish it (PublishThingModel); a change of productKey or iotInstanceId
 *    replaces;
 *  - read (refresh) takes the published model, so features changed out of band show as drift;
 *  - delete imports and publishes the empty model (the product keeps existing; its services are no
 *    longer invocable); a product already gone counts as deleted.
 */

export async function check(_olds: ThingModelInputs, news: ThingModelInputs): Promise<pulumi.dynamic.CheckResult<ThingModelInputs>> {
  return checkResult(checkThingModel(news as unknown as Record<string, unknown>));
}

export async function diff(_id: string, olds: ThingModelOutputs, news: ThingModelInputs): Promise<pulumi.dynamic.DiffResult> {
  const d = thingModelDiff(olds, news);
  if (d.replaces.length > 0) return { changes: true, replaces: d.replaces, deleteBeforeReplace: false };
  return { changes: d.updates.length > 0 };
}

export async function create(inputs: ThingModelInputs): Promise<pulumi.dynamic.CreateResult<ThingModelOutputs>> {
  const tsl = await importAndPublish(inputs, inputs);
  return { id: `${inputs.productKey}:thing-model`, outs: outputsOf(inputs, tsl) };
}

export async function read(id: string, props: ThingModelOutputs): Promise<pulumi.dynamic.ReadResult<ThingModelOutputs>> {
  const productKey = props?.productKey ?? id.replace(/:thing-model$/, "");
  let text: string;
  try {
    const r = await getClient().call<{ Data?: { TslStr?: string } }>("GetThingModelTslPublished", { ProductKey: productKey, ...instance(props?.iotInstanceId) });
    text = r.Data?.TslStr ?? "{}";
  } catch (err) {
    if (isGone(err, "product")) return { id: "" };
    throw err;
  }
  const { definition } = normalizeThingModel(JSON.parse(text) as Record<string, unknown>);
  const inputs: ThingModelInputs = { ...props, productKey, ...definition };
  return { id, props: outputsOf(inputs, thingModelToTsl(productKey, definition)) };
}

export async function update(id: string, olds: ThingModelOutputs, news: ThingModelInputs): Promise<pulumi.dynamic.UpdateResult<ThingModelOutputs>> {
  const d = thingModelDiff(olds, news);
  if (d.replaces.length > 0) throw new Error(`Cannot update ThingModel ${id} in place: ${d.replaces.join(", ")} changed (a replacement)`);
  const tsl = await importAndPublish(news, news);
  return { outs: outputsOf(news, tsl) };
}

async function remove(_id: string, props: ThingModelOutputs): Promise<void> {
  try {
    await importAndPublish(props, { properties: {}, services: {}, events: {} });
  } catch (err) {
    if (isGone(err, "product")) return;
    throw err;
  }
}
export { remove as delete };

/** ImportThingModelTsl of `def` into the product's draft, then PublishThingModel; returns the TSL sent. */
async function importAndPublish(target: Pick<ThingModelInputs, "productKey" | "iotInstanceId" | "modelVersion" | "description">, def: ThingModelDefinition): Promise<string> {
  const client = getClient();
  const tsl = thingModelToTsl(target.productKey, def);
  await client.call("ImportThingModelTsl", { ProductKey: target.productKey, TslStr: tsl, ...instance(target.iotInstanceId) });
  const publish: Record<string, string> = { ProductKey: target.productKey, ...instance(target.iotInstanceId) };
  if (target.modelVersion !== undefined) publish.ModelVersion = target.modelVersion;
  if (target.description !== undefined) publish.Description = target.description;
  await client.call("PublishThingModel", publish);
  return tsl;
}

function outputsOf(inputs: ThingModelInputs, tsl: string): ThingModelOutputs {
  const ids = thingModelIdentifiers(inputs);
  const outs: Record<string, unknown> = {
    productKey: inputs.productKey,
    properties: inputs.properties,
    services: inputs.services,
    events: inputs.events,
    tsl,
    serviceIdentifiers: ids.services,
    propertyIdentifiers: ids.properties,
    eventIdentifiers: ids.events,
  };
  for (const key of ["modelVersion", "description", "iotInstanceId"] as const) if (inputs[key] !== undefined) outs[key] = inputs[key];
  return outs as unknown as ThingModelOutputs;
}

function instance(iotInstanceId: string | undefined): { IotInstanceId?: string } {
  return iotInstanceId !== undefined ? { IotInstanceId: iotInstanceId } : {};
}
