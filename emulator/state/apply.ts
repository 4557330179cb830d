import type { Device } from "./device";

export type ApplyStatus = "CHECK" | "CHECK_SUCCESS" | "CHECK_FAILED" | "CREATE" | "CREATE_SUCCESS" | "CREATE_FAILED";

/** A failed name in an async batch and why it failed. */
export type InvalidEntry = [name: string, reason: string];

/** [name, iotId, secret, nickname | null, gmtCreate] of a device a batch created. */
export type DeviceTuple = [name: string, iotId: string, secret: string, nickname: string | null, gmtCreate: number];

export interface ApplyRecord {
  applyId: number;
  scope: string;
  productKey: string;
  /** "names": BatchCheckDeviceNames (+ BatchRegisterDeviceWithApplyId); "count": BatchRegisterDevice. */
  kind: "names" | "count";
  names?: string[];
  nicknames?: (string | null)[];
  count?: number;
  status: ApplyStatus;
  createdAt: number;
  /** When the running phase (CHECK or CREATE) ends. */
  dueAt: number;
  /** An injected fault: the running phase fails for these names (`true` = all). */
  fail?: true | string[];
  valid?: string[];
  invalid?: InvalidEntry[];
}

/** An async registration batch (an ApplyId). */
export class Apply {
  /** Devices created by this batch (rebuilt from Device.applyId on load). */
  devices: Device[] = [];
  constructor(public rec: ApplyRecord) {}
}
