import assert from "node:assert/strict";
import { ConfigError, configure, resetConfig, SECRET_CONFIG_KEYS } from "../../../provider/config";
import { parseQuotaStoreSettings } from "../../../provider/quota/quotaStoreSettings";
import { QUOTA_STORE_ENV, resolveQuotaAccount, resolveQuotaStore } from "../../../provider/quota/resolveQuotaStore";

const NAMES = { url: "alicloud-iot:quotaStore", fallback: "alicloud-iot:quotaStoreFallback" };

describe(parseQuotaStoreSettings.name, () => {
  it("reads redis:// and rediss:// URLs: host, port, db, user, password, TLS; `where` has no credentials", () => {
    assert.deepEqual(parseQuotaStoreSettings({ url: "redis://redis.internal" }, NAMES), {
      host: "redis.internal",
      port: 6379,
      db: 0,
      tls: false,
      where: "redis://redis.internal",
      fallback: "error",
    });
    assert.deepEqual(parseQuotaStoreSettings({ url: "rediss://ci:p%40ss-word@10.0.0.5:6380/3", fallback: "local" }, NAMES), {
      host: "10.0.0.5",
      port: 6380,
      db: 3,
      username: "ci",
      password: "p@ss-word",
      tls: true,
      where: "rediss://10.0.0.5:6380/3",
      fallback: "local",
    });
    assert.equal(parseQuotaStoreSettings({ url: "redis://[::1]:7000" }, NAMES)?.host, "::1");
  });

  it("a separate password wins over the URL's; no URL means no store", () => {
    assert.equal(parseQuotaStoreSettings({ url: "redis://:in-url@h", password: "separate" }, NAMES)?.password, "separate");
    assert.equal(parseQuotaStoreSettings({ url: "  ", password: "x" }, NAMES), undefined);
    assert.equal(parseQuotaStoreSettings({}, NAMES), undefined);
  });

  it("rejects other schemes, queries, non-numeric paths and unknown fallbacks, naming the setting and never quoting the password", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ url: "http://:topsecret1@h:6379" }, /`alicloud-iot:quotaStore` to be a redis:\/\/ or rediss:\/\/ URL .*got the scheme http:/],
      [{ url: "redis://:topsecret1@h:6379/0?tls=true" }, /without query or fragment, got redis:\/\/h:6379\/0\?…/],
      [{ url: "redis://:topsecret1@h/queue" }, /the path is a database number, got redis:\/\/h\/queue/],
      [{ url: "not a url topsecret1" }, /got text that is not a URL/],
      [{ url: "redis://h", fallback: "ignore" }, /`alicloud-iot:quotaStoreFallback` to be "error" or "local", got "ignore"/],
    ];
    for (const [input, message] of cases) {
      assert.throws(
        () => parseQuotaStoreSettings(input, NAMES),
        (e: unknown) => e instanceof ConfigError && e.code === "InvalidConfiguration" && message.test(e.message) && !e.message.includes("topsecret1"),
        JSON.stringify(input),
      );
    }
  });
});

describe(resolveQuotaStore.name, () => {
  afterEach(() => resetConfig());
  const config = (values: Record<string, string>): void => configure({ get: (k) => values[k] });

  it("takes each setting from config first, then the environment, and names where it came from", () => {
    const env = { [QUOTA_STORE_ENV.url]: "redis://env-host", [QUOTA_STORE_ENV.password]: "env-password", [QUOTA_STORE_ENV.fallback]: "local" };
    const fromEnv = resolveQuotaStore(env);
    assert.equal(fromEnv?.settings.host, "env-host");
    assert.equal(fromEnv?.settings.password, "env-password");
    assert.equal(fromEnv?.settingName, "ALIBABA_CLOUD_IOT_QUOTA_STORE");
    assert.equal(fromEnv?.fallbackSettingName, "ALIBABA_CLOUD_IOT_QUOTA_STORE_FALLBACK");
    config({ "alicloud-iot:quotaStore": "redis://cfg-host", "alicloud-iot:quotaStorePassword": "cfg-password" });
    const fromConfig = resolveQuotaStore(env);
    assert.equal(fromConfig?.settings.host, "cfg-host");
    assert.equal(fromConfig?.settings.password, "cfg-password");
    assert.equal(fromConfig?.settings.fallback, "local");
    assert.equal(fromConfig?.settingName, "alicloud-iot:quotaStore");
  });

  it("none configured: undefined (each process keeps its own window)", () => {
    assert.equal(resolveQuotaStore({}), undefined);
  });

  it("the password setting is a secret config key; the account comes from config or ALIBABA_CLOUD_IOT_QUOTA_ACCOUNT", () => {
    assert.ok(SECRET_CONFIG_KEYS.includes("alicloud-iot:quotaStorePassword"));
    assert.equal(resolveQuotaAccount({ [QUOTA_STORE_ENV.account]: "1234567890" }), "1234567890");
    config({ "alicloud-iot:quotaAccount": "acct-from-config" });
    assert.equal(resolveQuotaAccount({ [QUOTA_STORE_ENV.account]: "1234567890" }), "acct-from-config");
  });
});
