/**
 * Link IoT Edge driver and driver-version rules (IoT Platform API reference: CreateEdgeDriver, CreateEdgeDriverVersion).
 * Each validator returns the list of problems, as `Expected … got …` sentences; empty = valid.
 */

/** DriverName: letters, digits, `_`; starts with a letter; ≤ 20 characters (IoT Platform API reference: CreateEdgeDriver). */
export const DRIVER_NAME_RE = /^[A-Za-z][A-Za-z0-9_]{0,19}$/;
export const DRIVER_PROTOCOLS = ["modbus", "opc-ua", "customize"] as const;
export const DRIVER_RUNTIMES = ["nodejs8", "python3", "c"] as const;
export const CPU_ARCHS = ["armv7", "armv7-hf", "aarch64", "x86-64", "x86"] as const;

/** DriverVersion: ≤ 64 of letters, digits, `_ - .`; the Chinese doc also allows Chinese characters (the English page does not). */
export const DRIVER_VERSION_RE = /^[A-Za-z0-9_.\-\u4e00-\u9fff]{1,64}$/;
/** EdgeVersion: a Link IoT Edge version such as `2.0.0` (format not documented; strict reading: x.y.z). */
export const EDGE_VERSION_RE = /^\d{1,4}\.\d{1,4}\.\d{1,4}$/;
export const MAX_DESCRIPTION_BYTES = 256;
export const MAX_MAPPINGS = 10;
/** Console limits (HELP:123648), applied by the emulator as the strict reading. */
export const MAX_JSON_CONFIG_BYTES = 1024;
export const MAX_KV_PAIRS = 100;

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

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function parseJson(text: string): { ok: true; value: Json } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as Json };
  } catch {
    return { ok: false };
  }
}

const isObject = (v: Json | undefined): v is { [k: string]: Json } => typeof v === "object" && v !== null && !Array.isArray(v);
const isInt = (v: Json | undefined): v is number => typeof v === "number" && Number.isInteger(v);
const describe = (v: unknown): string => JSON.stringify(v) ?? String(v);

function unknownKeys(o: { [k: string]: Json }, allowed: readonly string[], where: string, out: string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) out.push(`Unexpected field \`${where}.${k}\`; allowed: ${allowed.join(", ")}`);
}

