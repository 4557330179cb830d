import { checkFailure, type CheckFailure } from "../dynamic/checkFailure";
import { isUnknown } from "../dynamic/unknown";
import type { KeyShape } from "../dynamic/unknownKeys";
import { unknownKeyFailures } from "../dynamic/unknownKeys";

/**
 * The rules of an edge driver version's content (IoT Platform API reference: CreateEdgeDriverVersion,
 * UpdateEdgeDriverVersion; the console's configuration limits), in ONE place: `check` applies them to
 * the typed inputs at preview (validateEdgeDriverVersion.ts) and the emulator applies them to the
 * parsed request (emulator/rules/edgeDriver.ts), so whatever the emulator refuses is refused at
 * preview first. Values unknown at preview are skipped: `up` runs `check` again with real values.
 */

/** DriverVersion: 1–64 of letters, digits, `_`, `-`, `.` (the English page; the Chinese page's CJK is not accepted). */
export const DRIVER_VERSION_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
/** EdgeVersion: a Link IoT Edge version such as `2.0.0` (format not documented; strict reading: numbers x.y.z). */
export const EDGE_VERSION_PATTERN = /^\d{1,4}\.\d{1,4}\.\d{1,4}$/;
/** Description: ≤ 256 bytes; the vendor page does not name the encoding, UTF-8 is the strict reading. */
export const MAX_DESCRIPTION_BYTES = 256;
/** portMappings, devMappings and volumeMappings: ≤ 10 records each. */
export const MAX_MAPPINGS = 10;
/** Path and comment lengths: 1–128 characters (container paths 2–128). */
export const MAX_PATH_CHARS = 128;
/** JSON driver configuration content: ≤ 1 KB (the console's limit, the strict reading for the API). */
export const MAX_JSON_CONFIG_BYTES = 1024;
/** KV driver configuration: ≤ 100 key-value pairs (the console's limit). */
export const MAX_KV_PAIRS = 100;
export const DRIVER_CONFIG_FORMATS = ["KV", "JSON", "FILE"] as const;
export const PORT_PROTOCOLS = ["tcp", "udp"] as const;
export const PERMISSIONS = ["ro", "rw"] as const;

export const DRIVER_VERSION_RULE = "be 1–64 characters of letters, digits, _, - and .";
export const EDGE_VERSION_RULE = "be a Link IoT Edge version of three numbers such as 2.0.0";

/** The keys of the content at every level (unknownKeys.ts). */
export const EDGE_DRIVER_VERSION_CONTENT_SHAPE: KeyShape = {
  driverVersion: true,
  edgeVersion: true,
  argument: true,
  description: true,
  sourceConfig: { ossAddress: true },
  driverConfig: [{ format: true, content: true }],
  configCheckRule: { deviceConfig: { required: true }, driverConfig: { required: true } },
  containerConfig: {
    privileged: true,
    hostNetworkMode: true,
    portMappings: [{ hostPort: true, containerPort: true, protocol: true }],
    devMappings: [{ hostPath: true, permission: true, comment: true }],
    volumeMappings: [{ hostPath: true, containerPath: true, permission: true }],
  },
};

type Rec = Record<string, unknown>;

/**
 * Every violation of the content rules in `content` (the object form: sourceConfig, driverConfig,
 * configCheckRule and containerConfig as objects and lists, not JSON text), unknown keys included,
 * in input order. `name` renders a path for messages (the emulator passes the API's parameter names,
 * e.g. `ContainerConfig.portMappings[0].hostPort`). Unknown keys are reported inside the content
 * fields (`containerConfig.portMapping`, `driverConfig[0].x`); the top level is the caller's, which
 * may accept more keys. `owner` names the top level in messages.
 */
