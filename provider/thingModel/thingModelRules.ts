import { checkFailure, type CheckFailure } from "../dynamic/checkFailure";
import type { Keyed, ThingModelDefinition, TslDataType, TslEvent, TslParam, TslProperty, TslService } from "./thingModelTypes";
import { containsUnknown } from "../dynamic/unknown";

/**
 * Rules of a thing model (TSL), shared by ThingModel's `check()` and the emulator's
 * ImportThingModelTsl, so the preview refuses exactly what the emulator refuses. Sources:
 * IoT Platform: TSL field descriptions; Supported data types; What is a TSL model.
 * Where the pages are silent (reserved identifiers, name characters) the rule is our strict reading
 * and docs/product.md says so.
 */

/** A feature or parameter identifier: 1–50 letters, digits and `_`, unique within the model. */
export const TSL_IDENTIFIER_PATTERN = /^[A-Za-z0-9_]{1,50}$/;
export const TSL_IDENTIFIER_RULE = "be 1–50 letters, digits and _";
/** Words the Alink topics use (`thing.service.property.set`, `…event.…post`): not usable as identifiers (strict reading). */
export const TSL_RESERVED_IDENTIFIERS = ["set", "get", "post", "property", "event", "time", "value"];
/** Display names: 1–30 characters of Chinese, letters, digits, `_ - . /` and spaces, starting with Chinese, a letter or a digit. */
export const TSL_NAME_PATTERN = /^[\u4e00-\u9fa5A-Za-z0-9][\u4e00-\u9fa5A-Za-z0-9_\-./ ]{0,29}$/;
export const TSL_NAME_RULE = "be 1–30 characters of Chinese, letters, digits, _, -, ., / and spaces, starting with Chinese, a letter or a digit";
/** `text` lengths, in bytes (Supported data types: at most 10,240). */
export const TSL_MAX_TEXT_LENGTH = 10_240;
/** `array` sizes (Supported data types: 1 to 512 elements). */
export const TSL_MAX_ARRAY_SIZE = 512;
/** PublishThingModel `ModelVersion`: 1–16 letters, digits and `.` (IoT Platform API reference: PublishThingModel). */
export const MODEL_VERSION_PATTERN = /^[A-Za-z0-9.]{1,16}$/;

const NUMERIC = ["int", "float", "double"];
const STRUCT_MEMBER_TYPES = ["int", "float", "double", "text", "date", "bool", "enum"];
const ARRAY_ITEM_TYPES = ["int", "float", "double", "text", "struct"];
const ALL_TYPES = ["int", "float", "double", "text", "date", "bool", "enum", "struct", "array"];

/** What {@link normalizeThingModel} returns. */
export interface NormalizedThingModel {
  readonly definition: ThingModelDefinition;
  readonly failures: CheckFailure[];
}

/**
 * Validates the three feature lists (each a TSL list of objects with `identifier`, or an object keyed
 * by identifier) and returns them keyed by identifier with defaults filled in (name = identifier,
 * accessMode rw, callType async, event type info, required false). Identifiers are unique across
 * properties, services and events. Paths in failures start with `prefix` (e.g. `services[0]` or
 * `services.TimeReset`).
 */
export function normalizeThingModel(raw: { properties?: unknown; services?: unknown; events?: unknown }): NormalizedThingModel {
  const failures: CheckFailure[] = [];
  const seen = new Map<string, string>();
  const properties = normalizeList<TslProperty>("properties", raw.properties, failures, seen, normalizeProperty);
  const services = normalizeList<TslService>("services", raw.services, failures, seen, normalizeService);
  const events = normalizeList<TslEvent>("events", raw.events, failures, seen, normalizeEvent);
  return { definition: { properties, services, events }, failures };
}

type FeatureNormalizer<T extends { identifier: string }> = (path: string, value: Record<string, unknown>, failures: CheckFailure[]) => Omit<T, "identifier">;

