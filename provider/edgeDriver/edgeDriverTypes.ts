/**
 * The plain (provider-side) data model of a Link IoT Edge driver (IoT Platform API reference: CreateEdgeDriver) and the driver
 * object BatchGetEdgeDriver returns (IoT Platform API reference: BatchGetEdgeDriver).
 */

export const DRIVER_PROTOCOLS = ["modbus", "opc-ua", "customize"] as const;
export type DriverProtocol = (typeof DRIVER_PROTOCOLS)[number];

/** Runtimes the API documents (the console's Java 8 has no documented API value). */
export const DRIVER_RUNTIMES = ["nodejs8", "python3", "c"] as const;
export type DriverRuntime = (typeof DRIVER_RUNTIMES)[number];

/** CreateEdgeDriver's values (IoT Platform API reference: CreateEdgeDriver); BatchGetEdgeDriver's page writes them as ARMv7, AArch64, …, so compare case-insensitively. */
export const CPU_ARCHS = ["armv7", "armv7-hf", "aarch64", "x86-64", "x86"] as const;
export type CpuArch = (typeof CPU_ARCHS)[number];

/** Plain inputs of `EdgeDriver`, as `check` returns them. Every field is immutable (no UpdateEdgeDriver). */
export interface EdgeDriverInputs {
  readonly driverName: string;
  readonly driverProtocol: DriverProtocol;
  readonly runtime: DriverRuntime;
  readonly cpuArch?: CpuArch;
  readonly isBuiltIn: boolean;
  readonly iotInstanceId?: string;
}

/** Fields of {@link EdgeDriverInputs}; a change to any replaces the driver. */
export const EDGE_DRIVER_FIELDS = ["driverName", "driverProtocol", "runtime", "cpuArch", "isBuiltIn", "iotInstanceId"] as const;

/**
 * Outputs of `EdgeDriver`: the inputs plus the server-generated id. Deliberately nothing that create
 * cannot know without another call (type, timestamps): a refresh would report those as changes.
 */
export interface EdgeDriverOutputs extends EdgeDriverInputs {
  /** The server-generated id (also the resource id). */
  readonly driverId: string;
}

/** One entry of BatchGetEdgeDriver's `DriverList` (IoT Platform API reference: BatchGetEdgeDriver); every field may be missing. */
export interface EdgeDriverData {
  DriverId?: string;
  DriverName?: string;
  DriverProtocol?: string;
  Runtime?: string;
  CpuArch?: string;
  IsBuiltIn?: boolean | string;
  Type?: number;
  GmtCreateTimestamp?: number;
  GmtModifiedTimestamp?: number;
}

/** A driver as `getEdgeDrivers` returns it. */
export interface EdgeDriverInfo {
  readonly driverId: string;
  readonly driverName: string;
  readonly driverProtocol: string;
  readonly runtime: string;
  /** Lower-cased, as CreateEdgeDriver takes it; undefined when the driver has none. */
  readonly cpuArch?: string;
  readonly isBuiltIn: boolean;
  /** 0 = official driver, 1 = custom driver. */
  readonly driverType?: number;
  /** Unix epoch milliseconds. */
  readonly gmtCreateTimestamp?: number;
  readonly gmtModifiedTimestamp?: number;
}
