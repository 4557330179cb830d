import type { ApiCaller } from "../../dynamic/ApiCaller";
import { isIotApiError } from "../../errors/IotApiError";
import { POLL, MAX_IN_FLIGHT } from "../../limits";
import type { Clock } from "../../retry/Clock";
import { systemClock } from "../../retry/Clock";
import { allOrFirstError } from "../../dynamic/allOrFirstError";
import { concurrencyLimit } from "../../dynamic/concurrencyLimit";
import type { DeviceRecord, ProductScope } from "../deviceBatchTypes";
import { fetchApplyDevices } from "./fetchApplyDevices";
import type { PollSettings } from "./pollApplyStatus";
import { pollApplyStatus } from "./pollApplyStatus";

/** What became of ApplyIds left pending by an interrupted operation. */
export interface SettledApplyIds {
  /** Devices those ApplyIds created (nicknames unknown: pages do not carry them). */
  readonly devices: DeviceRecord[];
  /** ApplyIds that created devices, now fully listed. */
  readonly applyIds: number[];
}

/**
 * Settles ApplyIds whose registration outcome an earlier operation could not record (a failure or
 * timeout after BatchRegisterDeviceWithApplyId was sent), so their devices are adopted into state
 * instead of being orphaned: waits while an ApplyId is still CREATE, then lists what it created.
 * An ApplyId still at CHECK_SUCCESS was never registered, and one the service no longer knows
 * (`iot.device.DeviceApplyIsNotFound`) created nothing; both are dropped. Read-only.
 */
export async function settlePendingApplyIds(
  caller: ApiCaller,
  scope: ProductScope,
  pendingApplyIds: readonly number[],
  clock: Clock = systemClock,
  poll: PollSettings = POLL,
): Promise<SettledApplyIds> {
  const devices: DeviceRecord[] = [];
  const applyIds: number[] = [];
  const limit = concurrencyLimit(MAX_IN_FLIGHT, { failFast: true });
  await allOrFirstError(
    pendingApplyIds.map(async (applyId) => {
      let status: string;
      try {
        status = (await pollApplyStatus(caller, scope, applyId, (s) => s !== "CREATE", clock, poll)).Status;
      } catch (e) {
        if (isIotApiError(e) && e.code === "iot.device.DeviceApplyIsNotFound") return;
        throw e;
      }
      if (status !== "CREATE_SUCCESS" && status !== "CREATE_FAILED") return;
      devices.push(...(await fetchApplyDevices(caller, scope, applyId, undefined, limit)));
      applyIds.push(applyId);
    }),
  );
  return { devices, applyIds };
}
