import { createHash } from "crypto";
import { existsSync } from "fs";
import { homedir } from "os";
import { join } from "path";
import {
  CLIProfileCredentialsProvider,
  ECSRAMRoleCredentialsProvider,
  OIDCRoleArnCredentialsProvider,
  ProfileCredentialsProvider,
  RAMRoleARNCredentialsProvider,
  StaticAKCredentialsProvider,
  StaticSTSCredentialsProvider,
  URICredentialsProvider,
} from "@alicloud/credentials";
import type { CredentialsProvider as LibraryProvider } from "@alicloud/credentials";
import type { SigningCredential } from "../client/RequestSigner";
import { CredentialsError } from "./CredentialsError";
import type { CredentialsProvider } from "./CredentialsProvider";

/** `alicloud-iot:assumeRole`: a RAM role assumed (STS AssumeRole) with whatever credential the chain found. */
export interface AssumeRoleSettings {
  readonly roleArn: string;
  readonly sessionName?: string;
  readonly externalId?: string;
  /** Session duration, seconds (STS: 900 to the role's maximum). */
  readonly duration?: number;
}

/** The credential settings of the provider configuration (config values, already resolved against env for the static pair). */
export interface CredentialSettings {
  readonly accessKeyId?: string;
  readonly accessKeySecret?: string;
  readonly securityToken?: string;
  /** Where the static pair came from, for messages. */
  readonly staticSource?: string;
  /** `alicloud-iot:profile`: a profile of the Alibaba Cloud CLI's config file, used before the chain. */
  readonly profile?: string;
  readonly assumeRole?: AssumeRoleSettings;
  /** STS host (`host[:port]`, HTTPS), for the OIDC role and `assumeRole`. */
  readonly stsEndpoint?: string;
}

/** Environment variables the chain reads (Alibaba Cloud SDK credential names). */
export const CHAIN_ENV = {
  roleArn: "ALIBABA_CLOUD_ROLE_ARN",
  oidcProviderArn: "ALIBABA_CLOUD_OIDC_PROVIDER_ARN",
  oidcTokenFile: "ALIBABA_CLOUD_OIDC_TOKEN_FILE",
  roleSessionName: "ALIBABA_CLOUD_ROLE_SESSION_NAME",
  profile: "ALIBABA_CLOUD_PROFILE",
  cliProfileDisabled: "ALIBABA_CLOUD_CLI_PROFILE_DISABLED",
  credentialsFile: "ALIBABA_CLOUD_CREDENTIALS_FILE",
  ecsRoleName: "ALIBABA_CLOUD_ECS_METADATA",
  ecsDisabled: "ALIBABA_CLOUD_ECS_METADATA_DISABLED",
  credentialsUri: "ALIBABA_CLOUD_CREDENTIALS_URI",
} as const;

/** Default STS session name: says who assumed the role in ActionTrail. */
export const DEFAULT_SESSION_NAME = "pulumi-alicloud-iot";

// Providers are kept process-wide (on globalThis, like the limiter) so that a session credential is
// fetched once and refreshed by the library, however many clients are built. The key is a hash of
// every setting, secrets included, so a rotated key gets a new provider.
const CACHE = "__pulumiAlicloudIotCredentialsV1";
type Holder = { [CACHE]?: Map<string, CredentialsProvider> };

/** Forgets every cached provider (tests). */
export function resetCredentialsCache(): void {
  delete (globalThis as Holder)[CACHE];
}

/**
 * The credentials provider for `settings`, or undefined when nothing is configured anywhere. Order:
 * explicit config (`alicloud-iot:accessKeyId`/`accessKeySecret`/`securityToken`, or the environment
 * pair — resolved by the caller into `settings`), `alicloud-iot:profile`, then the chain: OIDC role
 * (`ALIBABA_CLOUD_ROLE_ARN`, `ALIBABA_CLOUD_OIDC_PROVIDER_ARN`, `ALIBABA_CLOUD_OIDC_TOKEN_FILE`), the
 * CLI profile file (`~/.aliyun/config.json`), the credentials file (`~/.alibabacloud/credentials`),
 * the ECS RAM role named in `ALIBABA_CLOUD_ECS_METADATA`, the credentials URI, and last the ECS RAM
 * role found through the instance metadata (unless `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`).
 * The first source that is configured is used — a failing source is reported, not skipped, so a
 * broken OIDC setup never silently falls through to another identity. `assumeRole` then assumes the
 * role with that credential. Every provider comes from Alibaba's `@alicloud/credentials`.
 */
