import type { DriverVersionFields } from "../rules/edgeDriver";

export interface DriverRecord {
  driverId: string;
  driverName: string;
  driverProtocol: string;
  runtime: string;
  cpuArch?: string;
  isBuiltIn: boolean;
  type: number;
  gmtCreate: number;
  gmtModified: number;
}

/** A stored driver version: the API's fields (as validated by rules/edgeDriver) plus server state. */
export interface DriverVersionRecord extends DriverVersionFields {
  /** "0" unpublished, "1" published (a string, as in the SDK model; IoT Platform API reference: GetEdgeDriverVersion). */
  versionState: "0" | "1";
  gmtCreate: number;
  gmtModified: number;
}

/** An edge driver and its versions by DriverVersion. */
export class Driver {
  readonly versions = new Map<string, DriverVersionRecord>();
  constructor(public rec: DriverRecord) {}
}
