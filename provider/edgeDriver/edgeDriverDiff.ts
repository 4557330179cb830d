import { EDGE_DRIVER_FIELDS, type EdgeDriverInputs, type EdgeDriverOutputs } from "./edgeDriverTypes";
import { isUnknown } from "../dynamic/unknown";

/**
 * Pure diff of an `EdgeDriver`: the API has no UpdateEdgeDriver (the IoT Platform API reference lists none), so every changed field
 * replaces the driver. Create-before-delete is safe: the replacement gets a new server-generated
 * DriverId, and driver names are not documented as unique (IoT Platform API reference: CreateEdgeDriver), so nothing collides.
 */
export function edgeDriverDiff(olds: EdgeDriverOutputs, news: EdgeDriverInputs): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
  const replaces = EDGE_DRIVER_FIELDS.filter((f) => isUnknown(news[f]) || olds[f] !== news[f]);
  return { changes: replaces.length > 0, replaces: [...replaces], deleteBeforeReplace: false };
}
