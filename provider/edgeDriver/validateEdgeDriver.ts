import { checkFailure, type CheckFailure } from "../dynamic/checkFailure";
import { CPU_ARCHS, DRIVER_PROTOCOLS, DRIVER_RUNTIMES } from "./edgeDriverTypes";
import { isUnknown } from "../dynamic/unknown";
import { unknownKeyFailures } from "../dynamic/unknownKeys";

/** The keys `EdgeDriver` takes (output placeholders arrive as undefined and are skipped). */
const INPUT_SHAPE = { driverName: true, driverProtocol: true, runtime: true, cpuArch: true, isBuiltIn: true, iotInstanceId: true } as const;

/** DriverName: letters, digits and `_`, starting with a letter, ≤ 20 characters (IoT Platform API reference: CreateEdgeDriver). */
export const DRIVER_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,19}$/;

type Rec = Record<string, unknown>;

/** Every rule violation of `news` (raw inputs of `EdgeDriver`), unknown keys first; empty when valid. Unknown values are skipped. */
export function validateEdgeDriver(news: Rec): CheckFailure[] {
  const failures: CheckFailure[] = unknownKeyFailures(news, INPUT_SHAPE, "EdgeDriver");
  const rule = (property: string, required: boolean, test: (v: unknown) => boolean, text: string): void => {
    const value = news[property];
    if (isUnknown(value)) return;
    if (value === undefined || value === null ? required : !test(value)) failures.push(checkFailure(property, value, text));
  };
  const isString = (v: unknown): v is string => typeof v === "string";
  rule("driverName", true, (v) => isString(v) && DRIVER_NAME_PATTERN.test(v), "be 1–20 letters, digits or _, starting with a letter");
  rule("driverProtocol", true, (v) => isString(v) && (DRIVER_PROTOCOLS as readonly string[]).includes(v), `be one of ${DRIVER_PROTOCOLS.join(", ")}`);
  rule("runtime", true, (v) => isString(v) && (DRIVER_RUNTIMES as readonly string[]).includes(v), `be one of ${DRIVER_RUNTIMES.join(", ")}`);
  rule("cpuArch", false, (v) => isString(v) && (CPU_ARCHS as readonly string[]).includes(v.toLowerCase()), `be one of ${CPU_ARCHS.join(", ")} (any case)`);
  rule("isBuiltIn", false, (v) => typeof v === "boolean", "be true or false");
  rule("iotInstanceId", false, (v) => isString(v) && v.trim().length > 0, "be a non-empty string");
  return failures;
}
