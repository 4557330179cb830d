import type { CheckFailure } from "../dynamic/checkFailure";
import { EDGE_DRIVER_VERSION_CONTENT_SHAPE, edgeDriverVersionContentFailures, Validator } from "./edgeDriverVersionRules";
import { type KeyShape, unknownKeyFailures } from "../dynamic/unknownKeys";

/** The top-level inputs of `EdgeDriverVersion`: the content fields (checked inside by the rules) and the resource's own. */
const TOP_LEVEL_SHAPE: KeyShape = {
  driverId: true,
  iotInstanceId: true,
  released: true,
  adoptExisting: true,
  ...Object.fromEntries(Object.keys(EDGE_DRIVER_VERSION_CONTENT_SHAPE).map((k) => [k, true])),
};

type Rec = Record<string, unknown>;

/**
 * Every rule violation of `news` (raw inputs of `EdgeDriverVersion`), unknown keys first, then in
 * input order; empty when valid. The content rules are the ones the emulator enforces
 * (edgeDriverVersionRules.ts); unknown values are skipped.
 */
export function validateEdgeDriverVersion(news: Rec): CheckFailure[] {
  const failures: CheckFailure[] = unknownKeyFailures(news, TOP_LEVEL_SHAPE, "EdgeDriverVersion");
  const v = new Validator(failures);
  v.nonEmptyString("driverId", news.driverId, true);
  failures.push(...edgeDriverVersionContentFailures(news, "EdgeDriverVersion"));
  v.nonEmptyString("iotInstanceId", news.iotInstanceId, false);
  v.boolean("released", news.released, false);
  v.boolean("adoptExisting", news.adoptExisting, false);
  return failures;
}
