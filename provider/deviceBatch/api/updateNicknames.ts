import type { ApiCaller } from "../../dynamic/ApiCaller";
import { ACTION_LIMITS, NICKNAME_CONCURRENCY } from "../../limits";
import { chunk } from "../../dynamic/chunk";
import type { ProductScope } from "../deviceBatchTypes";
import { forEachUntilError } from "../../dynamic/forEachUntilError";

/** A nickname to set; no `nickname` clears it (the API deletes the nickname when it is omitted, IoT Platform API reference: BatchUpdateDeviceNickname). */
export interface NicknameChange {
  readonly name: string;
  readonly iotId: string;
  readonly nickname?: string;
}

/** Items per BatchUpdateDeviceNickname call (limits.ts: undocumented, 100 is the strict reading). */
export const NICKNAME_BATCH_SIZE = ACTION_LIMITS.BatchUpdateDeviceNickname.maxItems;

/** What {@link updateNicknames} did. */
export interface NicknameOutcome {
  readonly updated: string[];
  readonly error?: unknown;
}

/**
 * Sets nicknames with BatchUpdateDeviceNickname, 100 devices a call by IotId, at the action's quota.
 * Stops starting new calls after the first failure (whether a batch is all-or-nothing is not
 * documented, so a failed call's devices count as not updated).
 */
export async function updateNicknames(caller: ApiCaller, scope: ProductScope, changes: readonly NicknameChange[]): Promise<NicknameOutcome> {
  const updated: string[] = [];
  const outcome = await forEachUntilError(chunk(changes, NICKNAME_BATCH_SIZE), NICKNAME_CONCURRENCY, async (slice) => {
    await caller.call("BatchUpdateDeviceNickname", {
      DeviceNicknameInfo: slice.map((c) => ({ IotId: c.iotId, Nickname: c.nickname })),
      IotInstanceId: scope.iotInstanceId,
    });
    for (const c of slice) updated.push(c.name);
  });
  return { updated, ...outcome };
}