function normalizeList<T extends { identifier: string }>(
  field: string,
  value: unknown,
  failures: CheckFailure[],
  seen: Map<string, string>,
  normalize: FeatureNormalizer<T>,
): Keyed<T> {
  const out: { [identifier: string]: Omit<T, "identifier"> } = {};
  if (value === undefined || value === null) return out;
  let entries: [path: string, identifier: unknown, body: unknown][];
  if (Array.isArray(value)) entries = value.map((v, i) => [`${field}[${i}]`, isObject(v) ? v.identifier : undefined, v]);
  else if (isObject(value)) {
    entries = Object.entries(value).map(([k, v]) => [`${field}.${k}`, k, v]);
    for (const [path, k, v] of entries) {
      if (isObject(v) && v.identifier !== undefined && v.identifier !== k) failures.push(checkFailure(`${path}.identifier`, v.identifier, `be the key it is listed under (${JSON.stringify(k)}) or be left out`));
    }
  }
  else {
    failures.push(checkFailure(field, value, `be a list of ${field} (or an object keyed by identifier)`));
    return out;
  }
  for (const [path, identifier, body] of entries) {
    if (!isObject(body)) {
      failures.push(checkFailure(path, body, "be an object with identifier, name and the feature's fields"));
      continue;
    }
    if (!checkIdentifier(`${path}.identifier`, identifier, failures)) continue;
    const id = identifier as string;
    const first = seen.get(id);
    if (first !== undefined) {
      failures.push(checkFailure(`${path}.identifier`, id, `be unique in the thing model (${first} has the same identifier)`));
      continue;
    }
    seen.set(id, path);
    out[id] = normalize(path, body, failures);
  }
  return out;
}

function normalizeProperty(path: string, v: Record<string, unknown>, failures: CheckFailure[]): Omit<TslProperty, "identifier"> {
  const accessMode = v.accessMode ?? "rw";
  if (accessMode !== "r" && accessMode !== "rw") failures.push(checkFailure(`${path}.accessMode`, accessMode, 'be "r" (read-only) or "rw" (read/write)'));
  return {
    name: nameOf(path, v, failures),
    accessMode: accessMode as "r" | "rw",
    required: boolOf(`${path}.required`, v.required, failures),
    ...descOf(path, v, failures),
    dataType: dataTypeOf(`${path}.dataType`, v.dataType, failures, 0),
  };
}

function normalizeService(path: string, v: Record<string, unknown>, failures: CheckFailure[]): Omit<TslService, "identifier"> {
  const callType = v.callType ?? "async";
  if (callType !== "async" && callType !== "sync") failures.push(checkFailure(`${path}.callType`, callType, 'be "async" or "sync"'));
  return {
    name: nameOf(path, v, failures),
    callType: callType as "async" | "sync",
    required: boolOf(`${path}.required`, v.required, failures),
    ...descOf(path, v, failures),
    inputData: paramsOf(`${path}.inputData`, v.inputData, failures),
    outputData: paramsOf(`${path}.outputData`, v.outputData, failures),
  };
}

function normalizeEvent(path: string, v: Record<string, unknown>, failures: CheckFailure[]): Omit<TslEvent, "identifier"> {
  const type = v.type ?? "info";
  if (type !== "info" && type !== "alert" && type !== "error") failures.push(checkFailure(`${path}.type`, type, 'be "info", "alert" or "error"'));
  return {
    name: nameOf(path, v, failures),
    type: type as "info" | "alert" | "error",
    required: boolOf(`${path}.required`, v.required, failures),
    ...descOf(path, v, failures),
    outputData: paramsOf(`${path}.outputData`, v.outputData, failures),
  };
}

function checkIdentifier(path: string, identifier: unknown, failures: CheckFailure[]): boolean {
  if (typeof identifier !== "string" || !TSL_IDENTIFIER_PATTERN.test(identifier)) {
    failures.push(checkFailure(path, identifier, TSL_IDENTIFIER_RULE));
    return false;
  }
  if (TSL_RESERVED_IDENTIFIERS.includes(identifier.toLowerCase())) {
    failures.push(checkFailure(path, identifier, `not be a reserved word (${TSL_RESERVED_IDENTIFIERS.join(", ")})`));
    return false;
  }
  return true;
}

function nameOf(path: string, v: Record<string, unknown>, failures: CheckFailure[]): string {
  const name = v.name ?? v.identifier ?? path.split(".").pop();
  if (typeof name !== "string" || !TSL_NAME_PATTERN.test(name)) failures.push(checkFailure(`${path}.name`, name, TSL_NAME_RULE));
  return name as string;
}