export function edgeDriverVersionContentFailures(content: Rec, owner: string, name: (path: string) => string = (p) => p): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const v = new Validator(failures, name);
  // Unknown keys inside the content fields; the caller checks the top level, which may hold more.
  const fields: Rec = {};
  for (const key of Object.keys(EDGE_DRIVER_VERSION_CONTENT_SHAPE)) if (key in content) fields[key] = content[key];
  for (const f of unknownKeyFailures(fields, EDGE_DRIVER_VERSION_CONTENT_SHAPE, owner)) v.fail(rename(f, name));
  v.string("driverVersion", content.driverVersion, true, (s) => DRIVER_VERSION_PATTERN.test(s), DRIVER_VERSION_RULE);
  v.string("edgeVersion", content.edgeVersion, true, (s) => EDGE_VERSION_PATTERN.test(s), EDGE_VERSION_RULE);
  v.string("argument", content.argument, false);
  if (v.string("description", content.description, false) && typeof content.description === "string") {
    const bytes = Buffer.byteLength(content.description, "utf8");
    if (bytes > MAX_DESCRIPTION_BYTES) v.fail(checkFailure(name("description"), bytes, `be at most ${MAX_DESCRIPTION_BYTES} bytes in UTF-8`, "bytes"));
  }
  if (v.object("sourceConfig", content.sourceConfig, "be an object { ossAddress }")) {
    v.string("sourceConfig.ossAddress", (content.sourceConfig as Rec).ossAddress, true, (s) => /^https?:\/\/\S+$/.test(s), "be the http(s) URL of the driver code in OSS");
  }
  v.list("driverConfig", content.driverConfig, undefined, "be a list of { format, content } entries", (item, p) => {
    if (!v.object(p, item, "be an object { format, content }", true)) return;
    const { format, content: text } = item as Rec;
    const known = v.oneOf(`${p}.format`, format, DRIVER_CONFIG_FORMATS, true);
    if (!v.string(`${p}.content`, text, true) || !known || typeof text !== "string") return;
    driverConfigContent(v, `${p}.content`, format as string, text);
  });
  if (v.object("configCheckRule", content.configCheckRule, "be an object { deviceConfig?, driverConfig? }")) {
    for (const key of ["deviceConfig", "driverConfig"] as const) {
      const rule = (content.configCheckRule as Rec)[key];
      if (v.object(`configCheckRule.${key}`, rule, "be an object { required }")) v.boolean(`configCheckRule.${key}.required`, (rule as Rec).required, true);
    }
  }
  containerConfig(v, content.containerConfig);
  return failures;
}

/** The content rules of one configuration entry by format. */
function driverConfigContent(v: Validator, path: string, format: string, text: string): void {
  if (format === "JSON") {
    const bytes = Buffer.byteLength(text, "utf8");
    if (bytes > MAX_JSON_CONFIG_BYTES) v.fail(checkFailure(v.name(path), bytes, `be at most ${MAX_JSON_CONFIG_BYTES} bytes for format JSON`, "bytes"));
    else if (parseJson(text) === undefined) v.fail(checkFailure(v.name(path), text, "be JSON text for format JSON"));
  } else if (format === "KV") {
    const kv = parseJson(text);
    const pairs = kv === undefined ? -1 : Array.isArray(kv.value) ? kv.value.length : typeof kv.value === "object" && kv.value !== null ? Object.keys(kv.value).length : -1;
    if (pairs > MAX_KV_PAIRS) v.fail(checkFailure(v.name(path), pairs, `have at most ${MAX_KV_PAIRS} key-value pairs for format KV`, "pairs"));
  } else if (text.trim() === "") {
    v.fail(checkFailure(v.name(path), text, "be the OSS address of the configuration file for format FILE"));
  }
}

function containerConfig(v: Validator, value: unknown): void {
  if (!v.object("containerConfig", value, "be an object { privileged?, hostNetworkMode?, portMappings?, devMappings?, volumeMappings? }")) return;
  const c = value as Rec;
  v.flag("containerConfig.privileged", c.privileged);
  v.flag("containerConfig.hostNetworkMode", c.hostNetworkMode);
  v.list("containerConfig.portMappings", c.portMappings, MAX_MAPPINGS, "be a list of { hostPort, containerPort, protocol }", (m, p) => {
    if (!v.object(p, m, "be an object { hostPort, containerPort, protocol }", true)) return;
    v.port(`${p}.hostPort`, (m as Rec).hostPort);
    v.port(`${p}.containerPort`, (m as Rec).containerPort);
    v.oneOf(`${p}.protocol`, (m as Rec).protocol, PORT_PROTOCOLS, true);
  });
  v.list("containerConfig.devMappings", c.devMappings, MAX_MAPPINGS, "be a list of { hostPath, permission, comment? }", (m, p) => {
    if (!v.object(p, m, "be an object { hostPath, permission, comment? }", true)) return;
    v.string(`${p}.hostPath`, (m as Rec).hostPath, true, (s) => s.startsWith("/dev/") && chars(s) <= MAX_PATH_CHARS, `be 1–${MAX_PATH_CHARS} characters starting with /dev/`);
    v.oneOf(`${p}.permission`, (m as Rec).permission, PERMISSIONS, true);
    v.string(`${p}.comment`, (m as Rec).comment, false, (s) => chars(s) >= 1 && chars(s) <= MAX_PATH_CHARS, `be 1–${MAX_PATH_CHARS} characters`);
  });
  v.list("containerConfig.volumeMappings", c.volumeMappings, MAX_MAPPINGS, "be a list of { hostPath, containerPath, permission }", (m, p) => {
    if (!v.object(p, m, "be an object { hostPath, containerPath, permission }", true)) return;
    v.string(`${p}.hostPath`, (m as Rec).hostPath, true, (s) => chars(s) >= 1 && chars(s) <= MAX_PATH_CHARS && !/\s/.test(s), `be 1–${MAX_PATH_CHARS} characters without spaces`);
    v.string(
      `${p}.containerPath`,
      (m as Rec).containerPath,
      true,
      (s) => s.startsWith("/") && s !== "/" && chars(s) >= 2 && chars(s) <= MAX_PATH_CHARS && !/\s/.test(s),
      `be an absolute path of 2–${MAX_PATH_CHARS} characters without spaces, other than /`,
    );
    v.oneOf(`${p}.permission`, (m as Rec).permission, PERMISSIONS, true);
  });
}

