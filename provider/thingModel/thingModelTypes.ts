/**
 * A product's thing model (TSL: Thing Specification Language) in TypeScript. Field names and values
 * are the TSL's own (IoT Platform: TSL field descriptions; Supported data types), so a model exported
 * from the console reads the same here.
 */

/** Numeric data types; `specs` bound the value (min ≤ max). TSL writes the numbers as strings; both are accepted. */
export interface TslNumberType {
  readonly type: "int" | "float" | "double";
  readonly specs?: { readonly min?: number | string; readonly max?: number | string; readonly step?: number | string; readonly unit?: string; readonly unitName?: string };
}
/** `bool`: 0 or 1, each with a display name (`{ "0": "off", "1": "on" }`). */
export interface TslBoolType {
  readonly type: "bool";
  readonly specs: { readonly "0": string; readonly "1": string };
}
/** `enum`: integer values with display names (`{ "0": "red", "1": "blue" }`). */
export interface TslEnumType {
  readonly type: "enum";
  readonly specs: { readonly [value: string]: string };
}
/** `text`: a string of at most `length` bytes (≤ 10,240; the default). */
export interface TslTextType {
  readonly type: "text";
  readonly specs?: { readonly length?: number | string };
}
/** `date`: a UTC timestamp in milliseconds, as a string. */
export interface TslDateType {
  readonly type: "date";
  readonly specs?: Record<string, never>;
}
/** `struct`: a JSON object of members, which are not structs or arrays (no nesting). */
export interface TslStructType {
  readonly type: "struct";
  readonly specs: readonly TslParam[];
}
/** `array`: 1–512 items of one type (int, float, double, text or struct). */
export interface TslArrayType {
  readonly type: "array";
  readonly specs: { readonly size: number | string; readonly item: TslNumberType | TslTextType | TslStructType };
}
export type TslDataType = TslNumberType | TslBoolType | TslEnumType | TslTextType | TslDateType | TslStructType | TslArrayType;
export type TslTypeName = TslDataType["type"];

/** A parameter of a service or event, or a struct member. */
export interface TslParam {
  readonly identifier: string;
  /** Display name; defaults to the identifier. */
  readonly name?: string;
  readonly dataType: TslDataType;
}

/** A property: device state, read-only (`r`) or read/write (`rw`, the default). */
export interface TslProperty {
  readonly identifier: string;
  readonly name?: string;
  readonly accessMode?: "r" | "rw";
  readonly required?: boolean;
  readonly desc?: string;
  readonly dataType: TslDataType;
}

/** A service the cloud can invoke (ThingsServiceInvocation's `identifier`), with typed inputs and outputs. */
export interface TslService {
  readonly identifier: string;
  readonly name?: string;
  /** `async` (the default) or `sync` (RRPC). */
  readonly callType?: "async" | "sync";
  readonly required?: boolean;
  readonly desc?: string;
  readonly inputData?: readonly TslParam[];
  readonly outputData?: readonly TslParam[];
}

/** An event a device reports: `info` (the default), `alert` or `error`. */
export interface TslEvent {
  readonly identifier: string;
  readonly name?: string;
  readonly type?: "info" | "alert" | "error";
  readonly required?: boolean;
  readonly desc?: string;
  readonly outputData?: readonly TslParam[];
}

/** A feature as state holds it: keyed by identifier, so the key is the identifier. */
export type Keyed<T extends { identifier: string }> = { readonly [identifier: string]: Omit<T, "identifier"> };

/** The three feature lists of a model in normal form (keyed by identifier, defaults filled in). */
export interface ThingModelDefinition {
  readonly properties: Keyed<TslProperty>;
  readonly services: Keyed<TslService>;
  readonly events: Keyed<TslEvent>;
}

/** Checked inputs of ThingModel. */
export interface ThingModelInputs extends ThingModelDefinition {
  readonly productKey: string;
  readonly iotInstanceId?: string;
  /** PublishThingModel `ModelVersion`: 1–16 letters, digits and `.`. */
  readonly modelVersion?: string;
  /** PublishThingModel `Description` of the version. */
  readonly description?: string;
}

/** Outputs: the inputs as published, plus the identifiers (sorted) for easy reference. */
export interface ThingModelOutputs extends ThingModelInputs {
  /** The TSL document sent to ImportThingModelTsl. */
  readonly tsl: string;
  readonly serviceIdentifiers: string[];
  readonly propertyIdentifiers: string[];
  readonly eventIdentifiers: string[];
}