/** `ContainerConfig` JSON (IoT Platform API reference: CreateEdgeDriverVersion table). */
export function containerConfigProblems(text: string): string[] {
  const out: string[] = [];
  const parsed = parseJson(text);
  if (!parsed.ok || !isObject(parsed.value)) return ["Expected `ContainerConfig` to be a JSON object"];
  const c = parsed.value;
  unknownKeys(c, ["privileged", "hostNetworkMode", "portMappings", "devMappings", "volumeMappings"], "ContainerConfig", out);
  for (const flag of ["privileged", "hostNetworkMode"]) {
    if (c[flag] !== undefined && c[flag] !== 0 && c[flag] !== 1) out.push(`Expected \`ContainerConfig.${flag}\` to be 0 or 1, got ${describe(c[flag])}`);
  }
  const listOf = (name: string): Json[] | undefined => {
    const v = c[name];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      out.push(`Expected \`ContainerConfig.${name}\` to be a list`);
      return undefined;
    }
    if (v.length > MAX_MAPPINGS) out.push(`Expected \`ContainerConfig.${name}\` to have at most ${MAX_MAPPINGS} entries, got ${v.length}`);
    return v;
  };
  const port = (v: Json | undefined): boolean => isInt(v) && v >= 1 && v <= 65535;
  (listOf("portMappings") ?? []).forEach((m, i) => {
    const w = `ContainerConfig.portMappings[${i}]`;
    if (!isObject(m)) return void out.push(`Expected \`${w}\` to be an object`);
    unknownKeys(m, ["hostPort", "containerPort", "protocol"], w, out);
    if (!port(m.hostPort)) out.push(`Expected \`${w}.hostPort\` to be an integer 1–65535, got ${describe(m.hostPort)}`);
    if (!port(m.containerPort)) out.push(`Expected \`${w}.containerPort\` to be an integer 1–65535, got ${describe(m.containerPort)}`);
    if (m.protocol !== "tcp" && m.protocol !== "udp") out.push(`Invalid value for \`${w}.protocol\`: ${describe(m.protocol)}. Allowed values are: tcp, udp.`);
  });
  const perm = (v: Json | undefined): boolean => v === "ro" || v === "rw";
  const len = (v: Json | undefined, min: number, max: number): boolean => typeof v === "string" && v.length >= min && v.length <= max;
  (listOf("devMappings") ?? []).forEach((m, i) => {
    const w = `ContainerConfig.devMappings[${i}]`;
    if (!isObject(m)) return void out.push(`Expected \`${w}\` to be an object`);
    unknownKeys(m, ["hostPath", "permission", "comment"], w, out);
    if (!len(m.hostPath, 1, 128) || !(m.hostPath as string).startsWith("/dev/")) out.push(`Expected \`${w}.hostPath\` to start with /dev/ and be 1–128 characters, got ${describe(m.hostPath)}`);
    if (!perm(m.permission)) out.push(`Invalid value for \`${w}.permission\`: ${describe(m.permission)}. Allowed values are: ro, rw.`);
    if (m.comment !== undefined && !len(m.comment, 1, 128)) out.push(`Expected \`${w}.comment\` to be 1–128 characters, got ${describe(m.comment)}`);
  });
  (listOf("volumeMappings") ?? []).forEach((m, i) => {
    const w = `ContainerConfig.volumeMappings[${i}]`;
    if (!isObject(m)) return void out.push(`Expected \`${w}\` to be an object`);
    unknownKeys(m, ["hostPath", "containerPath", "permission"], w, out);
    if (!len(m.hostPath, 1, 128) || /\s/.test(m.hostPath as string)) out.push(`Expected \`${w}.hostPath\` to be 1–128 characters without spaces, got ${describe(m.hostPath)}`);
    const cp = m.containerPath;
    if (!len(cp, 2, 128) || /\s/.test(cp as string) || !(cp as string).startsWith("/")) out.push(`Expected \`${w}.containerPath\` to be an absolute path of 2–128 characters without spaces, not the root, got ${describe(cp)}`);
    if (!perm(m.permission)) out.push(`Invalid value for \`${w}.permission\`: ${describe(m.permission)}. Allowed values are: ro, rw.`);
  });
  return out;
}

/** `DriverConfig` JSON: one `{format, content}` object or a list of them (the vendor table shows an object, its examples a list: the emulator accepts both). */
export function driverConfigProblems(text: string): string[] {
  const out: string[] = [];
  const parsed = parseJson(text);
  if (!parsed.ok || (!isObject(parsed.value) && !Array.isArray(parsed.value))) return ["Expected `DriverConfig` to be a JSON object or a list of objects"];
  const items = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  items.forEach((it, i) => {
    const w = Array.isArray(parsed.value) ? `DriverConfig[${i}]` : "DriverConfig";
    if (!isObject(it)) return void out.push(`Expected \`${w}\` to be an object`);
    unknownKeys(it, ["format", "content"], w, out);
    if (it.format !== "KV" && it.format !== "JSON" && it.format !== "FILE") return void out.push(`Invalid value for \`${w}.format\`: ${describe(it.format)}. Allowed values are: KV, JSON, FILE.`);
    if (typeof it.content !== "string") return void out.push(`Expected \`${w}.content\` to be a string`);
    if (it.format === "JSON") {
      if (Buffer.byteLength(it.content) > MAX_JSON_CONFIG_BYTES) out.push(`Expected \`${w}.content\` to be at most ${MAX_JSON_CONFIG_BYTES} bytes, got ${Buffer.byteLength(it.content)}`);
      if (!parseJson(it.content).ok) out.push(`Expected \`${w}.content\` to be JSON text`);
    } else if (it.format === "KV") {
      const kv = parseJson(it.content);
      const n = kv.ok && isObject(kv.value) ? Object.keys(kv.value).length : kv.ok && Array.isArray(kv.value) ? kv.value.length : -1;
      if (n > MAX_KV_PAIRS) out.push(`Expected \`${w}.content\` to have at most ${MAX_KV_PAIRS} key-value pairs, got ${n}`);
    } else if (it.content === "") {
      out.push(`Expected \`${w}.content\` (FILE) to be the OSS address of the configuration file`);
    }
  });
  return out;
}

