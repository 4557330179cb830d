/**
 * Link IoT Edge driver and driver-version rules (IoT Platform API reference: CreateEdgeDriver,
 * CreateEdgeDriverVersion). The rules themselves live in the provider, in one module each, so that
 * the provider's `check` refuses at preview whatever this emulator refuses at `up`:
 * provider/edgeDriver/validateEdgeDriver.ts (DriverName) and edgeDriverTypes.ts (the enumerations),
 * provider/edgeDriverVersion/edgeDriverVersionRules.ts (the version's content). This file parses the
 * request's JSON parameters into the rules' object form and names fields as the API does.
 */
import { checkFailure } from "../../provider/dynamic/checkFailure";
import { CPU_ARCHS, DRIVER_PROTOCOLS, DRIVER_RUNTIMES } from "../../provider/edgeDriver/edgeDriverTypes";
import { edgeDriverVersionContentFailures } from "../../provider/edgeDriverVersion/edgeDriverVersionRules";
import { DRIVER_NAME_PATTERN } from "../../provider/edgeDriver/validateEdgeDriver";

export { CPU_ARCHS, DRIVER_PROTOCOLS, DRIVER_RUNTIMES };
/** DriverName: letters, digits, `_`; starts with a letter; ≤ 20 characters. */
export const DRIVER_NAME_RE = DRIVER_NAME_PATTERN;

export interface DriverVersionFields {
  driverVersion: string;
  edgeVersion: string;
  description?: string;
  argument?: string;
  sourceConfig?: string;
  driverConfig?: string;
  configCheckRule?: string;
  containerConfig?: string;
}

/** The API's parameter names for the rules' top-level fields. */
const PARAMETER_NAMES: Record<string, string> = {
  driverVersion: "DriverVersion",
  edgeVersion: "EdgeVersion",
  description: "Description",
  argument: "Argument",
  sourceConfig: "SourceConfig",
  driverConfig: "DriverConfig",
  configCheckRule: "ConfigCheckRule",
  containerConfig: "ContainerConfig",
};

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): boolean => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Every rule of Create/UpdateEdgeDriverVersion (the two share their parameters, IoT Platform API
 * reference: UpdateEdgeDriverVersion), as `Expected … got …` sentences; empty = valid. DriverConfig
 * may be one `{format, content}` object or a list of them (the vendor table shows an object, its
 * examples a list).
 */
export function driverVersionProblems(f: DriverVersionFields): string[] {
  const out: string[] = [];
  const content: Record<string, unknown> = { driverVersion: f.driverVersion, edgeVersion: f.edgeVersion, description: f.description, argument: f.argument };
  let singleDriverConfig = false;
  const json = (key: "sourceConfig" | "driverConfig" | "configCheckRule" | "containerConfig", shape: string, ok: (v: unknown) => boolean): void => {
    const text = f[key];
    if (text === undefined) return;
    const parsed = parseJson(text);
    if (parsed === undefined || !ok(parsed.value)) {
      out.push(checkFailure(PARAMETER_NAMES[key], text, `be ${shape}`).reason);
      return;
    }
    content[key] = parsed.value;
  };
  json("sourceConfig", "a JSON object", isObject);
  json("driverConfig", "a JSON object or a list of objects", (v) => isObject(v) || Array.isArray(v));
  json("configCheckRule", "a JSON object", isObject);
  json("containerConfig", "a JSON object", isObject);
  if (isObject(content.driverConfig)) {
    singleDriverConfig = true;
    content.driverConfig = [content.driverConfig];
  }
  const name = (path: string): string => {
    const [, head, rest] = /^([A-Za-z]+)(.*)$/.exec(path) ?? ["", path, ""];
    const shown = PARAMETER_NAMES[head] ?? head;
    return singleDriverConfig && head === "driverConfig" ? `${shown}${rest.replace(/^\[0\]/, "")}` : `${shown}${rest}`;
  };
  for (const failure of edgeDriverVersionContentFailures(content, "CreateEdgeDriverVersion", name)) out.push(failure.reason);
  return out;
}
