import type { CheckFailure } from "../dynamic/checkFailure";
import { checkFailure } from "../dynamic/checkFailure";
import { normalizeThingModel } from "../thingModel/thingModelRules";
import type { Keyed, TslDataType, TslParam, TslService } from "../thingModel/thingModelTypes";
import { containsUnknown, isUnknown } from "../dynamic/unknown";

/**
 * Checks an invocation's `identifier` and `args` against the services of the product's thing model,
 * when the program knows the model (ThingsServiceInvocation's `thingModel` input). Shared with the
 * emulator's InvokeThingsService, so a preview refuses what the emulator refuses.
 *
 *  - the identifier must be a service the model defines; the failure lists the defined ones;
 *  - every key of `args` must be an input parameter of that service (the list of inputs is given);
 *  - each value must fit its parameter's data type (IoT Platform: Supported data types): int an
 *    integer, float/double a finite number, both within specs.min/max; text a string of at most
 *    specs.length bytes (UTF-8); date a millisecond timestamp (string or number of digits); bool 0 or
 *    1; enum one of its values; struct an object of its members; array at most specs.size items.
 *
 * Parameters left out of `args` are not an error: the TSL marks no input as required.
 * Placeholders (preview) are skipped.
 */
export function checkInvocationAgainstModel(identifier: unknown, args: unknown, services: Keyed<TslService>): CheckFailure[] {
  if (isUnknown(identifier) || typeof identifier !== "string") return [];
  const defined = Object.keys(services).sort();
  const service = Object.prototype.hasOwnProperty.call(services, identifier) ? services[identifier] : undefined;
  if (service === undefined) {
    const list = defined.length > 0 ? defined.join(", ") : "none";
    return [checkFailure("identifier", identifier, `name a service the product's thing model defines (defined services: ${list})`)];
  }
  if (typeof args !== "object" || args === null || Array.isArray(args) || isUnknown(args)) return [];
  const inputs = service.inputData ?? [];
  const byId = new Map(inputs.map((p) => [p.identifier, p]));
  const failures: CheckFailure[] = [];
  for (const [key, value] of Object.entries(args as Record<string, unknown>)) {
    const param = byId.get(key);
    if (param === undefined) {
      const names = inputs.map((p) => p.identifier).join(", ") || "none";
      failures.push(checkFailure(`args.${key}`, value, `be an input parameter of service ${identifier} (its inputs: ${names})`));
      continue;
    }
    if (containsUnknown(value)) continue;
    const problem = valueProblem(param.dataType, value);
    if (problem !== undefined) failures.push(checkFailure(`args.${key}`, value, problem));
  }
  return failures;
}

/** Why `value` does not fit `type`, as a checkFailure rule phrase; undefined when it fits. */
export function valueProblem(type: TslDataType, value: unknown): string | undefined {
  switch (type.type) {
    case "int":
    case "float":
    case "double": {
      const integer = type.type === "int";
      if (typeof value !== "number" || !Number.isFinite(value) || (integer && !Number.isInteger(value))) return integer ? "be an integer (int)" : `be a number (${type.type})`;
      const min = type.specs?.min !== undefined ? Number(type.specs.min) : undefined;
      const max = type.specs?.max !== undefined ? Number(type.specs.max) : undefined;
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) return `be within ${min ?? "-∞"}…${max ?? "∞"} (${type.type})`;
      return undefined;
    }
    case "text": {
      const length = type.specs?.length !== undefined ? Number(type.specs.length) : 10_240;
      if (typeof value !== "string") return "be a string (text)";
      if (Buffer.byteLength(value, "utf8") > length) return `be at most ${length} bytes in UTF-8 (text)`;
      return undefined;
    }
    case "date":
      return (typeof value === "string" && /^\d{1,16}$/.test(value)) || (typeof value === "number" && Number.isInteger(value) && value >= 0) ? undefined : "be a UTC timestamp in milliseconds (date)";
    case "bool":
      return value === 0 || value === 1 ? undefined : `be 0 (${type.specs["0"]}) or 1 (${type.specs["1"]}) (bool)`;
    case "enum": {
      const values = Object.keys(type.specs);
      return typeof value === "number" && values.includes(String(value)) ? undefined : `be one of ${values.map((v) => `${v} (${type.specs[v]})`).join(", ")} (enum)`;
    }
    case "struct": {
      if (typeof value !== "object" || value === null || Array.isArray(value)) return "be an object of the struct's members (struct)";
      const members = new Map<string, TslParam>(type.specs.map((m) => [m.identifier, m]));
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const m = members.get(k);
        if (m === undefined) return `have only the members ${[...members.keys()].join(", ")} (struct), not ${k}`;
        const p = valueProblem(m.dataType, v);
        if (p !== undefined) return `have member ${k} ${p.replace(/^be /, "being ")}`;
      }
      return undefined;
    }
    case "array": {
      const size = Number(type.specs.size);
      if (!Array.isArray(value)) return "be a list (array)";
      if (value.length > size) return `have at most ${size} items (array)`;
      for (let i = 0; i < value.length; i++) {
        const p = valueProblem(type.specs.item as TslDataType, value[i]);
        if (p !== undefined) return `have item ${i} ${p.replace(/^be /, "being ")}`;
      }
      return undefined;
    }
  }
}

/**
 * Normalises ThingsServiceInvocation's optional `thingModel` input (`{ services }`, as ThingModel's
 * `services` output or a TSL service list) and checks `identifier` and `args` against it. Returns
 * the normal form to keep in the inputs (undefined when not given) and the failures. A model not
 * known yet (preview) is kept as it is and checks nothing.
 */
export function checkDeclaredThingModel(raw: Record<string, unknown>): { thingModel?: unknown; failures: CheckFailure[] } {
  const model = raw.thingModel;
  if (model === undefined || model === null) return { failures: [] };
  if (containsUnknown(model)) return { thingModel: model, failures: [] };
  if (typeof model !== "object" || Array.isArray(model) || !("services" in model)) {
    return { failures: [checkFailure("thingModel", model, "be { services } of the product's thing model (e.g. { services: model.services } of a ThingModel)")] };
  }
  const normal = normalizeThingModel({ services: (model as { services: unknown }).services });
  if (normal.failures.length > 0) return { failures: normal.failures.map((f) => ({ property: `thingModel.${f.property}`, reason: f.reason.replace("`services", "`thingModel.services") })) };
  const services = normal.definition.services;
  return { thingModel: { services }, failures: checkInvocationAgainstModel(raw.identifier, raw.args ?? {}, services) };
}
