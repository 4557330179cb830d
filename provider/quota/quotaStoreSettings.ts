import { ConfigError } from "../errors/ConfigError";

/** What to do when the quota store does not answer when the first call needs it. */
export type QuotaStoreFallback = "error" | "local";

/** A parsed quota-store setting: where to connect, and how to name the store in messages. */
export interface QuotaStoreSettings {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  /** From the secret setting, else from the URL. Never in a message. */
  readonly password?: string;
  /** `rediss://`: connect over TLS. */
  readonly tls: boolean;
  /** The store for messages and logs: scheme, host, port and db, no credentials. */
  readonly where: string;
  readonly fallback: QuotaStoreFallback;
}

/** The raw settings, from Pulumi config or the environment. */
export interface QuotaStoreInput {
  readonly url?: string;
  readonly password?: string;
  readonly fallback?: string;
}

/** Names of the settings, for messages (config key or environment variable). */
export interface QuotaStoreSettingNames {
  readonly url: string;
  readonly fallback: string;
}

/**
 * Parses `redis://[user[:password]@]host[:port][/db]` or `rediss://…` (TLS). A separate `password`
 * wins over one in the URL. Throws a ConfigError naming the setting; the value it quotes never
 * includes a password. Returns undefined when no URL is set (the in-process limiter is used).
 */
export function parseQuotaStoreSettings(input: QuotaStoreInput, names: QuotaStoreSettingNames): QuotaStoreSettings | undefined {
  const raw = input.url?.trim();
  const fallback = parseFallback(input.fallback, names.fallback);
  if (!raw) return undefined;
  const expected = `Expected \`${names.url}\` to be a redis:// or rediss:// URL such as redis://redis.internal:6379/0`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError("InvalidConfiguration", `${expected}, got text that is not a URL`);
  }
  const shown = `${url.protocol}//${url.host}${url.pathname}`;
  if (url.protocol !== "redis:" && url.protocol !== "rediss:") throw new ConfigError("InvalidConfiguration", `${expected}, got the scheme ${url.protocol}`);
  if (!url.hostname) throw new ConfigError("InvalidConfiguration", `${expected}, got no host`);
  if (url.search || url.hash) throw new ConfigError("InvalidConfiguration", `${expected}, without query or fragment, got ${shown}?…`);
  const dbText = url.pathname.replace(/^\//, "");
  if (dbText !== "" && !/^\d+$/.test(dbText)) throw new ConfigError("InvalidConfiguration", `${expected}; the path is a database number, got ${shown}`);
  const port = url.port ? Number(url.port) : 6379;
  const db = dbText === "" ? 0 : Number(dbText);
  const username = url.username ? decodeURIComponent(url.username) : undefined;
  const urlPassword = url.password ? decodeURIComponent(url.password) : undefined;
  const password = input.password?.trim() || urlPassword;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return {
    host,
    port,
    db,
    ...(username !== undefined ? { username } : {}),
    ...(password !== undefined ? { password } : {}),
    tls: url.protocol === "rediss:",
    where: `${url.protocol}//${url.host}${db === 0 ? "" : `/${db}`}`,
    fallback,
  };
}

function parseFallback(raw: string | undefined, name: string): QuotaStoreFallback {
  const value = raw?.trim();
  if (!value) return "error";
  if (value === "error" || value === "local") return value;
  throw new ConfigError("InvalidConfiguration", `Expected \`${name}\` to be "error" or "local", got ${JSON.stringify(value)}`);
}
