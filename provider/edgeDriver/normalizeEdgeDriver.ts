import type { CpuArch, EdgeDriverInputs } from "./edgeDriverTypes";
import { isUnknown } from "../dynamic/unknown";

type Rec = Record<string, unknown>;

/**
 * Canonical inputs of `EdgeDriver` from validated raw inputs: `cpuArch` lower-cased (the API's two
 * pages disagree on case: CreateEdgeDriver, BatchGetEdgeDriver), `isBuiltIn` defaults to false (IoT Platform API reference: CreateEdgeDriver), empty optional strings
 * are "not set". The preview placeholder for unknown values is kept.
 */
export function normalizeEdgeDriver(raw: Rec): EdgeDriverInputs {
  const out: Record<string, unknown> = {
    driverName: raw.driverName,
    driverProtocol: raw.driverProtocol,
    runtime: raw.runtime,
    isBuiltIn: isUnknown(raw.isBuiltIn) ? raw.isBuiltIn : raw.isBuiltIn === true,
  };
  if (typeof raw.cpuArch === "string" && raw.cpuArch !== "") out.cpuArch = isUnknown(raw.cpuArch) ? raw.cpuArch : (raw.cpuArch.toLowerCase() as CpuArch);
  if (typeof raw.iotInstanceId === "string" && raw.iotInstanceId !== "") out.iotInstanceId = raw.iotInstanceId;
  return out as unknown as EdgeDriverInputs;
}