export function credentialsProviderFor(settings: CredentialSettings, env: NodeJS.ProcessEnv): CredentialsProvider | undefined {
  const base = baseProvider(settings, env);
  if (base === undefined) return undefined;
  const provider = settings.assumeRole === undefined ? base : assumeRole(base, settings.assumeRole, settings.stsEndpoint);
  const cache = ((globalThis as Holder)[CACHE] ??= new Map());
  const key = createHash("sha256").update(JSON.stringify([provider.key, settings.securityToken ?? ""])).digest("hex");
  let found = cache.get(key);
  if (!found) {
    found = new LibraryCredentials(provider.identity, provider.source, provider.build, [settings.accessKeySecret, settings.securityToken]);
    cache.set(key, found);
  }
  return found;
}

interface Candidate {
  readonly identity: string;
  readonly source: string;
  /** Every setting that shapes the provider, secrets included (hashed before use). */
  readonly key: string;
  readonly build: () => LibraryProvider;
}

/** The first source of the chain that has credentials (settings, then the environment), as a candidate. */
function baseProvider(s: CredentialSettings, env: NodeJS.ProcessEnv): Candidate | undefined {
  if (s.accessKeyId !== undefined && s.accessKeySecret !== undefined) return staticKey(s.accessKeyId, s.accessKeySecret, s.securityToken, s.staticSource);
  if (s.profile !== undefined) return cliProfile(s.profile, "alicloud-iot:profile", env);
  const oidc = oidcRole(s.stsEndpoint, env);
  if (oidc !== undefined) return oidc;

  const home = nonEmpty(env.HOME) ?? homedir();
  if (!isTrue(env[CHAIN_ENV.cliProfileDisabled]) && existsSync(join(home, ".aliyun", "config.json"))) {
    return cliProfile(nonEmpty(env[CHAIN_ENV.profile]), CHAIN_ENV.profile, env);
  }
  const credentialsFile = nonEmpty(env[CHAIN_ENV.credentialsFile]) ?? join(home, ".alibabacloud", "credentials");
  if (existsSync(credentialsFile)) {
    const name = nonEmpty(env[CHAIN_ENV.profile]) ?? "default";
    return {
      identity: `credentials-file:${credentialsFile}:${name}`,
      source: `the credentials file ${credentialsFile} (profile ${name})`,
      key: JSON.stringify(["ini", credentialsFile, name]),
      build: () => ProfileCredentialsProvider.builder().withProfileName(name).build(),
    };
  }
  const ecsDisabled = isTrue(env[CHAIN_ENV.ecsDisabled]);
  const ecsRole = nonEmpty(env[CHAIN_ENV.ecsRoleName]);
  if (!ecsDisabled && ecsRole !== undefined) return ecs(ecsRole);
  const uri = nonEmpty(env[CHAIN_ENV.credentialsUri]);
  if (uri !== undefined) {
    return {
      identity: `uri:${uri}`,
      source: `the credentials URI (${CHAIN_ENV.credentialsUri})`,
      key: JSON.stringify(["uri", uri]),
      build: () => URICredentialsProvider.builder().withCredentialsURI(uri).build(),
    };
  }
  return ecsDisabled ? undefined : ecs(undefined);
}

function staticKey(accessKeyId: string, accessKeySecret: string, securityToken: string | undefined, source: string | undefined): Candidate {
  return {
    identity: `ak:${accessKeyId}`,
    source: source ?? "Pulumi config",
    key: JSON.stringify(["static", accessKeyId, accessKeySecret, securityToken]),
    build: () =>
      securityToken === undefined
        ? StaticAKCredentialsProvider.builder().withAccessKeyId(accessKeyId).withAccessKeySecret(accessKeySecret).build()
        : StaticSTSCredentialsProvider.builder().withAccessKeyId(accessKeyId).withAccessKeySecret(accessKeySecret).withSecurityToken(securityToken).build(),
  };
}

/** The OIDC role of the environment (all three of its variables set), else undefined. */
function oidcRole(stsEndpoint: string | undefined, env: NodeJS.ProcessEnv): Candidate | undefined {
  const roleArn = nonEmpty(env[CHAIN_ENV.roleArn]);
  const oidcProviderArn = nonEmpty(env[CHAIN_ENV.oidcProviderArn]);
  const tokenFile = nonEmpty(env[CHAIN_ENV.oidcTokenFile]);
  if (roleArn === undefined || oidcProviderArn === undefined || tokenFile === undefined) return undefined;
  const sessionName = nonEmpty(env[CHAIN_ENV.roleSessionName]) ?? DEFAULT_SESSION_NAME;
  return {
    identity: `role:${roleArn}`,
    source: `the OIDC role (${CHAIN_ENV.roleArn} ${roleArn})`,
    key: JSON.stringify(["oidc", roleArn, oidcProviderArn, tokenFile, sessionName, stsEndpoint]),
    build: () => {
      const b = OIDCRoleArnCredentialsProvider.builder()
        .withRoleArn(roleArn)
        .withOIDCProviderArn(oidcProviderArn)
        .withOIDCTokenFilePath(tokenFile)
        .withRoleSessionName(sessionName);
      return (stsEndpoint === undefined ? b : b.withStsEndpoint(stsEndpoint)).build();
    },
  };
}

