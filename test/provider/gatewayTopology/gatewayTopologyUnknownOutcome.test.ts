import assert from "node:assert/strict";
import { getClient } from "../../../provider/client/getClient";
import { RpcClient } from "../../../provider/client/RpcClient";
import { resetConfig } from "../../../provider/config";
import { attachSubDevices } from "../../../provider/gatewayTopology/api/attachSubDevices";
import type { GatewayTopologyInputs, GatewayTopologyOutputs } from "../../../provider/gatewayTopology/gatewayTopologyTypes";
import type { PartialFailure } from "../../../provider/dynamic/partialFailure";
import { registerDevices } from "../../../provider/deviceBatch/api/registerDevices";
import * as provider from "../../../provider/gatewayTopology/gatewayTopologyProvider";
import { SlidingWindowLimiter } from "../../../provider/retry/SlidingWindowLimiter";
import { startEmulator, type EmulatorHandle } from "../../../emulator/index";
import { captureConsole } from "../../helpers/captureConsole";
import { configureForEmulator } from "../../helpers/configureForEmulator";

/*
 * GatewayTopology when a BatchAddThingTopo answer is lost: the chunk may be attached, so it is
 * recorded as pending in the partial state and settled with GetThingTopo by the next update,
 * refresh or delete. Emulator fault injection over real HTTP: `afterEffect` (the call runs, its
 * answer is replaced by an error), a latency longer than the client's timeout, and a 500 that did
 * not run.
 */

const PROVIDER = 'require("pulumi-alicloud-iot/dist/provider/resources/gatewayTopologyProvider.js")';
const sub = (i: number): string => `sub-${String(i).padStart(4, "0")}`;

