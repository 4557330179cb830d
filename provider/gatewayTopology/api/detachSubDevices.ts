import type { ApiCaller } from "../../dynamic/ApiCaller";
import { isGone } from "../../errors/goneCodes";
import { forEachUntilError } from "../../dynamic/forEachUntilError";
import { DETACH_CONCURRENCY } from "../../limits";
import { parseSubDeviceKey } from "../subDeviceKey";

/** What {@link detachSubDevices} did. */
export interface DetachOutcome {
  /** Keys detached, or found without relation. */
  readonly detached: string[];
  /** The first failure; sub-devices after it were not attempted. */
  readonly error?: unknown;
}

/**
 * Removes the relation of each sub-device (`<productKey>/<deviceName>` keys) with one RemoveThingTopo
 * each, called with the SUB-DEVICE's ProductKey+DeviceName (on a gateway the call would remove all of
 * its sub-devices, IoT Platform API reference: RemoveThingTopo). Callers pass only sub-devices seen attached to their gateway, so a
 * sub-device moved to another gateway is not taken from it. Stops after the first failure.
 */
export async function detachSubDevices(
  caller: ApiCaller,
  keys: readonly string[],
  iotInstanceId?: string,
  onDetached: (key: string) => void = () => undefined,
): Promise<DetachOutcome> {
  const detached: string[] = [];
  const outcome = await forEachUntilError(keys, DETACH_CONCURRENCY, async (key) => {
    const ref = parseSubDeviceKey(key);
    if (!ref) throw new Error(`not a sub-device key: ${JSON.stringify(key)}`);
    try {
      await caller.call("RemoveThingTopo", { ProductKey: ref.productKey, DeviceName: ref.deviceName, IotInstanceId: iotInstanceId });
    } catch (e) {
      if (!isGone(e, "device", "product", "topologyRelation")) throw e;
    }
    detached.push(key);
    onDetached(key);
  });
  return { detached, ...outcome };
}
