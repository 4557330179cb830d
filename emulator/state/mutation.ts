import type { ApplyRecord, DeviceTuple, InvalidEntry } from "./apply";
import type { DriverRecord, DriverVersionRecord } from "./driver";
import type { ProductRecord } from "./product";

/**
 * Every change to the emulator's state, as a plain JSON value carrying everything needed to apply
 * it — generated ids, secrets and timestamps included — so that applying the same mutations in the
 * same order always rebuilds the same state. They are the journal's records, so their shapes are
 * part of the journal format (`alicloud-iot-emulator/journal`, version 1).
 * One union per family; each family has its reducer in reducers/.
 */
export type ProductMutation =
  | { op: "product.create"; scope: string; product: ProductRecord }
  | { op: "product.delete"; scope: string; productKey: string }
  | { op: "product.update"; scope: string; productKey: string; fields: Partial<ProductRecord> };

export type DriverMutation =
  | { op: "driver.create"; scope: string; driver: DriverRecord }
  | { op: "driver.delete"; scope: string; driverId: string }
  | { op: "version.put"; scope: string; driverId: string; version: DriverVersionRecord }
  | { op: "version.delete"; scope: string; driverId: string; driverVersion: string }
  | { op: "version.release"; scope: string; driverId: string; driverVersion: string; at: number };

export type ApplyMutation =
  | { op: "apply.create"; apply: ApplyRecord }
  | { op: "apply.checked"; applyId: number; invalid: InvalidEntry[]; valid: string[] }
  | { op: "apply.startCreate"; applyId: number; dueAt: number; fail?: true | string[] }
  | { op: "apply.fail"; applyId: number; dueAt: number; fail: true | string[] }
  | { op: "apply.created"; applyId: number; devices: DeviceTuple[]; invalid: InvalidEntry[]; valid: string[] };

export type DeviceMutation =
  | { op: "device.delete"; scope: string; iotId: string }
  | { op: "device.nicknames"; scope: string; items: [iotId: string, nickname: string | null][] };

export type TopologyMutation = { op: "topo.add"; scope: string; gw: string; subs: string[] } | { op: "topo.remove"; scope: string; iotId: string };

export type Mutation = ProductMutation | DriverMutation | ApplyMutation | DeviceMutation | TopologyMutation | { op: "reset" };
