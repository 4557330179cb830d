import type { NicknameChange } from "./api/updateNicknames";
import type { DeviceBatchState } from "./deviceBatchState";
import type { DeviceMap } from "./deviceBatchTypes";
import { nicknameOf } from "./deviceSettings";

/**
 * Nickname changes that make the recorded devices among `names` match `desired`; devices in `always`
 * are set even when the recorded nickname matches, because it is not known to be true.
 */
export function nicknameFixes(state: DeviceBatchState, desired: DeviceMap, names: Iterable<string>, always: ReadonlySet<string> = new Set()): NicknameChange[] {
  const out: NicknameChange[] = [];
  for (const name of names) {
    const dev = state.devices.get(name);
    if (!dev || !Object.prototype.hasOwnProperty.call(desired, name)) continue;
    const nickname = nicknameOf(desired[name]);
    if (!always.has(name) && (dev.nickname ?? "") === (nickname ?? "")) continue;
    out.push(nickname ? { name, iotId: dev.iotId, nickname } : { name, iotId: dev.iotId });
  }
  return out;
}
