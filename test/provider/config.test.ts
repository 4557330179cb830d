import assert from "node:assert/strict";
import { inspect } from "node:util";
import type { ConfigSource } from "../../provider/config";
import { CONFIG_KEYS, configure, ConfigError, resetConfig, resolveConfig } from "../../provider/config";

function source(values: Record<string, string>): ConfigSource & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    get(key: string): string | undefined {
      asked.push(key);
      return values[key];
    },
  };
}

const CONFIGURED = {
  "alicloud-iot:region": "cn-shanghai",
  "alicloud-iot:accessKeyId": "cfgId",
  "alicloud-iot:accessKeySecret": "cfgSecret",
};

/** No source at all: the ECS instance-metadata step of the chain is off, as in every test. */
const NOTHING: NodeJS.ProcessEnv = { ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" };

const FULL_ENV = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: "envId",
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: "envSecret",
  ALIBABA_CLOUD_SECURITY_TOKEN: "envToken",
  ALIBABA_CLOUD_REGION: "ap-southeast-1",
  ALIBABA_CLOUD_IOT_ENDPOINT: "https://iot.env.example",
  ALICLOUD_ACCESS_KEY: "tfId",
  ALICLOUD_SECRET_KEY: "tfSecret",
  ALICLOUD_REGION: "eu-central-1",
};

