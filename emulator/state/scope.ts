import type { Apply } from "./apply";
import type { Device } from "./device";
import type { Driver } from "./driver";
import type { Product } from "./product";
import { StateError } from "./stateError";

/**
 * The resources of one account in one IoT instance (IoT Platform API reference: `IotInstanceId`
 * parameter). ApplyIds and IotIds are globally unique but only visible inside their scope.
 */
export class Scope {
  readonly products = new Map<string, Product>();
  readonly devicesByIotId = new Map<string, Device>();
  readonly drivers = new Map<string, Driver>();
  readonly applies = new Map<number, Apply>();
  constructor(readonly key: string) {}
}

export const scopeKey = (account: string, iotInstanceId: string | undefined): string => `${account}/${iotInstanceId ?? ""}`;

/** The device `iotId` of `scope`; a mutation naming one that is not there is a StateError (`role` names it in the message). */
export function deviceIn(scope: Scope, iotId: string, role = "device"): Device {
  const d = scope.devicesByIotId.get(iotId);
  if (!d) throw new StateError(`${role} ${iotId} not found`);
  return d;
}
