import type { ThingModelDefinition } from "./thingModelTypes";

/** The schema URL every TSL document names (IoT Platform: TSL field descriptions). */
export const TSL_SCHEMA = "https://iotx-tsl.oss-ap-southeast-1.aliyuncs.com/schema.json";

/**
 * The TSL document ImportThingModelTsl takes (`TslStr`) for a model in normal form: lists in
 * identifier order, with the Alink `method` of each service and event. Deterministic, so the same
 * model always gives the same text.
 */
export function thingModelToTsl(productKey: string, def: ThingModelDefinition): string {
  const ids = (o: object): string[] => Object.keys(o).sort();
  const doc = {
    schema: TSL_SCHEMA,
    profile: { productKey },
    properties: ids(def.properties).map((identifier) => ({ identifier, ...def.properties[identifier] })),
    events: ids(def.events).map((identifier) => ({ identifier, ...def.events[identifier], method: `thing.event.${identifier}.post` })),
    services: ids(def.services).map((identifier) => ({ identifier, ...def.services[identifier], method: `thing.service.${identifier}` })),
  };
  return JSON.stringify(doc);
}

/** The identifiers a model defines, by kind, sorted. */
export function thingModelIdentifiers(def: ThingModelDefinition): { services: string[]; properties: string[]; events: string[] } {
  return { services: Object.keys(def.services).sort(), properties: Object.keys(def.properties).sort(), events: Object.keys(def.events).sort() };
}