function descOf(path: string, v: Record<string, unknown>, failures: CheckFailure[]): { desc?: string } {
  if (v.desc === undefined || v.desc === null || v.desc === "") return {};
  if (typeof v.desc !== "string" || v.desc.length > 100) failures.push(checkFailure(`${path}.desc`, v.desc, "be a string of at most 100 characters"));
  return { desc: v.desc as string };
}

function boolOf(path: string, value: unknown, failures: CheckFailure[]): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== "boolean") failures.push(checkFailure(path, value, "be true or false"));
  return value === true;
}

function paramsOf(path: string, value: unknown, failures: CheckFailure[]): TslParam[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    failures.push(checkFailure(path, value, "be a list of parameters ({identifier, name, dataType})"));
    return [];
  }
  const seen = new Map<string, number>();
  const out: TslParam[] = [];
  value.forEach((p, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(p)) {
      failures.push(checkFailure(at, p, "be a parameter ({identifier, name, dataType})"));
      return;
    }
    if (!checkIdentifier(`${at}.identifier`, p.identifier, failures)) return;
    const id = p.identifier as string;
    if (seen.has(id)) {
      failures.push(checkFailure(`${at}.identifier`, id, `be unique among the parameters (${path}[${seen.get(id)}] has the same identifier)`));
      return;
    }
    seen.set(id, i);
    out.push({ identifier: id, name: nameOf(at, p, failures), dataType: dataTypeOf(`${at}.dataType`, p.dataType, failures, 0) });
  });
  return out;
}

/** `depth` 1 inside a struct or an array: structs and arrays do not nest (Supported data types). */
function dataTypeOf(path: string, value: unknown, failures: CheckFailure[], depth: number): TslDataType {
  if (!isObject(value) || typeof value.type !== "string" || !ALL_TYPES.includes(value.type)) {
    failures.push(checkFailure(`${path}.type`, isObject(value) ? value.type : value, `be one of ${ALL_TYPES.join(", ")}`));
    return { type: "text" };
  }
  const type = value.type;
  const specs = value.specs;
  if (depth > 0 && (type === "struct" || type === "array")) {
    failures.push(checkFailure(`${path}.type`, type, "not nest: a struct's members and an array's items are not structs or arrays (except struct items of an array)"));
  }
  if (NUMERIC.includes(type)) return numericType(path, type, specs, failures);
  if (type === "bool") return boolType(path, specs, failures);
  if (type === "enum") return enumType(path, specs, failures);
  if (type === "text") return textType(path, specs, failures);
  if (type === "date") return { type: "date" };
  if (type === "struct") return structType(path, specs, failures);
  return arrayType(path, specs, failures);
}

/** int, float, double: {min, max, step, unit, unitName}, all optional; numbers kept as the text the API takes. */
function numericType(path: string, type: string, specs: unknown, failures: CheckFailure[]): TslDataType {
  const s = isObject(specs) ? specs : {};
  if (specs !== undefined && !isObject(specs)) failures.push(checkFailure(`${path}.specs`, specs, "be {min, max, step, unit}"));
  const bound = (k: string): number | undefined => {
    const raw = s[k];
    if (raw === undefined || raw === null || raw === "") return undefined;
    const n = typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() !== "" ? Number(raw) : NaN;
    if (!Number.isFinite(n) || (type === "int" && !Number.isInteger(n))) {
      failures.push(checkFailure(`${path}.specs.${k}`, raw, type === "int" ? "be an integer" : "be a finite number"));
      return undefined;
    }
    return n;
  };
  const min = bound("min");
  const max = bound("max");
  const step = bound("step");
  if (min !== undefined && max !== undefined && min > max) failures.push(checkFailure(`${path}.specs.min`, min, `be at most specs.max (${max})`));
  if (step !== undefined && step <= 0) failures.push(checkFailure(`${path}.specs.step`, step, "be positive"));
  const out: Record<string, unknown> = {};
  for (const k of ["min", "max", "step"]) if (s[k] !== undefined && s[k] !== null && s[k] !== "") out[k] = String(s[k]);
  for (const k of ["unit", "unitName"]) if (typeof s[k] === "string" && s[k] !== "") out[k] = s[k];
  return Object.keys(out).length > 0 ? ({ type, specs: out } as TslDataType) : ({ type } as TslDataType);
}

