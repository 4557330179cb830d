import type { CheckFailure } from "../dynamic/checkFailure";
import { checkFailure } from "../dynamic/checkFailure";
import { MODEL_VERSION_PATTERN, normalizeThingModel, thingModelIsUnknown } from "./thingModelRules";
import type { ThingModelInputs } from "./thingModelTypes";
import { isUnknown } from "../dynamic/unknown";
import { type KeyShape, unknownKeyFailures } from "../dynamic/unknownKeys";
import { isValidProductKey, PRODUCT_KEY_RULE } from "../rules/productKey";

const INPUT_SHAPE: KeyShape = Object.fromEntries(["productKey", "properties", "services", "events", "modelVersion", "description", "iotInstanceId"].map((k) => [k, true]));
/** Outputs the resource class sends (as placeholders) along with the inputs. */
const OUTPUT_KEYS = ["tsl", "serviceIdentifiers", "propertyIdentifiers", "eventIdentifiers"];

/**
 * Validates ThingModel inputs (thingModelRules.ts) and normalises the feature lists into objects keyed
 * by identifier, so the preview of an added service names that service. No API call. While a
 * preview does not know part of the lists yet they are kept as they are.
 */
export function checkThingModel(raw: Record<string, unknown>): { inputs: ThingModelInputs; failures: CheckFailure[] } {
  const failures: CheckFailure[] = unknownKeyFailures(raw, INPUT_SHAPE, "ThingModel", OUTPUT_KEYS);
  const { productKey } = raw;
  if (!isUnknown(productKey) && !isValidProductKey(productKey)) failures.push(checkFailure("productKey", productKey, PRODUCT_KEY_RULE));
  const opt = (key: string): unknown => (raw[key] === "" || raw[key] === null ? undefined : raw[key]);
  const modelVersion = opt("modelVersion");
  if (modelVersion !== undefined && !isUnknown(modelVersion) && (typeof modelVersion !== "string" || !MODEL_VERSION_PATTERN.test(modelVersion))) {
    failures.push(checkFailure("modelVersion", modelVersion, "be 1–16 letters, digits and ."));
  }
  const description = opt("description");
  if (description !== undefined && !isUnknown(description) && (typeof description !== "string" || description.length > 100)) failures.push(checkFailure("description", description, "be a string of at most 100 characters"));
  const iotInstanceId = opt("iotInstanceId");
  if (iotInstanceId !== undefined && !isUnknown(iotInstanceId) && (typeof iotInstanceId !== "string" || !/^\S+$/.test(iotInstanceId))) failures.push(checkFailure("iotInstanceId", iotInstanceId, "be an IoT instance id"));

  const lists = { properties: raw.properties, services: raw.services, events: raw.events };
  let features: Record<string, unknown>;
  if (thingModelIsUnknown(lists)) features = { properties: lists.properties ?? {}, services: lists.services ?? {}, events: lists.events ?? {} };
  else {
    const normal = normalizeThingModel(lists);
    failures.push(...normal.failures);
    features = { ...normal.definition };
    if (Object.keys(normal.definition.properties).length + Object.keys(normal.definition.services).length + Object.keys(normal.definition.events).length === 0 && normal.failures.length === 0) {
      failures.push(checkFailure("services", raw.services, "define at least one property, service or event (a model with none is the product's default)"));
    }
  }
  const inputs: Record<string, unknown> = { productKey, ...features };
  if (modelVersion !== undefined) inputs.modelVersion = modelVersion;
  if (description !== undefined) inputs.description = description;
  if (iotInstanceId !== undefined) inputs.iotInstanceId = iotInstanceId;
  return { inputs: inputs as unknown as ThingModelInputs, failures };
}
