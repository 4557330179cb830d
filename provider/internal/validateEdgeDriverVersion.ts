import { checkFailure, type CheckFailure } from "./checkFailure";
import { isUnknown } from "./unknown";

/**
 * The rules of IoT Platform API reference: CreateEdgeDriverVersion, checked at preview time.
 * Sources per rule are in the constant names' doc comments. Values unknown at preview are skipped:
 * `up` runs `check` again with the real values.
 */

/** DriverVersion: ≤ 64 chars of letters, digits, `_`, `-`, `.` (English page; the Chinese page's CJK is not accepted). */
export const DRIVER_VERSION_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;
/** Description: ≤ 256 bytes; the vendor page does not name the encoding, UTF-8 is the strict reading. */
export const MAX_DESCRIPTION_BYTES = 256;
/** portMappings, devMappings and volumeMappings: ≤ 10 records each (IoT Platform API reference: CreateEdgeDriverVersion). */
export const MAX_MAPPINGS = 10;
/** Path and comment lengths: 1–128 characters (container paths 2–128) (IoT Platform API reference: CreateEdgeDriverVersion). */
export const MAX_PATH_CHARS = 128;
export const DRIVER_CONFIG_FORMATS = ["KV", "JSON", "FILE"] as const;
export const PORT_PROTOCOLS = ["tcp", "udp"] as const;
export const PERMISSIONS = ["ro", "rw"] as const;

type Rec = Record<string, unknown>;

/** Every rule violation of `news` (raw inputs of `EdgeDriverVersion`), in input order; empty when valid. */
export function validateEdgeDriverVersion(news: Rec): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const v = new Validator(failures);

  v.nonEmptyString("driverId", news.driverId, true);
  v.string("driverVersion", news.driverVersion, true, (s) => DRIVER_VERSION_PATTERN.test(s), "be 1–64 characters of letters, digits, _, - and .");
  v.nonEmptyString("edgeVersion", news.edgeVersion, true, "be a non-empty Link IoT Edge version such as 2.0.0");
  v.string("argument", news.argument, false);
  validateDescription(v, news.description);
  if (v.object("sourceConfig", news.sourceConfig, "be an object { ossAddress }")) {
    v.nonEmptyString("sourceConfig.ossAddress", (news.sourceConfig as Rec).ossAddress, true, "be the non-empty OSS URL of the driver code");
  }
  v.list("driverConfig", news.driverConfig, undefined, "be a list of { format, content } entries", (item, p) => {
    if (!v.object(p, item, "be an object { format, content }", true)) return;
    v.oneOf(`${p}.format`, (item as Rec).format, DRIVER_CONFIG_FORMATS, true);
    v.string(`${p}.content`, (item as Rec).content, true);
  });
  if (v.object("configCheckRule", news.configCheckRule, "be an object { deviceConfig?, driverConfig? }")) {
    for (const key of ["deviceConfig", "driverConfig"] as const) {
      const rule = (news.configCheckRule as Rec)[key];
      if (v.object(`configCheckRule.${key}`, rule, "be an object { required }")) {
        v.boolean(`configCheckRule.${key}.required`, (rule as Rec).required, true);
      }
    }
  }
  validateContainerConfig(v, news.containerConfig);
  v.nonEmptyString("iotInstanceId", news.iotInstanceId, false);
  v.boolean("released", news.released, false);
  v.boolean("adoptExisting", news.adoptExisting, false);
  return failures;
}

function validateDescription(v: Validator, value: unknown): void {
  if (!v.string("description", value, false) || typeof value !== "string") return;
  const bytes = Buffer.byteLength(value, "utf8");
  if (bytes > MAX_DESCRIPTION_BYTES) {
    v.fail(checkFailure("description", bytes, `be at most ${MAX_DESCRIPTION_BYTES} bytes in UTF-8`, "bytes"));
  }
}

function validateContainerConfig(v: Validator, value: unknown): void {
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

/** Length in characters (code points), as the vendor page counts them. */
function chars(s: string): number {
  return [...s].length;
}

/** Collects failures; every method returns true when the value is present, known and well-typed. */
class Validator {
  constructor(private readonly failures: CheckFailure[]) {}

  fail(failure: CheckFailure): void {
    this.failures.push(failure);
  }

  /** False (no failure) for absent optional or unknown values; a failure for an absent required one. */
  private present(property: string, value: unknown, required: boolean, rule: string): boolean {
    if (isUnknown(value)) return false;
    if (value === undefined || value === null) {
      if (required) this.fail(checkFailure(property, value, rule));
      return false;
    }
    return true;
  }

  string(property: string, value: unknown, required: boolean, test?: (s: string) => boolean, rule = "be a string"): boolean {
    if (!this.present(property, value, required, rule)) return false;
    if (typeof value !== "string" || (test !== undefined && !test(value))) {
      this.fail(checkFailure(property, value, rule));
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
      this.fail(checkFailure(property, value, "be true or false"));
      return false;
    }
    return true;
  }

  /** A container switch: a boolean, or the API's own 0/1. */
  flag(property: string, value: unknown): void {
    if (!this.present(property, value, false, "")) return;
    if (typeof value !== "boolean" && value !== 0 && value !== 1) this.fail(checkFailure(property, value, "be true or false (or 0 or 1)"));
  }

  port(property: string, value: unknown): void {
    const rule = "be an integer from 1 to 65535";
    if (!this.present(property, value, true, rule)) return;
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 65535) this.fail(checkFailure(property, value, rule));
  }

  object(property: string, value: unknown, rule: string, required = false): boolean {
    if (!this.present(property, value, required, rule)) return false;
    if (typeof value !== "object" || Array.isArray(value)) {
      this.fail(checkFailure(property, value, rule));
      return false;
    }
    return true;
  }

  /** A list of at most `max` items (when given), each checked by `each(item, "<property>[i]")`. */
  list(property: string, value: unknown, max: number | undefined, rule: string, each: (item: unknown, path: string) => void): void {
    if (!this.present(property, value, false, rule)) return;
    if (!Array.isArray(value)) {
      this.fail(checkFailure(property, value, rule));
      return;
    }
    if (max !== undefined && value.length > max) {
      this.fail(checkFailure(property, value.length, `have at most ${max} mappings`, "mappings"));
    }
    value.forEach((item, i) => {
      if (!isUnknown(item)) each(item, `${property}[${i}]`);
    });
  }
}
