import type { EmulatorHandle } from "../../emulator/index";
import { configure } from "../../provider/config";
import { resetSharedLimiter } from "../../provider/retry/sharedLimiter";

/**
 * Points the provider code running in this process at `emu`, as a dynamic provider's `configure`
 * would with the stack config, and starts the shared QPS limiter afresh. `qpsOverrides` must match
 * the emulator's own `qps` option when a test raises quotas.
 */
export function configureForEmulator(emu: EmulatorHandle, qpsOverrides?: Record<string, number>): void {
  const config: Record<string, string> = {
    "alicloud-iot:endpoint": emu.endpoint,
    "alicloud-iot:region": emu.regionId,
    "alicloud-iot:accessKeyId": emu.accessKeyId,
    "alicloud-iot:accessKeySecret": emu.accessKeySecret,
  };
  if (qpsOverrides) config["alicloud-iot:qpsOverrides"] = JSON.stringify(qpsOverrides);
  resetSharedLimiter();
  configure({ get: (k) => config[k] });
}
