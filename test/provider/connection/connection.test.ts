import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../../emulator/index";
import { RpcClient } from "../../../provider/client/RpcClient";
import { applyConnection } from "../../../provider/connection/applyConnection";
import { checkConnection } from "../../../provider/connection/Connection";
import { configure, resetConfig, resolveConfig } from "../../../provider/config";
import { withConnection } from "../../../provider/connection/connectionContext";
import type { RateLimiter } from "../../../provider/retry/RateLimiter";
import { resetCredentialsCache } from "../../../provider/credentials/credentialsProviderFor";
import { delegatingProvider } from "../../../provider/dynamic/delegatingProvider";
import * as edgeDriverProvider from "../../../provider/edgeDriver/edgeDriverProvider";
import { getEdgeDrivers } from "../../../provider/edgeDriver/getEdgeDrivers";
import { SlidingWindowLimiter } from "../../../provider/retry/SlidingWindowLimiter";
import { configureForEmulator } from "../../helpers/configureForEmulator";

describe("applyConnection (pure)", () => {
  const stack = { region: "cn-shanghai", endpoint: "http://127.0.0.1:1", accessKeyId: "AK", accessKeySecret: "SK", assumeRole: "{}" };
  const env = { ALIBABA_CLOUD_ACCESS_KEY_ID: "envAK", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "envSK", HOME: "/h" };
  const names = ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET"];

  it("leaves the stack's settings alone without a connection", () => {
    assert.deepEqual(applyConnection(stack, env, undefined, names), { stored: stack, env });
  });

  it("takes the region's public endpoint over the stack's endpoint, unless the connection names one", () => {
    assert.deepEqual(applyConnection(stack, env, { region: "ap-southeast-1" }, names).stored, { ...stack, region: "ap-southeast-1", endpoint: "https://iot.ap-southeast-1.aliyuncs.com" });
    assert.equal(applyConnection(stack, env, { region: "ap-southeast-1", endpoint: "http://127.0.0.1:2" }, names).stored.endpoint, "http://127.0.0.1:2");
  });

  it("replaces every credential of the stack and the environment with the profile", () => {
    const { stored, env: out } = applyConnection(stack, env, { profile: "sg" }, names);
    assert.deepEqual(stored, { region: "cn-shanghai", endpoint: "http://127.0.0.1:1", profile: "sg" });
    assert.deepEqual(out, { HOME: "/h" });
    assert.equal(env.ALIBABA_CLOUD_ACCESS_KEY_ID, "envAK", "the caller's environment was changed");
  });
});

/*
 * A resource's `connection` (region, CLI profile, endpoint): the delegating provider every resource
 * uses runs each operation with it, so one stack reaches several regions and accounts. Two emulators
 * stand for cn-shanghai (the stack's config) and ap-southeast-1 (a second account, by CLI profile).
 */