/** `f` with every quoted path rendered by `name`. */
function rename(f: CheckFailure, name: (path: string) => string): CheckFailure {
  return { property: name(f.property), reason: f.reason.replace(/`([^`]+)`/g, (_, path: string) => `\`${name(path)}\``) };
}

/** Length in characters (code points), as the vendor page counts them. */
function chars(s: string): number {
  return [...s].length;
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/** Collects failures; every method returns true when the value is present, known and well-typed. */
export class Validator {
  constructor(
    private readonly failures: CheckFailure[],
    readonly name: (path: string) => string = (p) => p,
  ) {}

  fail(failure: CheckFailure): void {
    this.failures.push(failure);
  }

  private bad(property: string, value: unknown, rule: string): void {
    this.fail(checkFailure(this.name(property), value, rule));
  }

  /** False (no failure) for absent optional or unknown values; a failure for an absent required one. */
  private present(property: string, value: unknown, required: boolean, rule: string): boolean {
    if (isUnknown(value)) return false;
    if (value === undefined || value === null) {
      if (required) this.bad(property, value, rule);
      return false;
    }
    return true;
  }

  string(property: string, value: unknown, required: boolean, test?: (s: string) => boolean, rule = "be a string"): boolean {
    if (!this.present(property, value, required, rule)) return false;
    if (typeof value !== "string" || (test !== undefined && !test(value))) {
      this.bad(property, value, rule);
      return false;
    }
    return true;
  }

  nonEmptyString(property: string, value: unknown, required: boolean, rule = "be a non-empty string"): boolean {
    return this.string(property, value, required, (s) => s.trim().length > 0, rule);
  }

  oneOf(property: string, value: unknown, allowed: readonly string[], required: boolean): boolean {
    return this.string(property, value, required, (s) => allowed.includes(s), `be one of ${allowed.join(", ")}`);
  }

  boolean(property: string, value: unknown, required: boolean): boolean {
    if (!this.present(property, value, required, "be true or false")) return false;
    if (typeof value !== "boolean") {
      this.bad(property, value, "be true or false");
      return false;
    }
    return true;
  }

  /** A container switch: a boolean, or the API's own 0/1. */
  flag(property: string, value: unknown): void {
    if (!this.present(property, value, false, "")) return;
    if (typeof value !== "boolean" && value !== 0 && value !== 1) this.bad(property, value, "be true or false (or 0 or 1)");
  }

  port(property: string, value: unknown): void {
    const rule = "be an integer from 1 to 65535";
    if (!this.present(property, value, true, rule)) return;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) this.bad(property, value, rule);
  }

  object(property: string, value: unknown, rule: string, required = false): boolean {
    if (!this.present(property, value, required, rule)) return false;
    if (typeof value !== "object" || Array.isArray(value)) {
      this.bad(property, value, rule);
      return false;
    }
    return true;
  }

  /** A list of at most `max` items (when given), each checked by `each(item, "<property>[i]")`. */
  list(property: string, value: unknown, max: number | undefined, rule: string, each: (item: unknown, path: string) => void): void {
    if (!this.present(property, value, false, rule)) return;
    if (!Array.isArray(value)) {
      this.bad(property, value, rule);
      return;
    }
    if (max !== undefined && value.length > max) this.fail(checkFailure(this.name(property), value.length, `have at most ${max} mappings`, "mappings"));
    value.forEach((item, i) => {
      if (!isUnknown(item)) each(item, `${property}[${i}]`);
    });
  }
}
