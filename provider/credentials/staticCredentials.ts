import type { SigningCredential } from "../client/RequestSigner";
import { ConfigError } from "../errors/ConfigError";
import type { CredentialsProvider } from "./CredentialsProvider";

/**
 * A fixed AccessKey pair (and STS token) as a {@link CredentialsProvider}: what a config built by
 * hand (tests, scripts) without `credentials` signs with. The pair is held non-enumerable.
 */
export function staticCredentials(config: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string }): CredentialsProvider {
  const { accessKeyId, accessKeySecret, securityToken } = config;
  if (accessKeyId === undefined || accessKeySecret === undefined) {
    throw new ConfigError("MissingConfiguration", "Expected a config with `credentials` or with `accessKeyId` and `accessKeySecret`", [
      ...(accessKeyId === undefined ? ["accessKeyId"] : []),
      ...(accessKeySecret === undefined ? ["accessKeySecret"] : []),
    ]);
  }
  const credential: SigningCredential = securityToken === undefined ? { accessKeyId, accessKeySecret } : { accessKeyId, accessKeySecret, securityToken };
  const provider = { identity: `ak:${accessKeyId}`, source: "the given AccessKey pair" } as CredentialsProvider;
  Object.defineProperty(provider, "getCredential", { value: () => Promise.resolve(credential), enumerable: false });
  return provider;
}
