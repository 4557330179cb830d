import type {
  ConfigCheckRule,
  ContainerConfig,
  DevMapping,
  DriverConfigEntry,
  EdgeDriverVersionContent,
  EdgeDriverVersionInputs,
  PortMapping,
  SourceConfig,
  VolumeMapping,
} from "./edgeDriverVersionTypes";
import { isUnknown } from "../dynamic/unknown";

/**
 * The canonical form of an edge driver version. Inputs (after validation) and what
 * GetEdgeDriverVersion returns both go through it, so a version the API holds unchanged compares
 * equal to the inputs that created it:
 *  - empty strings, empty lists and absent values are all "not set" (the API clears omitted fields);
 *  - containerConfig and configCheckRule are filled with the API defaults (0 / `required: false`)
 *    and their 0/1 integers become booleans;
 *  - objects are rebuilt with a fixed key order, so JSON comparison is stable.
 * The preview placeholder for unknown values is kept wherever it appears.
 */
type Rec = Record<string, unknown>;

/** Canonical inputs of `EdgeDriverVersion` from validated raw inputs. */
export function normalizeEdgeDriverVersion(raw: Rec): EdgeDriverVersionInputs {
  return stripUndefined({
    driverId: raw.driverId as string,
    driverVersion: raw.driverVersion as string,
    iotInstanceId: optionalString(raw.iotInstanceId),
    ...normalizeContent(raw),
    released: flag(raw.released),
    adoptExisting: flag(raw.adoptExisting),
  });
}

/** Canonical content fields (those UpdateEdgeDriverVersion may change). */
export function normalizeContent(raw: Rec): EdgeDriverVersionContent {
  return stripUndefined({
    edgeVersion: raw.edgeVersion as string,
    argument: optionalString(raw.argument),
    description: optionalString(raw.description),
    sourceConfig: keep(raw.sourceConfig, normalizeSourceConfig),
    driverConfig: keep(raw.driverConfig, normalizeDriverConfig),
    configCheckRule: keep(raw.configCheckRule, normalizeConfigCheckRule),
    containerConfig: keep(raw.containerConfig, normalizeContainerConfig),
  });
}

function normalizeSourceConfig(value: unknown): SourceConfig | undefined {
  const ossAddress = optionalString((value as Rec).ossAddress);
  return ossAddress === undefined ? undefined : { ossAddress };
}

function normalizeDriverConfig(value: unknown): DriverConfigEntry[] | undefined {
  // The API's own examples send an array; the doc table shows a single object: accept both.
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) return undefined;
  return list.map((e) => (isUnknown(e) ? e : { format: (e as Rec).format, content: (e as Rec).content ?? "" })) as DriverConfigEntry[];
}

function normalizeConfigCheckRule(value: unknown): ConfigCheckRule {
  const rule = value as Rec;
  const requirement = (r: unknown) => (isUnknown(r) ? r : { required: flag((r as Rec | undefined)?.required) });
  return { deviceConfig: requirement(rule.deviceConfig), driverConfig: requirement(rule.driverConfig) } as ConfigCheckRule;
}

function normalizeContainerConfig(value: unknown): ContainerConfig {
  const c = value as Rec;
  const list = <T>(items: unknown, each: (m: Rec) => T): T[] =>
    isUnknown(items) ? (items as unknown as T[]) : ((items as unknown[] | undefined) ?? []).map((m) => (isUnknown(m) ? (m as T) : each(m as Rec)));
  return {
    privileged: flag(c.privileged),
    hostNetworkMode: flag(c.hostNetworkMode),
    portMappings: list<PortMapping>(c.portMappings, (m) => ({
      hostPort: m.hostPort as number,
      containerPort: m.containerPort as number,
      protocol: m.protocol as PortMapping["protocol"],
    })),
    devMappings: list<DevMapping>(c.devMappings, (m) =>
      stripUndefined({ hostPath: m.hostPath as string, permission: m.permission as DevMapping["permission"], comment: optionalString(m.comment) }),
    ),
    volumeMappings: list<VolumeMapping>(c.volumeMappings, (m) => ({
      hostPath: m.hostPath as string,
      containerPath: m.containerPath as string,
      permission: m.permission as VolumeMapping["permission"],
    })),
  };
}

/**
 * Unknown stays unknown, absent stays absent, anything else goes through `f` — except a string where
 * an object belongs (a wire field that was not JSON), which is kept raw so that it shows as drift.
 */
function keep<T>(value: unknown, f: (v: unknown) => T | undefined): T | undefined {
  if (isUnknown(value)) return value as T;
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value as unknown as T;
  return f(value);
}

/** `""` and absent are "not set". */
function optionalString(value: unknown): string | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  return value as string;
}

/** Booleans, the API's 0/1 and its "0"/"1" strings; absent is false. Unknown is kept. */
function flag(value: unknown): boolean {
  if (isUnknown(value)) return value as unknown as boolean;
  return value === true || value === 1 || value === "1" || value === "true";
}

/** Drops keys whose value is undefined, so state and JSON comparisons see no phantom keys. */
function stripUndefined<T extends object>(o: T): T {
  for (const key of Object.keys(o) as (keyof T)[]) if (o[key] === undefined) delete o[key];
  return o;
}
