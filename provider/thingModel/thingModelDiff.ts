import deepEqual from "deep-equal";
import type { ThingModelInputs, ThingModelOutputs } from "./thingModelTypes";
import { containsUnknown } from "../dynamic/unknown";

/** Inputs whose change moves the model to another product: a replacement. */
export const THING_MODEL_REPLACING_KEYS = ["productKey", "iotInstanceId"] as const;
/** Inputs re-imported and re-published in place. */
export const THING_MODEL_UPDATING_KEYS = ["properties", "services", "events", "modelVersion", "description"] as const;

/** Pure diff; features compare as JSON values (key order is no change), unknowns count as changed. */
export function thingModelDiff(olds: ThingModelOutputs, news: ThingModelInputs): { replaces: string[]; updates: string[] } {
  const o = olds as unknown as Record<string, unknown>;
  const n = news as unknown as Record<string, unknown>;
  const changed = (k: string): boolean => containsUnknown(n[k]) || !deepEqual(o[k] ?? null, n[k] ?? null, { strict: true });
  return { replaces: THING_MODEL_REPLACING_KEYS.filter(changed), updates: THING_MODEL_UPDATING_KEYS.filter(changed) };
}
