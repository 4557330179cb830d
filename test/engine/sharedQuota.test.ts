import assert from "node:assert/strict";
import Redis from "ioredis";
import type { Stack } from "@pulumi/pulumi/automation";
import { startRedis, type TestRedis } from "../helpers/redisServer";
import { OutputLog, storedState, useEmulator, writeProgram } from "./harness";

/*
 * Two stacks, one account, one Redis quota store, under the real engine: both `pulumi up` at once,
 * each DeviceBatch's provider process sharing the account's QueryPageByApplyId budget (lowered to 2
 * QPS on both sides so that 8 pages must queue). The Redis password is a secret setting in one stack
 * and part of a secret URL in the other; neither may appear in state or in the engine's output.
 */

const PASSWORD = "quota-store-pw-7f3a9c1e";
const QPS = { QueryPageByApplyId: 2 };
const TYPE_TOKEN = "alicloud-iot:quota:";

const program = `
const pulumi = require("@pulumi/pulumi");
const { DeviceBatch } = require("pulumi-alicloud-iot");
const cfg = new pulumi.Config();
const devices = Array.from({ length: 200 }, (_, i) => cfg.require("prefix") + "-" + String(i).padStart(4, "0"));
exports.deviceCount = new DeviceBatch("fleet", { productKey: cfg.require("productKey"), devices }).deviceCount;
`;

describe("shared quota store under the real engine", function () {
  this.timeout(10 * 60_000);
  let redis: TestRedis;

  before(async () => {
    redis = await startRedis({ password: PASSWORD });
  });
  after(async () => {
    await redis?.stop();
  });
  const cloud = useEmulator({
    qps: QPS,
    credentials: [
      { accessKeyId: "site-a-key", accessKeySecret: "site-a-secret" },
      { accessKeyId: "site-b-key", accessKeySecret: "site-b-secret" },
    ],
  });

  async function open(site: "a" | "b", store: Record<string, { value: string; secret?: boolean }>): Promise<Stack> {
    const name = `shared-quota-${site}`;
    const dir = writeProgram(name, { "index.js": program });
    return cloud.openStack(dir, `s-${Date.now().toString(36)}`, {
      "alicloud-iot:accessKeyId": { value: `site-${site}-key`, secret: true },
      "alicloud-iot:accessKeySecret": { value: `site-${site}-secret`, secret: true },
      "alicloud-iot:quotaAccount": { value: "one-account" },
      [`${name}:productKey`]: { value: await cloud.createProduct(`shared_quota_${site}`) },
      [`${name}:prefix`]: { value: `site-${site}` },
      ...store,
    });
  }

  it("two concurrent `pulumi up` share the account's budget through Redis: no throttled answer, the quota kept, no Redis password in state or output", async () => {
    const a = await open("a", {
      "alicloud-iot:quotaStore": { value: redis.url },
      "alicloud-iot:quotaStorePassword": { value: PASSWORD, secret: true },
    });
    const b = await open("b", { "alicloud-iot:quotaStore": { value: `redis://:${PASSWORD}@127.0.0.1:${redis.port}/0`, secret: true } });
    const logs = [new OutputLog(), new OutputLog()];
    try {
      const ups = await Promise.all([a.up({ onOutput: logs[0].sink() }), b.up({ onOutput: logs[1].sink() })]);
      ups.forEach((up, i) => {
        assert.equal(up.summary.result, "succeeded", logs[i].text());
        assert.equal(up.outputs.deviceCount.value, 200);
      });
      const s = cloud.emu.stats().QueryPageByApplyId;
      assert.equal(s.calls, 8);
      assert.equal(s.throttled, 0);
      assert.ok(s.maxCallsInAnyOneSecondWindow <= QPS.QueryPageByApplyId, JSON.stringify(s));

      const inspect = new Redis({ port: redis.port, host: "127.0.0.1", password: PASSWORD });
      try {
        assert.ok((await inspect.keys(`${TYPE_TOKEN}*QueryPageByApplyId*`)).length > 0, "the provider processes used the store");
      } finally {
        inspect.disconnect();
      }
      for (const [i, stack] of [a, b].entries()) {
        assert.doesNotMatch(storedState(stack), new RegExp(PASSWORD), `stack ${i}'s stored state`);
        assert.doesNotMatch(logs[i].text(), new RegExp(PASSWORD), `stack ${i}'s output`);
      }
    } finally {
      await Promise.all([a.destroy({ onOutput: logs[0].sink() }), b.destroy({ onOutput: logs[1].sink() })]);
    }
  });
});