describe("per-resource connection (region, profile, endpoint)", () => {
  let shanghai: EmulatorHandle;
  let singapore: EmulatorHandle;
  let home: string;
  const savedHome = process.env.HOME;
  const shim = delegatingProvider(edgeDriverProvider);

  before(async () => {
    shanghai = await startEmulator({ region: "cn-shanghai" });
    singapore = await startEmulator({ region: "ap-southeast-1", credentials: [{ accessKeyId: "sg-key", accessKeySecret: "sg-secret", account: "sg" }] });
    configureForEmulator(shanghai);
    home = fs.mkdtempSync(path.join(os.tmpdir(), "alicloud-iot-conn-"));
    fs.mkdirSync(path.join(home, ".aliyun"));
    fs.writeFileSync(path.join(home, ".aliyun", "config.json"), JSON.stringify({ current: "x", profiles: [{ name: "sg", mode: "AK", access_key_id: "sg-key", access_key_secret: "sg-secret" }] }));
    process.env.HOME = home;
  });

  after(async () => {
    process.env.HOME = savedHome;
    resetConfig();
    resetCredentialsCache();
    fs.rmSync(home, { recursive: true, force: true });
    await shanghai?.close();
    await singapore?.close();
  });

  /** DriverIds an account sees in an emulator, through the API (QueryEdgeDriver, Type 1: custom drivers). */
  const driverIds = async (emu: EmulatorHandle, accessKeyId: string, accessKeySecret: string): Promise<string[]> => {
    const client = new RpcClient({ endpoint: emu.endpoint, region: emu.regionId, accessKeyId, accessKeySecret, qpsOverrides: {} }, { limiter: new SlidingWindowLimiter() });
    const page = await client.call<{ Data: { DriverList: { DriverId: string }[] } }>("QueryEdgeDriver", { Type: 1, CurrentPage: 1, PageSize: 30 });
    return page.Data.DriverList.map((d) => d.DriverId);
  };

  it("rejects a malformed connection at check time, naming the field", async () => {
    assert.deepEqual(checkConnection({ region: "Singapore", extra: 1 }).map((f) => f.property), ["connection.extra", "connection.region"]);
    const r = await shim.check!({}, { driverName: "Sg", driverProtocol: "modbus", runtime: "c", connection: { endpoint: "ftp://x" } } as never);
    assert.deepEqual(r.failures?.map((f) => f.property), ["connection.endpoint"]);
    assert.match(r.failures?.[0].reason ?? "", /^Expected `connection.endpoint` to be an http\(s\) URL/);
  });

  it("creates, reads and deletes through the resource's region, account (profile) and endpoint, and keeps the connection in the outputs", async () => {
    const connection = { region: "ap-southeast-1", profile: "sg", endpoint: singapore.endpoint };
    const checked = await shim.check!({}, { driverName: "SgDriver", driverProtocol: "modbus", runtime: "c", connection } as never);
    assert.equal(checked.failures, undefined, JSON.stringify(checked.failures));
    assert.deepEqual((checked.inputs as { connection?: unknown }).connection, connection);
    const created = (await shim.create!(checked.inputs as never)) as unknown as { id: string; outs: Record<string, unknown> };
    assert.deepEqual(created.outs.connection, connection);
    assert.deepEqual(await driverIds(singapore, "sg-key", "sg-secret"), [created.id], "not created in the profile's account");
    assert.deepEqual(await driverIds(singapore, singapore.accessKeyId, singapore.accessKeySecret), [], "created in the emulator's main account");
    assert.deepEqual(await driverIds(shanghai, shanghai.accessKeyId, shanghai.accessKeySecret), [], "created in the stack's region");

    const read = await shim.read!(created.id, created.outs as never);
    assert.equal(read.id, created.id);
    assert.deepEqual((read.props as unknown as Record<string, unknown>).connection, connection);

    const same = await shim.diff!(created.id, created.outs as never, checked.inputs as never);
    assert.equal(same.changes, false, JSON.stringify(same));
    const moved = await shim.diff!(created.id, created.outs as never, { ...(checked.inputs as object), connection: { region: "cn-shanghai" } } as never);
    assert.ok(moved.changes && moved.replaces?.includes("connection"), JSON.stringify(moved));

    // A lookup with the same connection finds it (the program-side client; it re-reads the stack config, which is empty here).
    const found = await getEdgeDrivers({ driverIds: [created.id] }, { connection });
    assert.deepEqual(found.drivers.map((d) => d.driverId), [created.id]);
    configureForEmulator(shanghai);

    await shim.delete!(created.id, created.outs as never);
    assert.deepEqual(await driverIds(singapore, "sg-key", "sg-secret"), []);
  });

  it("resolves the region, endpoint and credentials of a connection, the stack's config otherwise", () => {
    const stack = resolveConfig(process.env, undefined);
    assert.equal(stack.endpoint, shanghai.endpoint);
    assert.equal(stack.credentials?.identity, `ak:${shanghai.accessKeyId}`);
    const sg = resolveConfig(process.env, { region: "ap-southeast-1", profile: "sg" });
    assert.equal(sg.region, "ap-southeast-1");
    assert.equal(sg.endpoint, "https://iot.ap-southeast-1.aliyuncs.com");
    assert.match(sg.credentials?.identity ?? "", /^profile:.*config\.json:sg$/);
    assert.equal(sg.accessKeyId, undefined, "the stack's static pair leaked into a profile connection");
  });

  it("keys the limiter by the connection's principal, not by the stack's quotaAccount", async () => {
    configure({ get: (k) => ({ "alicloud-iot:region": "cn-shanghai", "alicloud-iot:accessKeyId": shanghai.accessKeyId, "alicloud-iot:accessKeySecret": shanghai.accessKeySecret, "alicloud-iot:quotaAccount": "stack-account" })[k] });
    try {
      const buckets: string[] = [];
      const limiter: RateLimiter = { acquire: async (bucket) => (buckets.push(bucket), { release: () => undefined }) };
      const call = (endpoint: string, accessKeyId: string, accessKeySecret: string) =>
        new RpcClient({ endpoint, region: "cn-shanghai", accessKeyId, accessKeySecret, qpsOverrides: {} }, { limiter }).call("QueryEdgeDriver", { Type: 1, CurrentPage: 1, PageSize: 1 });
      await call(shanghai.endpoint, shanghai.accessKeyId, shanghai.accessKeySecret);
      await call(shanghai.endpoint, "another-key-of-the-stack-account", "x").catch(() => undefined);
      await withConnection({ profile: "sg" }, () => call(singapore.endpoint, "sg-key", "sg-secret"));
      const [stackKey, sameAccountKey, profileKey] = buckets.map((b) => b.split(":")[0]);
      assert.equal(sameAccountKey, stackKey, "two keys of the stack's quotaAccount do not share a bucket");
      assert.notEqual(profileKey, stackKey, "another account's calls count against the stack's quotaAccount");
    } finally {
      configureForEmulator(shanghai);
    }
  });
});
