import { CONFIG_KEYS, configuredValue } from "../config";
import type { QuotaStoreSettings } from "./quotaStoreSettings";
import { parseQuotaStoreSettings } from "./quotaStoreSettings";

/** Environment fallbacks of the quota-store settings (CI jobs set these instead of stack config). */
export const QUOTA_STORE_ENV = {
  url: "ALIBABA_CLOUD_IOT_QUOTA_STORE",
  password: "ALIBABA_CLOUD_IOT_QUOTA_STORE_PASSWORD",
  fallback: "ALIBABA_CLOUD_IOT_QUOTA_STORE_FALLBACK",
  account: "ALIBABA_CLOUD_IOT_QUOTA_ACCOUNT",
} as const;

/** The quota store in force and the names of the settings it came from (for messages). */
export interface ResolvedQuotaStore {
  readonly settings: QuotaStoreSettings;
  readonly settingName: string;
  readonly fallbackSettingName: string;
}

/**
 * The quota store configured now: `alicloud-iot:quotaStore` (with `quotaStorePassword` and
 * `quotaStoreFallback`), else the ALIBABA_CLOUD_IOT_QUOTA_STORE* variables; undefined = none (each
 * process keeps its own window). Each setting is taken from config first, then the environment.
 */
export function resolveQuotaStore(env: NodeJS.ProcessEnv = process.env): ResolvedQuotaStore | undefined {
  const fromConfig = configuredValue("quotaStore");
  const url = fromConfig ?? nonEmpty(env[QUOTA_STORE_ENV.url]);
  const fallbackFromConfig = configuredValue("quotaStoreFallback");
  const names = {
    url: fromConfig !== undefined ? CONFIG_KEYS.quotaStore : QUOTA_STORE_ENV.url,
    fallback: fallbackFromConfig !== undefined ? CONFIG_KEYS.quotaStoreFallback : QUOTA_STORE_ENV.fallback,
  };
  const settings = parseQuotaStoreSettings(
    {
      url,
      password: configuredValue("quotaStorePassword") ?? nonEmpty(env[QUOTA_STORE_ENV.password]),
      fallback: fallbackFromConfig ?? nonEmpty(env[QUOTA_STORE_ENV.fallback]),
    },
    names,
  );
  return settings === undefined ? undefined : { settings, settingName: names.url, fallbackSettingName: names.fallback };
}

/**
 * The account whose quota a bucket counts against: `alicloud-iot:quotaAccount` or
 * ALIBABA_CLOUD_IOT_QUOTA_ACCOUNT when set (several AccessKeyIds — RAM users — of one account share
 * its quotas), else undefined (the bucket is per AccessKeyId).
 */
export function resolveQuotaAccount(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return configuredValue("quotaAccount") ?? nonEmpty(env[QUOTA_STORE_ENV.account]);
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