/** `ConfigCheckRule` JSON: `{"deviceConfig":{"required":bool},"driverConfig":{"required":bool}}`. */
export function configCheckRuleProblems(text: string): string[] {
  const out: string[] = [];
  const parsed = parseJson(text);
  if (!parsed.ok || !isObject(parsed.value)) return ["Expected `ConfigCheckRule` to be a JSON object"];
  unknownKeys(parsed.value, ["deviceConfig", "driverConfig"], "ConfigCheckRule", out);
  for (const k of ["deviceConfig", "driverConfig"]) {
    const v = parsed.value[k];
    if (v === undefined) continue;
    if (!isObject(v)) {
      out.push(`Expected \`ConfigCheckRule.${k}\` to be an object`);
      continue;
    }
    unknownKeys(v, ["required"], `ConfigCheckRule.${k}`, out);
    if (typeof v.required !== "boolean") out.push(`Expected \`ConfigCheckRule.${k}.required\` to be true or false, got ${describe(v.required)}`);
  }
  return out;
}

/** `SourceConfig` JSON: `{"ossAddress":"http://…/driver_code.zip"}`. */
export function sourceConfigProblems(text: string): string[] {
  const parsed = parseJson(text);
  if (!parsed.ok || !isObject(parsed.value)) return ["Expected `SourceConfig` to be a JSON object"];
  const out: string[] = [];
  unknownKeys(parsed.value, ["ossAddress", "temporaryOssAddress"], "SourceConfig", out);
  const a = parsed.value.ossAddress;
  if (typeof a !== "string" || !/^https?:\/\/\S+$/.test(a)) out.push(`Expected \`SourceConfig.ossAddress\` to be an http(s) URL, got ${describe(a)}`);
  return out;
}

/** Every rule of Create/UpdateEdgeDriverVersion (the two share their parameters, IoT Platform API reference: UpdateEdgeDriverVersion). */
export function driverVersionProblems(f: DriverVersionFields): string[] {
  const out: string[] = [];
  if (!DRIVER_VERSION_RE.test(f.driverVersion)) out.push(`Expected \`DriverVersion\` to be 1–64 letters, digits, _ - . (or Chinese characters), got ${describe(f.driverVersion)}`);
  if (!EDGE_VERSION_RE.test(f.edgeVersion)) out.push(`Expected \`EdgeVersion\` to look like 2.0.0, got ${describe(f.edgeVersion)}`);
  if (f.description !== undefined && Buffer.byteLength(f.description, "utf8") > MAX_DESCRIPTION_BYTES) {
    out.push(`Expected \`Description\` to be at most ${MAX_DESCRIPTION_BYTES} bytes, got ${Buffer.byteLength(f.description, "utf8")}`);
  }
  if (f.sourceConfig !== undefined) out.push(...sourceConfigProblems(f.sourceConfig));
  if (f.driverConfig !== undefined) out.push(...driverConfigProblems(f.driverConfig));
  if (f.configCheckRule !== undefined) out.push(...configCheckRuleProblems(f.configCheckRule));
  if (f.containerConfig !== undefined) out.push(...containerConfigProblems(f.containerConfig));
  return out;
}
