import type { Connection } from "./Connection";

/** Settings as `configure()` stored them: `alicloud-iot:*` values by field name. */
export type StoredSettings = Readonly<Partial<Record<string, string>>>;

/** The settings and environment a resource's calls resolve against once its connection is applied. */
export interface ConnectedSettings<S extends StoredSettings> {
  readonly stored: S;
  readonly env: NodeJS.ProcessEnv;
}

/**
 * Applies a resource's {@link Connection} over the stack's settings. Pure.
 * - `region` replaces the stack's region, and the endpoint becomes that region's public one
 *   (`https://iot.<region>.aliyuncs.com`) unless `endpoint` names another: a stack endpoint (or the
 *   endpoint variable) points at the stack's region, never at another one.
 * - `endpoint` replaces the stack's endpoint.
 * - `profile` replaces the stack's credentials: the configured AccessKey pair, token and
 *   `assumeRole` and the environment's pairs (`staticEnvNames`) are dropped, so the profile's account
 *   is the one used (a profile of mode RamRoleArn assumes its own role).
 */
export function applyConnection<S extends StoredSettings>(stored: S, env: NodeJS.ProcessEnv, connection: Connection | undefined, staticEnvNames: readonly string[]): ConnectedSettings<S> {
  if (connection === undefined) return { stored, env };
  const out: Record<string, string | undefined> = { ...stored };
  let outEnv = env;
  if (connection.region !== undefined) {
    out.region = connection.region;
    out.endpoint = `https://iot.${connection.region}.aliyuncs.com`;
  }
  if (connection.endpoint !== undefined) out.endpoint = connection.endpoint;
  if (connection.profile !== undefined) {
    delete out.accessKeyId;
    delete out.accessKeySecret;
    delete out.securityToken;
    delete out.assumeRole;
    out.profile = connection.profile;
    outEnv = { ...env };
    for (const name of staticEnvNames) delete outEnv[name];
  }
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return { stored: out as S, env: outEnv };
}
