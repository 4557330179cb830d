import type { EdgeDriverData, EdgeDriverInfo } from "./edgeDriverTypes";

/**
 * A driver of BatchGetEdgeDriver's `DriverList` (IoT Platform API reference: BatchGetEdgeDriver) in the package's shape. `cpuArch` is
 * lower-cased to match CreateEdgeDriver's values; `IsBuiltIn` may arrive as a boolean or a string.
 */
export function edgeDriverInfoFromData(data: EdgeDriverData): EdgeDriverInfo {
  const info: { -readonly [K in keyof EdgeDriverInfo]: EdgeDriverInfo[K] } = {
    driverId: data.DriverId ?? "",
    driverName: data.DriverName ?? "",
    driverProtocol: data.DriverProtocol ?? "",
    runtime: data.Runtime ?? "",
    isBuiltIn: data.IsBuiltIn === true || data.IsBuiltIn === "true",
  };
  if (data.CpuArch) info.cpuArch = data.CpuArch.toLowerCase();
  if (typeof data.Type === "number") info.driverType = data.Type;
  if (typeof data.GmtCreateTimestamp === "number") info.gmtCreateTimestamp = data.GmtCreateTimestamp;
  if (typeof data.GmtModifiedTimestamp === "number") info.gmtModifiedTimestamp = data.GmtModifiedTimestamp;
  return info;
}