describe("GatewayTopology: unknown-outcome chunks (against the emulator)", function () {
  this.timeout(60_000);
  let emu: EmulatorHandle;
  let gwProduct: string;
  let subProduct: string;
  let gwSeq = 0;
  let gateway: { productKey: string; deviceName: string };
  captureConsole(["log", "error"]);

  before(async () => {
    emu = await startEmulator({ checkDelayMs: 10, createDelayMs: 20 });
    configureForEmulator(emu);
    const client = getClient();
    gwProduct = (await client.call<{ ProductKey: string }>("CreateProduct", { ProductName: "gw_unknown", NodeType: 1 })).ProductKey;
    subProduct = (await client.call<{ ProductKey: string }>("CreateProduct", { ProductName: "sub_unknown", NodeType: 0 })).ProductKey;
    const gws = Array.from({ length: 6 }, (_, i) => ({ name: `gw-${String(i + 1).padStart(4, "0")}` }));
    await registerDevices(client, { productKey: gwProduct }, gws, { chunkSize: 10_000, adoptExisting: false });
    await registerDevices(client, { productKey: subProduct }, Array.from({ length: 30 }, (_, i) => ({ name: sub(i + 1) })), { chunkSize: 10_000, adoptExisting: false });
  });

  after(async () => {
    resetConfig();
    await emu?.close();
  });

  beforeEach(() => {
    emu.clearFaults();
    gateway = { productKey: gwProduct, deviceName: `gw-${String(++gwSeq).padStart(4, "0")}` };
  });

  const keys = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `${subProduct}/${sub(from + i)}`);
  async function inputs(subDevices: string[]): Promise<GatewayTopologyInputs> {
    const checked = await provider.check({} as GatewayTopologyInputs, { gateway, subDevices } as never);
    assert.equal(checked.failures, undefined, JSON.stringify(checked.failures));
    return { ...(checked.inputs as GatewayTopologyInputs), __provider: PROVIDER } as GatewayTopologyInputs;
  }
  /** Keys of the sub-devices the emulator has on the gateway, sorted. */
  function remote(): string[] {
    const out: string[] = [];
    for (const gw of emu.devicesOf(gateway.productKey)) if (gw.name === gateway.deviceName) for (const s of gw.subs ?? []) out.push(`${s.product.productKey}/${s.name}`);
    return out.sort();
  }
  const createFails = async (raw: GatewayTopologyInputs): Promise<PartialFailure> =>
    (await provider.create(raw).then(
      () => assert.fail("create succeeded"),
      (e: unknown) => e,
    )) as PartialFailure;

  it("a lost answer then an error: the attached chunk is recorded as pending, and the next update settles it as attached", async () => {
    // Chunk 2 runs but its answer is lost (HTTP 500 after the effect); the retry then gets a business error.
    emu.addFault({ action: "BatchAddThingTopo", afterCalls: 1, count: 1, code: "InternalError", httpStatus: 500, afterEffect: true });
    emu.addFault({ action: "BatchAddThingTopo", afterCalls: 2, count: 1, code: "iot.system.SystemException", httpStatus: 200 });
    const raw = await inputs(keys(1, 25));
    const err = await createFails(raw);
    assert.deepEqual(remote(), keys(1, 20), "chunks 1 and 2 are attached in the cloud");
    const partial = err.properties as unknown as GatewayTopologyOutputs;
    assert.deepEqual(Object.keys(partial.subDevices).sort(), keys(1, 10));
    assert.deepEqual([...(partial.pendingSubDevices ?? [])].sort(), keys(11, 20), "the unknown chunk is pending, not forgotten");
    assert.match(
      err.message,
      /^Attached 10 of 25 sub-devices \(1 BatchAddThingTopo calls\) before a call failed; the outcome of that call is unknown, so its 10 sub-devices are recorded as pending and the next update, refresh or destroy settles them with GetThingTopo: .*SystemException/,
    );
    assert.equal(err.reasons[0], err.message, "the engine prints the reasons: the context comes first");

    // The next up: diff sees the pending chunk, update settles it with GetThingTopo and attaches the rest.
    assert.deepEqual(await provider.diff(err.id, partial, raw), { changes: true });
    const adds = emu.stats().BatchAddThingTopo?.calls ?? 0;
    const { outs } = await provider.update(err.id, partial, raw);
    const o = outs as GatewayTopologyOutputs;
    assert.deepEqual(Object.keys(o.subDevices).sort(), keys(1, 25));
    assert.equal(o.pendingSubDevices, undefined);
    assert.equal((emu.stats().BatchAddThingTopo?.calls ?? 0) - adds, 1, "only the 5 never attached are sent (one call)");
    assert.deepEqual(remote(), keys(1, 25));
  });

  it("a 500 that did not run: pending, then settled as not attached by refresh; destroy detaches pending ones still on the gateway", async () => {
    emu.addFault({ action: "BatchAddThingTopo", afterCalls: 1, count: 1, code: "InternalError", httpStatus: 500 });
    emu.addFault({ action: "BatchAddThingTopo", afterCalls: 2, count: 1, code: "iot.system.SystemException", httpStatus: 200 });
    const err = await createFails(await inputs(keys(1, 15)));
    const partial = err.properties as unknown as GatewayTopologyOutputs;
    assert.deepEqual([...(partial.pendingSubDevices ?? [])].sort(), keys(11, 15));
    assert.deepEqual(remote(), keys(1, 10));

    const read = await provider.read(err.id, partial);
    const refreshed = read.props as GatewayTopologyOutputs;
    assert.deepEqual(Object.keys(refreshed.subDevices).sort(), keys(1, 10));
    assert.equal(refreshed.pendingSubDevices, undefined, "refresh settles pending sub-devices");

    // delete of a state with a pending key that IS attached (attached out of band here) detaches it too.
    await attachSubDevices(getClient(), [keys(11, 11)[0]], { gateway, signMethod: "hmacSha256" });
    await provider.delete(err.id, partial);
    assert.deepEqual(remote(), []);
  });

  it("a client timeout (the server acts after the client gave up) reports the chunk as unsure", async () => {
    const client = new RpcClient(
      { endpoint: emu.endpoint, region: emu.regionId, accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret, qpsOverrides: {} },
      { limiter: new SlidingWindowLimiter(), timeoutMs: 300 },
    );
    emu.addFault({ action: "BatchAddThingTopo", afterCalls: 1, count: 1, latencyMs: 600 });
    emu.addFault({ action: "BatchAddThingTopo", afterCalls: 2, count: 1, code: "iot.system.SystemException", httpStatus: 200 });
    const outcome = await attachSubDevices(client, keys(1, 20), { gateway, signMethod: "hmacSha256" });
    assert.ok(outcome.error, "the chunk failed at the client");
    assert.deepEqual(outcome.attached.map((a) => a.key), keys(1, 10));
    assert.deepEqual(outcome.unsure, keys(11, 20));
    // The server ran the timed-out call after the client had given up.
    for (let i = 0; i < 50 && remote().length < 20; i++) await new Promise((r) => setTimeout(r, 50));
    assert.deepEqual(remote(), keys(1, 20));
  });

  it("a business error on the first attempt proves the chunk attached nothing: no pending keys", async () => {
    emu.addFault({ action: "BatchAddThingTopo", afterCalls: 1, count: 1, code: "iot.system.SystemException", httpStatus: 200 });
    const err = await createFails(await inputs(keys(1, 15)));
    const partial = err.properties as unknown as GatewayTopologyOutputs;
    assert.equal(partial.pendingSubDevices, undefined);
    assert.match(err.message, /that call attached none of its items/);
    assert.deepEqual(remote(), keys(1, 10));
  });
});