function cliProfile(name: string | undefined, via: string, env: NodeJS.ProcessEnv): Candidate {
  const home = nonEmpty(env.HOME) ?? homedir();
  const file = join(home, ".aliyun", "config.json");
  return {
    identity: `profile:${file}:${name ?? "(current)"}`,
    source: `the Alibaba Cloud CLI profile ${name ?? "(current)"} in ${file} (${via})`,
    key: JSON.stringify(["cli", file, name]),
    build: () => {
      const p = CLIProfileCredentialsProvider.builder().withProfileName(name as string).build();
      // The library reads os.homedir() once; point it at the HOME this configuration resolved.
      (p as unknown as { homedir: string }).homedir = home;
      return p;
    },
  };
}

function ecs(roleName: string | undefined): Candidate {
  return {
    identity: `ecs:${roleName ?? "(instance role)"}`,
    source: `the ECS RAM role ${roleName ?? "of this instance"} (instance metadata; set ${CHAIN_ENV.ecsDisabled}=true to skip)`,
    key: JSON.stringify(["ecs", roleName]),
    build: () => {
      const b = ECSRAMRoleCredentialsProvider.builder();
      return (roleName === undefined ? b : b.withRoleName(roleName)).build();
    },
  };
}

function assumeRole(base: Candidate, role: AssumeRoleSettings, stsEndpoint: string | undefined): Candidate {
  return {
    identity: `role:${role.roleArn}`,
    source: `alicloud-iot:assumeRole ${role.roleArn} with ${base.source}`,
    key: JSON.stringify(["assumeRole", base.key, role, stsEndpoint]),
    build: () => {
      let b = RAMRoleARNCredentialsProvider.builder()
        .withCredentialsProvider(base.build())
        .withRoleArn(role.roleArn)
        .withRoleSessionName(role.sessionName ?? DEFAULT_SESSION_NAME)
        .withDurationSeconds(role.duration ?? 3600);
      if (role.externalId !== undefined) b = b.withExternalId(role.externalId);
      if (stsEndpoint !== undefined) b = b.withStsEndpoint(stsEndpoint);
      return b.build();
    },
  };
}

/**
 * A library provider behind {@link CredentialsProvider}: built on first use (so a configuration
 * error surfaces at the first call, not at `configure`), errors turned into CredentialsErrors with
 * the secrets removed. The library's session providers refresh an STS credential 15 minutes before
 * it expires (and on every call once fewer than 15 minutes remain). Fields holding secrets are
 * non-enumerable, so inspecting or serializing the object shows none.
 */
class LibraryCredentials implements CredentialsProvider {
  declare private readonly build: () => LibraryProvider;
  declare private readonly secrets: ReadonlyArray<string | undefined>;
  declare private inner: LibraryProvider | undefined;

  constructor(readonly identity: string, readonly source: string, build: () => LibraryProvider, secrets: ReadonlyArray<string | undefined>) {
    Object.defineProperty(this, "build", { value: build, enumerable: false });
    Object.defineProperty(this, "secrets", { value: secrets, enumerable: false });
    Object.defineProperty(this, "inner", { value: undefined, enumerable: false, writable: true });
  }

  async getCredential(): Promise<SigningCredential> {
    let got;
    try {
      this.inner ??= this.build();
      got = await this.inner.getCredentials();
    } catch (e) {
      throw new CredentialsError(this.source, e instanceof Error ? e.message : String(e), this.secrets);
    }
    if (!got.accessKeyId || !got.accessKeySecret) throw new CredentialsError(this.source, "the source returned no AccessKeyId/AccessKeySecret");
    const out: { accessKeyId: string; accessKeySecret: string; securityToken?: string } = { accessKeyId: got.accessKeyId, accessKeySecret: got.accessKeySecret };
    if (got.securityToken) out.securityToken = got.securityToken;
    return out;
  }

  toJSON(): Record<string, string> {
    return { identity: this.identity, source: this.source };
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function isTrue(value: string | undefined): boolean {
  return value?.trim().toLowerCase() === "true";
}
