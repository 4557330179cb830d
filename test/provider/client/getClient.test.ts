import assert from "node:assert/strict";
import { getClient } from "../../../provider/client/getClient";
import { RpcClient } from "../../../provider/client/RpcClient";
import { configure, ConfigError, resetConfig } from "../../../provider/config";

const ENV = { ALIBABA_CLOUD_ACCESS_KEY_ID: "envId", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "envSecret", ALIBABA_CLOUD_REGION: "cn-shanghai" };

describe(getClient.name, () => {
  afterEach(resetConfig);

  it("builds a client from the configuration in force at call time", () => {
    assert.ok(getClient(ENV) instanceof RpcClient);
    assert.deepEqual(getClient(ENV).toJSON(), { endpoint: "https://iot.cn-shanghai.aliyuncs.com", region: "cn-shanghai" });
    configure({ get: (k) => ({ "alicloud-iot:region": "ap-southeast-1", "alicloud-iot:accessKeyId": "id", "alicloud-iot:accessKeySecret": "s" })[k] });
    assert.deepEqual(getClient(ENV).toJSON(), { endpoint: "https://iot.ap-southeast-1.aliyuncs.com", region: "ap-southeast-1" });
  });

  it("throws the ConfigError when nothing is configured", () => {
    assert.throws(() => getClient({}), ConfigError);
  });

  it("lets a provider that calls it be serialized without capturing the credentials", async function () {
    this.timeout(60_000);
    // Loaded lazily: @pulumi/pulumi is slow to load and only this test needs it.
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    configure({
      get: (k) =>
        ({ "alicloud-iot:region": "cn-shanghai", "alicloud-iot:accessKeyId": "AKIDShouldNotBeCaptured", "alicloud-iot:accessKeySecret": "SecretShouldNotBeCaptured" })[k],
    });
    const provider = {
      async create(inputs: Record<string, string>): Promise<{ id: string }> {
        const body = await getClient().call<{ DriverId: string }>("CreateEdgeDriver", inputs);
        return { id: body.DriverId };
      },
    };
    const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    assert.equal(serialized.containsSecrets, false);
    assert.ok(!serialized.text.includes("SecretShouldNotBeCaptured"));
    assert.ok(!serialized.text.includes("AKIDShouldNotBeCaptured"));
    assert.ok(!serialized.text.includes("global.Symbol.prototype"), "no Symbol-keyed state that would not survive serialization");
  });
});
