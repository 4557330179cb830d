import assert from "node:assert/strict";
import { RpcClient } from "../../../provider/client/RpcClient";
import { registerDevices } from "../../../provider/deviceBatch/api/registerDevices";
import { DevicesNotFoundError, getDeviceSecrets } from "../../../provider/deviceBatch/getDeviceSecrets";
import { SlidingWindowLimiter } from "../../../provider/retry/SlidingWindowLimiter";
import { startEmulator, type EmulatorHandle } from "../../../emulator/index";

describe("getDeviceSecrets (against the emulator)", function () {
  this.timeout(60_000);
  let emu: EmulatorHandle;
  let client: RpcClient;
  let productKey: string;

  before(async () => {
    emu = await startEmulator({ checkDelayMs: 10, createDelayMs: 20 });
    client = new RpcClient(
      { endpoint: emu.endpoint, region: emu.regionId, accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret, qpsOverrides: {} },
      { limiter: new SlidingWindowLimiter() },
    );
    productKey = (await client.call<{ ProductKey: string }>("CreateProduct", { ProductName: "secrets_fn", NodeType: 0 })).ProductKey;
    const names = Array.from({ length: 150 }, (_, i) => ({ name: `sec-${String(i + 1).padStart(4, "0")}` }));
    await registerDevices(client, { productKey }, names, { chunkSize: 10_000, adoptExisting: false });
  });
  after(async () => {
    await emu?.close();
  });

  const cloud = (name: string): string => {
    const d = emu.devicesOf(productKey).find((x) => x.name === name);
    if (d) return d.secret;
    throw new Error(`no ${name}`);
  };

  it("returns the DeviceSecret of each name (duplicates once), 100 names a BatchQueryDeviceDetail call", async () => {
    const names = Array.from({ length: 150 }, (_, i) => `sec-${String(i + 1).padStart(4, "0")}`);
    const before = emu.stats().BatchQueryDeviceDetail?.calls ?? 0;
    const got = await getDeviceSecrets({ productKey, deviceNames: [...names, "sec-0001"] }, { client });
    assert.deepEqual(Object.keys(got), names);
    for (const n of names) assert.equal(got[n], cloud(n));
    assert.equal((emu.stats().BatchQueryDeviceDetail?.calls ?? 0) - before, 2);
  });

  it("names the devices that do not exist", async () => {
    await assert.rejects(getDeviceSecrets({ productKey, deviceNames: ["sec-0001", "nope-0001", "nope-0002"] }, { client }), (e: unknown) => {
      assert.ok(e instanceof DevicesNotFoundError);
      assert.deepEqual(e.missingDeviceNames, ["nope-0001", "nope-0002"]);
      assert.equal(e.message, `No device "nope-0001", "nope-0002" exists in product ${productKey} (BatchQueryDeviceDetail did not return it)`);
      assert.ok(!e.message.includes(cloud("sec-0001")));
      return true;
    });
  });

  it("refuses an empty name before calling", async () => {
    await assert.rejects(getDeviceSecrets({ productKey, deviceNames: [""] }, { client }), /Expected every `deviceNames` entry to be a non-empty string, got ""/);
  });
});
