/** Why a {@link ConfigError} was thrown. */
export type ConfigErrorCode = "MissingConfiguration" | "InvalidConfiguration";

/** {@link ConfigError} reports missing or malformed provider settings; its message says what to set. */
export class ConfigError extends Error {
  declare readonly name: "ConfigError";
  readonly code: ConfigErrorCode;
  /** The missing fields (`accessKeyId`, `accessKeySecret`, `region`); empty for invalid values. */
  readonly missing: readonly string[];

  constructor(code: ConfigErrorCode, message: string, missing: readonly string[] = []) {
    super(message);
    this.code = code;
    this.missing = missing;
  }
}
Object.defineProperty(ConfigError.prototype, "name", { value: "ConfigError", enumerable: false, writable: false, configurable: true });
