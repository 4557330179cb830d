import assert from "node:assert/strict";
import {
  BASE_BYTES,
  BatchTooLargeError,
  batchSizeRule,
  maxDevicesPerBatch,
  PEAK_BYTES_PER_DEVICE,
  checkMemoryBudget,
  currentHeap,
  HEADROOM_BYTES,
  INPUT_BYTES_PER_DEVICE,
  OUTPUT_BYTES_PER_DEVICE,
} from "../../../provider/deviceBatch/memoryBudget";
import { withRegistrationLock } from "../../../provider/deviceBatch/registrationLock";

const MB = 2 ** 20;

describe("checkMemoryBudget (refuse before registering what cannot be returned)", () => {
  it("accepts a batch whose outputs fit in the heap left", () => {
    const v = checkMemoryBudget(100_000, { limitBytes: 4_096 * MB, usedBytes: 300 * MB });
    assert.equal(v.ok, true);
    assert.equal(v.neededBytes, 100_000 * OUTPUT_BYTES_PER_DEVICE);
    assert.equal(v.availableBytes, 4_096 * MB - 300 * MB - HEADROOM_BYTES);
    assert.equal(v.suggestedShards, 1);
  });

  it("refuses one that does not, and sizes shards that would each fit", () => {
    const devices = 60_000;
    const heap = { limitBytes: 128 * MB, usedBytes: 20 * MB + devices * INPUT_BYTES_PER_DEVICE };
    const v = checkMemoryBudget(devices, heap);
    assert.equal(v.ok, false);
    assert.ok(v.suggestedShards >= 2);
    // Each part, with its share of the request, fits the same heap.
    const part = Math.ceil(devices / v.suggestedShards);
    assert.equal(checkMemoryBudget(part, { limitBytes: heap.limitBytes, usedBytes: 20 * MB + part * INPUT_BYTES_PER_DEVICE }).ok, true);
    // One shard fewer would not.
    const bigger = Math.ceil(devices / (v.suggestedShards - 1));
    assert.equal(checkMemoryBudget(bigger, { limitBytes: heap.limitBytes, usedBytes: 20 * MB + bigger * INPUT_BYTES_PER_DEVICE }).ok, false);
  });

  it("names the devices, the figures, the way to shard and the heap flag in its error", () => {
    const heap = { limitBytes: 96 * MB, usedBytes: 60 * MB };
    const e = new BatchTooLargeError("a1Prod", 40_000, checkMemoryBudget(40_000, heap), heap);
    assert.equal(e.code, "DeviceBatch.TooLargeForProcess");
    assert.match(
      e.message,
      /^DeviceBatch of product a1Prod: 40,000 devices need about 77 MB of heap in the provider process to register and return them, but 20 MB is left \(limit 96 MB, in use 60 MB\)\. Nothing was registered\. Split the devices into at least \d+ batches \(DeviceFleet with shards: \d+, or shardDevices\), or give the provider more heap \(NODE_OPTIONS=--max-old-space-size=256 for `pulumi up`\)\.$/,
    );
  });

  it("reads the process's real heap, collecting garbage on request", () => {
    const h = currentHeap(true);
    assert.ok(h.limitBytes > h.usedBytes && h.usedBytes > 0);
  });
});

describe("maxDevicesPerBatch / batchSizeRule (check refuses at preview what the process cannot handle)", () => {
  it("allows about (heap - base) / 5 KB devices", () => {
    assert.equal(maxDevicesPerBatch(192 * MB), Math.floor((192 * MB - BASE_BYTES) / PEAK_BYTES_PER_DEVICE));
    assert.ok(maxDevicesPerBatch(4_144 * MB) > 800_000, "Node's default heap on a 16 GB+ machine holds 800,000 devices in one batch");
    assert.ok(maxDevicesPerBatch(240 * MB) < 50_000, "50,000 devices are refused under --max-old-space-size=192 (a 240 MB limit)");
    assert.equal(maxDevicesPerBatch(16 * MB), 0);
  });

  it("says nothing for a batch that fits, and for one that does not names the limit, the shards and the heap flag", () => {
    const max = maxDevicesPerBatch(240 * MB);
    assert.equal(batchSizeRule(max, 240 * MB), undefined);
    assert.equal(
      batchSizeRule(50_000, 240 * MB),
      `hold at most ${max.toLocaleString("en-US")} devices in one batch (the provider process has a 240 MB heap and a batch needs about 5 KB ` +
        "per device while it is checked, registered and returned): split the devices into at least 2 batches (DeviceFleet with shards: 2, " +
        "or shardDevices), or give the provider more heap (NODE_OPTIONS=--max-old-space-size=512 for `pulumi up`)",
    );
    assert.match(batchSizeRule(10, 16 * MB)!, /^hold at most 0 devices .*\): give the provider more heap/);
  });
});

describe("withRegistrationLock", () => {
  it("runs registrations one at a time in arrival order, and goes on after a failure", async () => {
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = withRegistrationLock(async () => {
      events.push("1 start");
      await gate;
      events.push("1 end");
      throw new Error("first failed");
    });
    const second = withRegistrationLock(async () => {
      events.push("2 start");
      return 2;
    });
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(events, ["1 start"]);
    release();
    await assert.rejects(first, /first failed/);
    assert.equal(await second, 2);
    assert.deepEqual(events, ["1 start", "1 end", "2 start"]);
  });
});