describe("config", () => {
  afterEach(resetConfig);

  describe(configure.name, () => {
    it("reads every alicloud-iot key by its fully qualified name", () => {
      const src = source({});
      configure(src);
      assert.deepEqual(src.asked.sort(), Object.values(CONFIG_KEYS).sort());
    });

    it("is synchronous: values are visible as soon as it returns", () => {
      const result: unknown = configure(source(CONFIGURED));
      assert.equal(result, undefined);
      assert.equal(resolveConfig({}).accessKeyId, "cfgId");
    });

    it("replaces what an earlier call stored", () => {
      configure(source(CONFIGURED));
      configure(source({ ...CONFIGURED, "alicloud-iot:region": "us-east-1" }));
      assert.equal(resolveConfig({}).region, "us-east-1");
    });

    it("does not expose the stored secret on an enumerable global", () => {
      configure(source(CONFIGURED));
      assert.ok(!inspect(globalThis, { depth: 1 }).includes("cfgSecret"));
    });
  });

  describe(resolveConfig.name, () => {
    it("prefers configured values over every environment variable", () => {
      configure(source({ ...CONFIGURED, "alicloud-iot:endpoint": "https://iot.cfg.example", "alicloud-iot:securityToken": "cfgToken" }));
      assert.deepEqual(resolveConfig(FULL_ENV), {
        endpoint: "https://iot.cfg.example",
        region: "cn-shanghai",
        accessKeyId: "cfgId",
        accessKeySecret: "cfgSecret",
        securityToken: "cfgToken",
        signatureVersion: "v1",
        qpsOverrides: {},
      });
    });

    it("falls back to the ALIBABA_CLOUD_* variables, before the Terraform-style ones", () => {
      assert.deepEqual(resolveConfig(FULL_ENV), {
        endpoint: "https://iot.env.example",
        region: "ap-southeast-1",
        accessKeyId: "envId",
        accessKeySecret: "envSecret",
        securityToken: "envToken",
        signatureVersion: "v1",
        qpsOverrides: {},
      });
    });

    it("accepts the Terraform-style ALICLOUD_ACCESS_KEY, ALICLOUD_SECRET_KEY and ALICLOUD_REGION", () => {
      assert.deepEqual(resolveConfig({ ALICLOUD_ACCESS_KEY: "tfId", ALICLOUD_SECRET_KEY: "tfSecret", ALICLOUD_REGION: "eu-central-1" }), {
        endpoint: "https://iot.eu-central-1.aliyuncs.com",
        region: "eu-central-1",
        accessKeyId: "tfId",
        accessKeySecret: "tfSecret",
        signatureVersion: "v1",
        qpsOverrides: {},
      });
    });

    it("reads the environment at call time", () => {
      const env: NodeJS.ProcessEnv = { ALIBABA_CLOUD_ACCESS_KEY_ID: "a", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "s", ALIBABA_CLOUD_REGION: "cn-shanghai" };
      assert.equal(resolveConfig(env).accessKeyId, "a");
      env.ALIBABA_CLOUD_ACCESS_KEY_ID = "rotated";
      assert.equal(resolveConfig(env).accessKeyId, "rotated");
    });

    it("takes the credentials as a set from one source, never a config id with an environment secret", () => {
      configure(source({ "alicloud-iot:accessKeyId": "cfgId", "alicloud-iot:region": "cn-shanghai" }));
      assert.throws(() => resolveConfig(FULL_ENV), { name: "ConfigError", code: "MissingConfiguration", missing: ["accessKeySecret"] });
    });

    it("never pairs an environment STS token with configured keys", () => {
      configure(source(CONFIGURED));
      assert.equal(resolveConfig(FULL_ENV).securityToken, undefined);
    });

    it("takes the region and endpoint per key, independently of the credentials", () => {
      configure(source({ "alicloud-iot:accessKeyId": "cfgId", "alicloud-iot:accessKeySecret": "cfgSecret" }));
      const cfg = resolveConfig({ ALICLOUD_REGION: "eu-central-1" });
      assert.deepEqual([cfg.region, cfg.endpoint], ["eu-central-1", "https://iot.eu-central-1.aliyuncs.com"]);
    });

    it("derives the endpoint https://iot.<region>.aliyuncs.com when none is set", () => {
      configure(source(CONFIGURED));
      assert.equal(resolveConfig({}).endpoint, "https://iot.cn-shanghai.aliyuncs.com");
    });

    it("normalises an explicit endpoint: https:// added, trailing slash dropped, http kept for the emulator", () => {
      for (const [given, expected] of [
        ["iot.cn-shanghai.aliyuncs.com", "https://iot.cn-shanghai.aliyuncs.com"],
        ["https://iot.cn-shanghai.aliyuncs.com/", "https://iot.cn-shanghai.aliyuncs.com"],
        ["http://127.0.0.1:8080", "http://127.0.0.1:8080"],
        ["http://proxy.local/iot/", "http://proxy.local/iot"],
      ]) {
        configure(source({ ...CONFIGURED, "alicloud-iot:endpoint": given }));
        assert.equal(resolveConfig({}).endpoint, expected, given);
      }
    });

    it("rejects an endpoint with a query, credentials or another scheme", () => {
      for (const bad of ["https://iot.example/?a=1", "https://user:pw@iot.example", "ftp://iot.example"]) {
        configure(source({ ...CONFIGURED, "alicloud-iot:endpoint": bad }));
        assert.throws(() => resolveConfig({}), {
          name: "ConfigError",
          code: "InvalidConfiguration",
          message: "Expected `alicloud-iot:endpoint` to be an http(s) URL without credentials, query or fragment",
        });
      }
    });

    it("rejects a region that is not a region id", () => {
      configure(source({ ...CONFIGURED, "alicloud-iot:region": "evil.com/x" }));
      assert.throws(() => resolveConfig({}), { code: "InvalidConfiguration", message: 'Expected `alicloud-iot:region` to be a region id such as cn-shanghai, got "evil.com/x"' });
    });

    it("passes iotInstanceId through from the config", () => {
      configure(source({ ...CONFIGURED, "alicloud-iot:iotInstanceId": "iot-060a0" }));
      assert.equal(resolveConfig({}).iotInstanceId, "iot-060a0");
    });

    it("parses qpsOverrides as a JSON object of positive integers", () => {
      configure(source({ ...CONFIGURED, "alicloud-iot:qpsOverrides": '{"BatchAddThingTopo":10,"DeleteDevice":500}' }));
      assert.deepEqual(resolveConfig({}).qpsOverrides, { BatchAddThingTopo: 10, DeleteDevice: 500 });
    });

    it("rejects malformed qpsOverrides with the expected form", () => {
      const expected = 'Expected `alicloud-iot:qpsOverrides` to be a JSON object of action names to positive integers, e.g. {"BatchAddThingTopo":10}';
      for (const [raw, message] of [
        ["{nope", `${expected}, got text that is not JSON`],
        ["[1]", expected],
        ['{"DeleteDevice":0}', `${expected}, got 0 for DeleteDevice`],
        ['{"DeleteDevice":"5"}', `${expected}, got "5" for DeleteDevice`],
      ]) {
        configure(source({ ...CONFIGURED, "alicloud-iot:qpsOverrides": raw }));
        assert.throws(() => resolveConfig({}), { name: "ConfigError", code: "InvalidConfiguration", message }, raw);
      }
    });

    it("treats empty and blank values as unset", () => {
      configure(source({ "alicloud-iot:accessKeyId": "", "alicloud-iot:accessKeySecret": "  " }));
      assert.equal(resolveConfig({ ...FULL_ENV, ALIBABA_CLOUD_REGION: "" }).region, "eu-central-1");
    });

    it("names every missing key and variable in one error", () => {
      let caught: unknown;
      try {
        resolveConfig(NOTHING);
      } catch (err) {
        caught = err;
      }
      assert.ok(caught instanceof ConfigError);
      assert.equal(caught.name, "ConfigError");
      assert.equal(caught.code, "MissingConfiguration");
      assert.deepEqual(caught.missing, ["accessKeyId", "accessKeySecret", "region"]);
      assert.equal(
        caught.message,
        [
          "Missing Alibaba Cloud IoT configuration: accessKeyId, accessKeySecret, region. Set each in Pulumi config or the environment:",
          "  - alicloud-iot:accessKeyId, or ALIBABA_CLOUD_ACCESS_KEY_ID or ALICLOUD_ACCESS_KEY",
          "  - alicloud-iot:accessKeySecret (pulumi config set --secret), or ALIBABA_CLOUD_ACCESS_KEY_SECRET or ALICLOUD_SECRET_KEY",
          "  - alicloud-iot:region, or ALIBABA_CLOUD_REGION or ALICLOUD_REGION",
          "AccessKeyId, AccessKeySecret and SecurityToken are read together from the first source that sets an AccessKeyId or AccessKeySecret: Pulumi config, then ALIBABA_CLOUD_*, then ALICLOUD_*.",
          "Without a pair: alicloud-iot:profile, the OIDC role (ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN, ALIBABA_CLOUD_OIDC_TOKEN_FILE), ~/.aliyun/config.json, ~/.alibabacloud/credentials, ALIBABA_CLOUD_ECS_METADATA, ALIBABA_CLOUD_CREDENTIALS_URI, then the ECS instance's RAM role (unless ALIBABA_CLOUD_ECS_METADATA_DISABLED=true).",
        ].join("\n"),
      );
    });

    it("names only what is missing", () => {
      assert.throws(() => resolveConfig({ ALIBABA_CLOUD_ACCESS_KEY_ID: "id", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "s" }), {
        missing: ["region"],
        message: /^Missing Alibaba Cloud IoT configuration: region\. /,
      });
    });

    it("forgets configured values after resetConfig", () => {
      configure(source(CONFIGURED));
      resetConfig();
      assert.throws(() => resolveConfig(NOTHING), ConfigError);
    });
  });
});