function boolType(path: string, specs: unknown, failures: CheckFailure[]): TslDataType {
  if (!isObject(specs) || typeof specs["0"] !== "string" || typeof specs["1"] !== "string" || specs["0"] === "" || specs["1"] === "") {
    failures.push(checkFailure(`${path}.specs`, specs, 'name both values, e.g. {"0": "off", "1": "on"}'));
    return { type: "bool", specs: { "0": "false", "1": "true" } };
  }
  return { type: "bool", specs: { "0": specs["0"], "1": specs["1"] } };
}

function enumType(path: string, specs: unknown, failures: CheckFailure[]): TslDataType {
  if (!isObject(specs) || Object.keys(specs).length === 0) {
    failures.push(checkFailure(`${path}.specs`, specs, 'name at least one integer value, e.g. {"0": "red", "1": "blue"}'));
    return { type: "enum", specs: {} };
  }
  for (const [k, v] of Object.entries(specs)) {
    if (!/^-?\d{1,10}$/.test(k)) failures.push(checkFailure(`${path}.specs`, k, "have integer keys (the enum values)"));
    if (typeof v !== "string" || v === "") failures.push(checkFailure(`${path}.specs.${k}`, v, "be the value's display name"));
  }
  return { type: "enum", specs: { ...(specs as Record<string, string>) } };
}

function textType(path: string, specs: unknown, failures: CheckFailure[]): TslDataType {
  const raw = isObject(specs) ? specs.length : undefined;
  if (specs !== undefined && !isObject(specs)) failures.push(checkFailure(`${path}.specs`, specs, "be {length}"));
  if (raw === undefined || raw === null || raw === "") return { type: "text", specs: { length: String(TSL_MAX_TEXT_LENGTH) } };
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > TSL_MAX_TEXT_LENGTH) failures.push(checkFailure(`${path}.specs.length`, raw, `be an integer from 1 to ${TSL_MAX_TEXT_LENGTH.toLocaleString("en-US")} (bytes)`));
  return { type: "text", specs: { length: String(raw) } };
}

function structType(path: string, specs: unknown, failures: CheckFailure[]): TslDataType {
  if (!Array.isArray(specs) || specs.length === 0) {
    failures.push(checkFailure(`${path}.specs`, specs, "list the struct's members ({identifier, name, dataType})"));
    return { type: "struct", specs: [] };
  }
  const members = paramsOf(`${path}.specs`, specs, failures);
  members.forEach((m, i) => {
    if (!STRUCT_MEMBER_TYPES.includes(m.dataType.type)) failures.push(checkFailure(`${path}.specs[${i}].dataType.type`, m.dataType.type, `be one of ${STRUCT_MEMBER_TYPES.join(", ")} (struct members do not nest)`));
  });
  return { type: "struct", specs: members };
}

function arrayType(path: string, specs: unknown, failures: CheckFailure[]): TslDataType {
  if (!isObject(specs)) {
    failures.push(checkFailure(`${path}.specs`, specs, "be {size, item: {type}}"));
    return { type: "array", specs: { size: "1", item: { type: "int" } } };
  }
  const size = Number(specs.size);
  if (!Number.isInteger(size) || size < 1 || size > TSL_MAX_ARRAY_SIZE) failures.push(checkFailure(`${path}.specs.size`, specs.size, `be an integer from 1 to ${TSL_MAX_ARRAY_SIZE}`));
  const item = specs.item;
  if (!isObject(item) || typeof item.type !== "string" || !ARRAY_ITEM_TYPES.includes(item.type)) {
    failures.push(checkFailure(`${path}.specs.item.type`, isObject(item) ? item.type : item, `be one of ${ARRAY_ITEM_TYPES.join(", ")}`));
    return { type: "array", specs: { size: String(specs.size), item: { type: "int" } } };
  }
  const itemType = item.type === "struct" ? dataTypeOf(`${path}.specs.item`, item, failures, 0) : dataTypeOf(`${path}.specs.item`, item, failures, 1);
  return { type: "array", specs: { size: String(specs.size), item: itemType as TslArrayItem } };
}

type TslArrayItem = Extract<TslDataType, { type: "array" }>["specs"]["item"];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Whether a raw feature list may still hold preview placeholders (then check() does not validate it). */
export function thingModelIsUnknown(raw: { properties?: unknown; services?: unknown; events?: unknown }): boolean {
  return containsUnknown(raw.properties) || containsUnknown(raw.services) || containsUnknown(raw.events);
}
