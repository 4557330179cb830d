import type { RegisteredDevice } from "../../provider/deviceBatch/deviceBatchTypes";
import { DeviceBatchState } from "../../provider/deviceBatch/deviceBatchState";

/** Decoded per-device outputs of a DeviceBatch (either stored shape), for assertions. */
export interface DeviceBatchView {
  readonly deviceCount: number;
  readonly pendingApplyIds: number[];
  readonly applyIds: number[];
  /** name → { iotId, nickname? } */
  readonly devices: Record<string, RegisteredDevice>;
}

export function viewOutputs(outs: unknown): DeviceBatchView {
  const o = outs as { deviceCount: number; pendingApplyIds: number[]; applyIds: number[] };
  const state = DeviceBatchState.fromOutputs(outs as never);
  return {
    deviceCount: o.deviceCount,
    pendingApplyIds: o.pendingApplyIds,
    applyIds: o.applyIds,
    devices: Object.fromEntries(state.devices),
  };
}
