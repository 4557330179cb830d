import type { ApiCaller } from "../../dynamic/ApiCaller";
import { isGone } from "../../errors/goneCodes";
import { DELETE_CONCURRENCY } from "../../limits";
import type { ProductScope } from "../deviceBatchTypes";
import { forEachUntilError } from "../../dynamic/forEachUntilError";

/** A device to delete: by IotId when known (it wins over the name, IoT Platform API reference: DeleteDevice), else by name. */
export interface DeleteTarget {
  readonly name: string;
  readonly iotId?: string;
}

/** Codes meaning the device is already gone; deletion is then a success (IoT Platform API reference: DeleteDevice). */
/** What {@link deleteDevices} did. */
export interface DeleteOutcome {
  /** Names deleted, or found already gone. */
  readonly deleted: string[];
  /** The first failure; devices after it were not attempted. */
  readonly error?: unknown;
}

/**
 * Deletes devices one DeleteDevice call each (the API has no batch delete), paced by the shared
 * limiter at the action's quota (50 QPS: 100,000 devices ≥ 33 min). Stops starting new deletions after
 * the first failure and reports what was deleted, so callers can record partial progress.
 */
export async function deleteDevices(
  caller: ApiCaller,
  scope: ProductScope,
  targets: readonly DeleteTarget[],
  onDeleted: (name: string) => void = () => undefined,
): Promise<DeleteOutcome> {
  const deleted: string[] = [];
  const outcome = await forEachUntilError(targets, DELETE_CONCURRENCY, async (t) => {
    try {
      await caller.call(
        "DeleteDevice",
        t.iotId !== undefined
          ? { IotId: t.iotId, IotInstanceId: scope.iotInstanceId }
          : { ProductKey: scope.productKey, DeviceName: t.name, IotInstanceId: scope.iotInstanceId },
      );
    } catch (e) {
      if (!isGone(e, "device")) throw e;
    }
    deleted.push(t.name);
    onDeleted(t.name);
  });
  return { deleted, ...outcome };
}
