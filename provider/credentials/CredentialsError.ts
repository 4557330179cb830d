import { redactSecrets } from "../errors/redactSecrets";

/**
 * {@link CredentialsError} `CredentialsUnavailable`: the configured credential source could not
 * produce a credential (STS refused, token file unreadable, profile missing…). Its message names the
 * source and the underlying reason with every known secret removed:
 *   `Could not get Alibaba Cloud credentials from ${source}: ${reason}`
 */
export class CredentialsError extends Error {
  declare readonly name: "CredentialsError";
  readonly code = "CredentialsUnavailable" as const;
  readonly source: string;

  constructor(source: string, reason: string, secrets: ReadonlyArray<string | undefined> = []) {
    super(`Could not get Alibaba Cloud credentials from ${source}: ${redactSecrets(reason, secrets)}`);
    this.source = source;
  }
}
Object.defineProperty(CredentialsError.prototype, "name", { value: "CredentialsError", enumerable: false, writable: false, configurable: true });
